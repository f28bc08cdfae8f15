from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, Invitation, Organisation, Role, Sector, Team, TokenScope
from .models.organisations import TokenStatus


def model_text_field(model, name, form_class=forms.CharField, **kwargs):
    """A form field with the model field's rules and messages (required, length, and for an email its
    form): they are defined once, on the model, and the service's full_clean checks them again."""
    field = model._meta.get_field(name)
    messages = {"required": field.error_messages["blank"], "max_length": field.error_messages["max_length"]}
    if "invalid" in field.error_messages:
        messages["invalid"] = field.error_messages["invalid"]
    return form_class(max_length=field.max_length, error_messages=messages, **kwargs)


class SignupDetailsForm(forms.Form):
    """Extra sign-up fields: allauth calls `signup` once the account exists."""

    full_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("Shown on your certificates. You can change it later."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    sector = forms.ChoiceField(
        label=_("Where do you work?"),
        choices=[("", _("Choose your sector"))] + list(Sector.choices),
        help_text=_("We suggest the learning pathway that fits your setting."),
    )

    def signup(self, request, user):
        user.full_name = self.cleaned_data["full_name"].strip()
        user.sector = self.cleaned_data["sector"]
        user.save(update_fields=["full_name", "sector"])


class ProfileForm(forms.Form):
    full_name = forms.CharField(
        label=_("Your name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    sector = forms.ChoiceField(label=_("Where do you work?"), choices=Sector.choices)


class OrganisationForm(forms.Form):
    name = model_text_field(
        Organisation,
        "name",
        label=_("Organisation name"),
        help_text=_("For example: Northtown Children and Families Service, or Hillside Primary School."),
    )


class OrganisationSettingsForm(forms.Form):
    require_mfa_for_admins = forms.BooleanField(
        label=_("Require two-step sign-in for admins"),
        required=False,
        help_text=_(
            "Admins, you included, then sign in with a code from an authenticator app as well as their "
            "password before they can use the admin and lead pages. Set it up for yourself first."
        ),
    )


class TeamForm(forms.Form):
    name = model_text_field(Team, "name", label=_("Team or service name"))


def team_choices(teams):
    return [("", _("No team"))] + [(str(team.pk), team.name) for team in teams]


class InvitationForm(forms.Form):
    email = model_text_field(Invitation, "email", forms.EmailField, label=_("Their email address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.LEARNER)
    team = forms.ChoiceField(label=_("Team"), required=False)

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = team_choices(teams)


class JoinLinkForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role for people who join"),
        choices=[(Role.LEARNER, Role.LEARNER.label), (Role.ASSESSMENT_LEAD, Role.ASSESSMENT_LEAD.label)],
    )
    team = forms.ChoiceField(label=_("Team"), required=False)
    valid_days = forms.IntegerField(label=_("Days the link works for"), min_value=1, max_value=365, initial=30)

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = team_choices(teams)


class MembershipForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    team = forms.ChoiceField(label=_("Team"), required=False)

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = team_choices(teams)


class MemberFilterForm(forms.Form):
    """Narrow the members list: a GET form, so a filtered page can be bookmarked."""

    q = forms.CharField(label=_("Name or email contains"), required=False, max_length=100)
    team = forms.TypedChoiceField(label=_("Team"), required=False, coerce=int, empty_value=None)
    role = forms.ChoiceField(label=_("Role"), required=False)

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", _("Any team"))] + [(team.pk, team.name) for team in teams]
        self.fields["role"].choices = [("", _("Any role"))] + list(Role.choices)


class InvitationFilterForm(forms.Form):
    """Narrow the invitations list (a GET form, like the members list)."""

    q = forms.CharField(label=_("Email contains"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any status"))] + list(TokenStatus.choices)


class ApiTokenForm(forms.Form):
    name = model_text_field(ApiToken, "name", label=_("Token name"), help_text=_("For example: reporting script"))
    scope = forms.ChoiceField(label=_("What it may do"), choices=TokenScope.choices, initial=TokenScope.READ)
    valid_days = forms.TypedChoiceField(
        label=_("How long it lasts"),
        coerce=int,
        initial=90,
        required=False,
        empty_value=90,
        choices=[(30, _("30 days")), (90, _("90 days")), (180, _("180 days")), (365, _("365 days"))],
        help_text=_("After this the token stops working and you can create a new one."),
    )


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I understand that this deletes my account, my learning record and my certificates, and cannot be undone."
        ),
        error_messages={"required": _("Tick the box to confirm.")},
    )
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To be sure it is you."),
    )
