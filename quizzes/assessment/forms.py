from django import forms
from django.utils.translation import gettext_lazy as _

from ..continuum import FLAG_CHOICES, GATE_CHOICES, NOT_APPLICABLE_CHOICE, Kind
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

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", _("The whole organisation"))] + [(str(t.pk), t.name) for t in teams]


class InviteMembersForm(forms.Form):
    members = forms.MultipleChoiceField(
        label=_("Members to invite"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = [(str(m.user_id), m.user.display_name) for m in members]


class InviteEmailForm(forms.Form):
    email = forms.EmailField(label=_("Or invite someone by email"))


def answer_choices(kind, applicability=False):
    """ "Not applicable" is offered only on statements for some settings, in a round open to all."""
    choices = FLAG_CHOICES if kind == Kind.DESTRUCTIVE else GATE_CHOICES
    return [*choices, NOT_APPLICABLE_CHOICE] if applicability else choices


class ModerateForm(forms.Form):
    value = forms.ChoiceField(label=_("Agreed answer"))
    reason = forms.CharField(
        label=_("Why the group agreed this"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args, kind=Kind.GATE, applicability=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].choices = answer_choices(kind, applicability)
