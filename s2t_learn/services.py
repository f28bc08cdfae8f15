"""Writes for accounts and organisations. Views and API endpoints both call these."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import rules, selectors
from .errors import NotFound
from .models import Invitation, JoinLink, Membership, Organisation, Role, Team
from .models.organisations import TokenStatus
from .queueing import enqueue
from .tokens import hash_token, new_token

if TYPE_CHECKING:
    from .models import ApiToken, User


class TokenProblem(Exception):
    """An invitation or join link that cannot be used; `status` says why."""

    def __init__(self, status: str) -> None:
        super().__init__(status)
        self.status = status


def unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


@transaction.atomic
def create_organisation(user: User, name: str | None) -> Organisation:
    name = (name or "").strip()
    # The name's own rules (required, length) are the model's; the slug is made below from a valid name.
    Organisation(name=name).full_clean(exclude=["slug", "created_by"])
    if Organisation.objects.filter(name__iexact=name).exists():
        raise ValidationError(
            {
                "name": _(
                    "An organisation with this name already exists. Ask its admin to invite you, or add a place name."
                )
            }
        )
    organisation = Organisation.objects.create(
        name=name,
        slug=unique_slug(name),
        created_by=user,
        is_approved=not settings.ORGANISATIONS_REQUIRE_APPROVAL,
    )
    Membership.objects.create(user=user, organisation=organisation, role=Role.ORG_ADMIN)
    return organisation


def _team_in(organisation: Organisation, team_id: int | str | None) -> Team | None:
    if team_id in (None, ""):
        return None
    team = Team.objects.filter(organisation=organisation, pk=team_id).first()
    if team is None:
        raise ValidationError({"team": _("Choose one of this organisation's teams.")})
    return team


def _check_role(role: str) -> str:
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role: learner, assessment lead or organisation admin.")})
    return role


def _require(membership: Membership, minimum_role: str) -> Membership:
    from .access import require_role

    return require_role(membership, minimum_role)


def create_team(name: str | None, *, membership: Membership) -> Team:
    _require(membership, Role.ORG_ADMIN)
    team = Team(organisation=membership.organisation, name=(name or "").strip())
    # The model's rules for the name (required, length); one team of a name, in any case, is checked below.
    team.full_clean(validate_constraints=False)
    if Team.objects.filter(organisation=membership.organisation, name__iexact=team.name).exists():
        raise ValidationError({"name": _("This organisation already has a team with that name.")})
    try:
        with transaction.atomic():
            team.save()
    except IntegrityError as exc:
        raise ValidationError({"name": _("This organisation already has a team with that name.")}) from exc
    team.member_count = 0  # type: ignore[attr-defined]  # as organisation_teams annotates: none yet
    return team


def delete_team(team_id: int, *, membership: Membership) -> None:
    team = selectors.organisation_team(team_id, membership=membership)
    team.delete()


def change_membership(
    membership_id: int,
    *,
    membership: Membership,
    role: str | None = None,
    team_id: int | str | None = None,
    team_given: bool = False,
) -> Membership:
    target = selectors.organisation_member(membership_id, membership=membership)
    if role is not None:
        _check_role(role)
        if (
            target.role == Role.ORG_ADMIN
            and role != Role.ORG_ADMIN
            and selectors._admin_count(target.organisation) == 1
        ):
            raise ValidationError(
                {"role": _("An organisation needs at least one admin. Make someone else an admin first.")}
            )
        target.role = role
    if team_given:
        target.team = _team_in(target.organisation, team_id)
    target.save()
    return target


def remove_member(membership_id: int, *, membership: Membership) -> None:
    target = selectors.organisation_member(membership_id, membership=membership)
    _ensure_not_last_admin(target)
    target.delete()


def leave_organisation(*, membership: Membership) -> None:
    """The member leaves. Their own learning record stays theirs; the organisation stops seeing it."""
    _ensure_not_last_admin(membership)
    membership.delete()


def _ensure_not_last_admin(membership: Membership) -> None:
    if membership.role == Role.ORG_ADMIN and selectors._admin_count(membership.organisation) == 1:
        raise ValidationError(_("An organisation needs at least one admin. Make someone else an admin first."))


def create_invitation(
    email: str | None, role: str = Role.LEARNER, team_id: int | str | None = None, *, membership: Membership
) -> Invitation:
    from .tasks import send_invitation_email

    _require(membership, Role.ORG_ADMIN)
    actor = membership.user
    organisation = membership.organisation
    invitation = Invitation(
        organisation=organisation,
        email=(email or "").strip().lower(),
        role=role or "",
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    # The email and the role by the model's rules, both at once; the relations are the service's own.
    invitation.full_clean(exclude=["organisation", "team", "invited_by", "accepted_by"], validate_constraints=False)
    invitation.team = _team_in(organisation, team_id)
    if Membership.objects.filter(organisation=organisation, user__email__iexact=invitation.email).exists():
        raise ValidationError({"email": _("This person is already a member.")})
    invitation.save()
    # The row is the outbox: if the broker is down, sweep_invitation_emails sends it later.
    enqueue(send_invitation_email, invitation.pk)
    return invitation


def issue_invitation_token(invitation: Invitation) -> str:
    """Make the invitation's secret. Called by the email task, so the token never leaves it."""
    token = new_token()
    invitation.token_hash = hash_token(token)
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["token_hash", "sent_at"])
    return token


