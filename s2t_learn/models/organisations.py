from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles nest: each role can do everything the roles below it can."""

    LEARNER = "learner", _("Learner")
    ASSESSMENT_LEAD = "assessment_lead", _("Assessment lead")
    ORG_ADMIN = "org_admin", _("Organisation admin")


ROLE_RANK = {Role.LEARNER: 1, Role.ASSESSMENT_LEAD: 2, Role.ORG_ADMIN: 3}


def role_at_least(role, minimum):
    return ROLE_RANK[Role(role)] >= ROLE_RANK[Role(minimum)]


class Organisation(models.Model):
    name = models.CharField(
        _("name"),
        max_length=200,
        error_messages={
            "blank": _("Enter the organisation's name."),
            "max_length": _("The name must be %(limit_value)s characters or fewer."),
        },
    )
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    is_approved = models.BooleanField(_("approved"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    require_mfa_for_admins = models.BooleanField(
        _("require two-step sign-in for admins"),
        default=False,
        help_text=_(
            "Admins must set up two-step sign-in (a code from an authenticator app) before they can use "
            "the organisation's admin and lead pages."
        ),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Team(models.Model):
    """A team or service within an organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(
        _("name"),
        max_length=200,
        error_messages={
            "blank": _("Enter the team's name."),
            "max_length": _("The team's name must be %(limit_value)s characters or fewer."),
        },
    )

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="unique_team_name")]

    def __str__(self):
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.LEARNER)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")]

    def __str__(self):
        return f"{self.user} in {self.organisation} ({self.role})"

    def has_role(self, minimum):
        return role_at_least(self.role, minimum)


class TokenStatus(models.TextChoices):
    VALID = "valid", _("valid")
    EXPIRED = "expired", _("expired")
    REVOKED = "revoked", _("revoked")
    USED = "used", _("already used")


class Invitation(models.Model):
    """A single-use invitation sent to one email address. Only a hash of its token is stored."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    # The rules for what an admin types and chooses (and their messages) are here: create_invitation runs
    # full_clean on the new invitation.
    email = models.EmailField(
        _("email address"),
        error_messages={
            "blank": _("Enter an email address like name@example.org."),
            "invalid": _("Enter an email address like name@example.org."),
            "max_length": _("Enter an email address of %(limit_value)s characters or fewer."),
        },
    )
    role = models.CharField(
        _("role"),
        max_length=32,
        choices=Role.choices,
        default=Role.LEARNER,
        error_messages={
            "blank": _("Choose a role: learner, assessment lead or organisation admin."),
            "invalid_choice": _("Choose a role: learner, assessment lead or organisation admin."),
        },
    )
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation to {self.organisation} for {self.email}"

    def status(self, now=None):
        now = now or timezone.now()
        if self.revoked_at:
            return TokenStatus.REVOKED
        if self.accepted_at:
            return TokenStatus.USED
        if self.expires_at <= now:
            return TokenStatus.EXPIRED
        return TokenStatus.VALID


class JoinLink(models.Model):
    """A reusable link that anyone holding it can use to join, until it expires or is revoked.

    Its token is kept so that admins can copy the link again; revoking it ends it at once.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="join_links")
    token = models.CharField(max_length=64, unique=True)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.LEARNER)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    use_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Join link for {self.organisation}"

    def status(self, now=None):
        now = now or timezone.now()
        if self.revoked_at:
            return TokenStatus.REVOKED
        if self.expires_at <= now:
            return TokenStatus.EXPIRED
        return TokenStatus.VALID
