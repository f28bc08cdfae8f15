from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ..continuum_levels import ContinuumLevel
from ..models import ActionItem
from .models import NO_FAMILY_DETAILS
from .targets import services as target_services


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class AssignLearningForm(forms.Form):
    audience = forms.ChoiceField(label=_("Who should do this learning?"), required=False)
    due_date = forms.DateField(
        label=_("Due by"), widget=DateInput(), help_text=_("For example 2027-03-31. Reminders go out once it is past.")
    )

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = [("", _("The whole organisation"))] + [(str(t.pk), t.name) for t in teams]

    def service_kwargs(self):
        audience = self.cleaned_data["audience"]
        return {"team_id": int(audience) if audience else None, "due_date": self.cleaned_data["due_date"]}


class ActionItemForm(forms.Form):
    """The fields of an action item. Their rules and messages are the model's (ActionItem), checked by the
    plan's service in `clean`; the form adds only the HTML limits a browser shows while typing."""

    outcome = forms.CharField(
        label=_("Outcome: how you will know it worked"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=format_lazy(
            "{} {}",
            _(
                "The change you will see in practice, records or supervision. A referral or a training course "
                "is not an outcome: changed practice is."
            ),
            NO_FAMILY_DETAILS,
        ),
    )
    action = forms.CharField(
        label=_("Action: what will be done"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=NO_FAMILY_DETAILS,
    )
    lead_person = forms.CharField(
        label=_("Lead person"),
        required=False,
        help_text=_("A name or a role, for example 'Team manager, family support'. They do not need an account."),
    )
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DateInput())
    status = forms.ChoiceField(
        label=_("Status"), choices=ActionItem.Status.choices, initial=ActionItem.Status.NOT_STARTED, required=False
    )
    progress_note = forms.CharField(
        label=_("Progress note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=format_lazy("{} {}", _("What has happened so far."), NO_FAMILY_DETAILS),
    )
    domain_key = forms.ChoiceField(label=_("Area it belongs to"), required=False)

    def __init__(self, *args, domains=(), membership=None, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership, self.instance = membership, instance
        self.fields["domain_key"].choices = [("", _("No particular area"))] + [(d["key"], d["title"]) for d in domains]
        for name in ("outcome", "action", "lead_person", "progress_note"):
            model_field = ActionItem._meta.get_field(name)
            self.fields[name].widget.attrs["maxlength"] = str(model_field.max_length)
            if not model_field.blank:  # the model's own message for a field left empty
                self.fields[name].error_messages["required"] = model_field.error_messages["blank"]

    def clean(self):
        """Run the service's own checks too, so every problem shows at once (the rules live there)."""
        cleaned = super().clean()
        parsed = {name: value for name, value in cleaned.items() if name not in self.errors}
        try:
            target_services.validate_action_item(parsed, membership=self.membership, instance=self.instance)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                if name in self.fields and name not in self.errors:
                    self.add_error(name, messages)
        return cleaned


TARGET_CHOICES = [("", _("No target"))] + [
    (str(int(level)), level.label) for level in ContinuumLevel if level > ContinuumLevel.DESTRUCTIVE
]


class TargetsForm(forms.Form):
    """One choice per area; the field name is the area's key."""

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        for row in rows:
            now = row.current.display if row.current else _("not assessed yet")
            self.fields[row.key] = forms.ChoiceField(
                label=row.title,
                choices=TARGET_CHOICES,
                required=False,
                initial=str(row.target) if row.target else "",
                help_text=_("Now: %(now)s") % {"now": now},
            )


class ReassessForm(forms.Form):
    title = forms.CharField(
        label=_("Name of the new round"),
        max_length=200,
        help_text=_("For example: Spring 2028 self-assessment"),
        error_messages={"required": _("Give the round a name, for example 'Spring 2028 self-assessment'.")},
    )
    framework = forms.ChoiceField(
        label=_("Which statements?"),
        widget=forms.RadioSelect,
        initial="same",
        choices=[
            ("same", _("The same statements as last time, so the results compare like with like")),
            ("current", _("The current version of the framework (the changes are listed below)")),
        ],
    )
    invite_previous = forms.BooleanField(
        label=_("Invite the colleagues who answered last time"), required=False, initial=True
    )
