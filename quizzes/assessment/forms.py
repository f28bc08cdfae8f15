from django import forms
from django.utils.translation import gettext_lazy as _

from ..continuum_levels import FLAG_CHOICES, GATE_CHOICES, NOT_APPLICABLE_CHOICE, Kind
from .settings import SETTING_CHOICES


class OpenRoundForm(forms.Form):
    title = forms.CharField(
        label=_("Name of this round"), max_length=200, help_text=_("For example: Spring 2027 self-assessment")
    )
    team = forms.ChoiceField(label=_("Who is it for?"), required=False)
    is_anonymous = forms.TypedChoiceField(
        label=_("Anonymous or named?"),
        choices=[
            ("1", _("Anonymous: nobody sees anyone's individual answers")),
            ("0", _("Named: leads see each person's answers")),
        ],
        coerce=lambda v: v == "1",
        initial="1",
        widget=forms.RadioSelect,
    )
    share_summary = forms.BooleanField(label=_("Show respondents the summary after the round closes"), required=False)
    setting = forms.ChoiceField(
        label=_("Which setting is this round for?"),
        required=False,
        choices=SETTING_CHOICES,
        help_text=_(
            "A round for one setting shows only the statements that apply to it, in its own words. "
            "The areas and levels stay the same, so results can still be compared."
        ),
    )
    closes_on = forms.DateField(
        label=_("Close date (optional)"),
        required=False,
        help_text=_(
            "The last day for answers, for example 2027-03-31. People who have not sent are reminded two days before."
        ),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    close_on_date = forms.BooleanField(label=_("Close the round automatically on that date"), required=False)

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", _("The whole organisation"))] + [(str(t.pk), t.name) for t in teams]


class InviteMembersForm(forms.Form):
    """Tick members, or choose everyone not yet invited, or a whole team. Works without JavaScript."""

    members = forms.MultipleChoiceField(
        label=_("Members to invite"), widget=forms.CheckboxSelectMultiple, required=False
    )
    everyone = forms.BooleanField(label=_("Select all members not yet invited"), required=False)
    team = forms.ChoiceField(label=_("Or select a team"), required=False)

    def __init__(self, *args, members=(), teams=(), invited=(), **kwargs):
        super().__init__(*args, **kwargs)
        invited = set(invited)
        self.available = [m for m in members if m.user_id not in invited]
        self.fields["members"].choices = [(str(m.user_id), m.user.display_name) for m in self.available]
        self.team_members = {}
        for m in self.available:
            if m.team_id:
                self.team_members.setdefault(str(m.team_id), []).append(m.user_id)
        self.fields["team"].choices = [("", _("No team chosen"))] + [(str(t.pk), t.name) for t in teams]
        if not teams:
            del self.fields["team"]

    def clean(self):
        data = super().clean()
        chosen = {int(pk) for pk in data.get("members") or []}
        if data.get("everyone"):
            chosen |= {m.user_id for m in self.available}
        if data.get("team"):
            chosen |= set(self.team_members.get(data["team"], []))
        if not chosen:
            raise forms.ValidationError(_("Choose at least one member."))
        data["user_ids"] = sorted(chosen)
        return data


class CloseDateForm(forms.Form):
    closes_on = forms.DateField(label=_("Close date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    close_on_date = forms.BooleanField(label=_("Close the round automatically on that date"), required=False)


class InviteEmailForm(forms.Form):
    email = forms.EmailField(label=_("Or invite someone by email"))


class RoundJoinLinkForm(forms.Form):
    join_link = forms.ChoiceField(label=_("Offer non-members this join link"), required=False)

    def __init__(self, *args, links=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["join_link"].choices = [("", _("None: refuse anyone who is not a member"))] + [
            (str(link.pk), _("Join link made %(date)s") % {"date": link.created_at.strftime("%d %b %Y")})
            for link in links
        ]


def answer_choices(kind, applicability=False):
    """ "Not applicable" is offered only on statements for some settings, in a round open to all."""
    choices = FLAG_CHOICES if kind == Kind.DESTRUCTIVE else GATE_CHOICES
    return [*choices, NOT_APPLICABLE_CHOICE] if applicability else choices


class ModerateForm(forms.Form):
    value = forms.ChoiceField(label=_("Agreed answer"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Why the group agreed this"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Do not enter names or details that could identify a child, a family or anyone you work with."),
    )

    def __init__(self, *args, kind=Kind.GATE, applicability=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].choices = answer_choices(kind, applicability)