def revoke_invitation(invitation_id: int, *, membership: Membership) -> Invitation:
    invitation = selectors.organisation_invitation(invitation_id, membership=membership)
    if invitation.revoked_at is None and invitation.accepted_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def invitation_from_token(token: str | None) -> Invitation:
    invitation = (
        Invitation.objects.select_related("organisation").filter(token_hash=hash_token(token)).first()
        if token
        else None
    )
    if invitation is None:
        raise TokenProblem("invalid")
    status = invitation.status()
    if status != TokenStatus.VALID:
        raise TokenProblem(status)
    return invitation


class WrongAccount(Exception):
    """The invitation is for another address: a forwarded link or a shared mailbox grants nothing."""

    def __init__(self, invitation: Invitation) -> None:
        super().__init__("wrong account")
        self.invitation = invitation
        self.masked_email = mask_email(invitation.email)


def mask_email(email: str | None) -> str:
    """n…@example.org: enough for the invited person to recognise, not enough to harvest."""
    local, _, domain = (email or "").partition("@")
    return f"{local[:1]}…@{domain}" if domain else "…"


def invitation_is_for(user: User, invitation: Invitation) -> bool:
    """The invitation binds to its address: the account must hold that email, verified."""
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, email__iexact=invitation.email, verified=True).exists()


@transaction.atomic
def accept_invitation(user: User, token: str | None) -> Membership:
    invitation = invitation_from_token(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status() != TokenStatus.VALID:
        raise TokenProblem(invitation.status())
    if not invitation_is_for(user, invitation):
        raise WrongAccount(invitation)
    membership = _join(user, invitation.organisation, invitation.role, invitation.team)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def create_join_link(
    role: str = Role.LEARNER,
    team_id: int | str | None = None,
    valid_days: int | str = 30,
    *,
    membership: Membership,
) -> JoinLink:
    _require(membership, Role.ORG_ADMIN)
    _check_role(role)
    try:
        valid_days = int(valid_days)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"valid_days": _("Enter a number of days from 1 to 365.")}) from exc
    if not 1 <= valid_days <= 365:
        raise ValidationError({"valid_days": _("Enter a number of days from 1 to 365.")})
    if role == Role.ORG_ADMIN:
        raise ValidationError({"role": _("Join links cannot make people admins. Invite admins by email.")})
    return JoinLink.objects.create(
        organisation=membership.organisation,
        token=new_token(),
        role=role,
        team=_team_in(membership.organisation, team_id),
        created_by=membership.user,
        expires_at=timezone.now() + timedelta(days=valid_days),
    )


def revoke_join_link(link_id: int, *, membership: Membership) -> JoinLink:
    link = selectors.organisation_join_link(link_id, membership=membership)
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    return link


def join_link_from_token(token: str | None) -> JoinLink:
    link = JoinLink.objects.select_related("organisation", "team").filter(token=token).first() if token else None
    if link is None:
        raise TokenProblem("invalid")
    status = link.status()
    if status != TokenStatus.VALID:
        raise TokenProblem(status)
    return link


@transaction.atomic
def use_join_link(user: User, token: str | None) -> Membership:
    link = join_link_from_token(token)
    membership = _join(user, link.organisation, link.role, link.team)
    JoinLink.objects.filter(pk=link.pk).update(use_count=link.use_count + 1)
    return membership


def _join(user: User, organisation: Organisation, role: str, team: Team | None) -> Membership:
    """Add the user, or raise their role if they are already a member with a lower one."""
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": role, "team": team}
    )
    if not created and not membership.has_role(role):
        membership.role = role
        membership.team = membership.team or team
        membership.save(update_fields=["role", "team"])
    return membership


def update_profile(user: User, *, full_name: str | None = None, sector: str | None = None) -> User:
    from .models import Sector

    if sector is not None and sector not in Sector.values and sector != "":
        raise ValidationError({"sector": _("Choose a sector from the list.")})
    if full_name is not None:
        user.full_name = full_name.strip()[:150]
    if sector is not None:
        user.sector = sector
    user.save(update_fields=["full_name", "sector"])
    return user


TOKEN_VALID_DAYS = (30, 90, 180, 365)


def update_organisation_settings(*, membership: Membership, require_mfa_for_admins: bool) -> Organisation:
    """An admin turns the organisation's two-step sign-in requirement on or off. Turning it on needs
    the admin's own two-step sign-in first, so that no admin locks themselves out by surprise."""
    from .mfa import has_mfa

    _require(membership, Role.ORG_ADMIN)
    organisation = membership.organisation
    if require_mfa_for_admins and not organisation.require_mfa_for_admins and not has_mfa(membership.user):
        raise ValidationError(
            {
                "require_mfa_for_admins": _(
                    "Set up two-step sign-in for yourself first (from your profile), then turn this on."
                )
            }
        )
    organisation.require_mfa_for_admins = bool(require_mfa_for_admins)
    organisation.save(update_fields=["require_mfa_for_admins"])
    return organisation


def create_api_token(user: User, name: str | None, scope: str, valid_days: int | str = 90) -> tuple[ApiToken, str]:
    """A personal token that expires after the chosen number of days (90 unless chosen). Refused
    (MfaSetupRequired) to a person who must use two-step sign-in and has not set it up."""
    from .mfa import check_may_create_api_token
    from .models import ApiToken

    check_may_create_api_token(user)

    name = (name or "").strip()
    chosen = ApiToken(user=user, name=name, scope=scope or "")
    # Only the fields a person chooses: knox sets the others when it makes the token.
    knox_fields = [f.name for f in ApiToken._meta.fields if f.name not in ("name", "scope")]
    errors = rules.model_field_problems(chosen, exclude=knox_fields)
    try:
        valid_days = int(valid_days)
    except (TypeError, ValueError):
        valid_days = 0
    if valid_days not in TOKEN_VALID_DAYS:
        errors["valid_days"] = _("Choose how long the token lasts: 30, 90, 180 or 365 days.")
    if errors:
        raise ValidationError(errors)
    instance, token = ApiToken.objects.create(user=user, expiry=timedelta(days=valid_days), name=name, scope=scope)
    return instance, token


def revoke_api_token(user: User, token_key: str) -> None:
    from .models import ApiToken

    deleted, _count = ApiToken.objects.filter(user=user, token_key=token_key).delete()
    if not deleted:
        raise NotFound
