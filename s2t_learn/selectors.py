"""Reads of organisation-owned data. Every one takes the requesting user, so isolation lives here.

A user who is not a member of an organisation cannot tell it exists: they get NotFound (404).
A member without the role an action needs gets PermissionDenied (403).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Count

from . import mfa
from .errors import NotFound
from .models import Invitation, JoinLink, Membership, Organisation, Role, Team

if TYPE_CHECKING:
    from datetime import datetime

    from auditlog.models import LogEntry
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet

    from .models import User


def memberships_for(user: User | AnonymousUser) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("organisation", "team").order_by("organisation__name")


def membership_for(user: User | AnonymousUser, slug: str, minimum_role: str = Role.LEARNER) -> Membership:
    """The user's membership of the organisation with this slug, checked against a minimum role."""
    if not user.is_authenticated:
        raise NotFound
    membership = (
        Membership.objects.select_related("organisation", "team").filter(user=user, organisation__slug=slug).first()
    )
    if membership is None:
        raise NotFound
    membership.user = user  # the caller, already loaded: services read the actor from the membership
    # Remembered for this request, so the tab bar can show only what this role can open, without a query.
    roles = getattr(user, "_organisation_roles", None)
    if roles is None:
        roles = user._organisation_roles = {}  # type: ignore[attr-defined]  # remembered for this request
    roles[slug] = membership.role
    if not membership.has_role(minimum_role):
        raise PermissionDenied
    # An organisation that requires two-step sign-in of its admins: one query, and only then.
    mfa.check_membership(user, membership, minimum_role)
    return membership


def _require(membership: Membership, minimum_role: str) -> Membership:
    from .access import require_role

    return require_role(membership, minimum_role)


def organisation_members(
    *, membership: Membership, search: str = "", team_id: int | None = None, role: str = ""
) -> QuerySet[Membership]:
    """The organisation's members, for its admins, optionally narrowed by name or email, team and role."""
    from django.db.models import Q

    _require(membership, Role.ORG_ADMIN)
    members = Membership.objects.filter(organisation=membership.organisation)
    search = (search or "").strip()
    if search:
        members = members.filter(Q(user__full_name__icontains=search) | Q(user__email__icontains=search))
    if team_id:
        members = members.filter(team_id=team_id)
    if role in Role.values:
        members = members.filter(role=role)
    return members.select_related("user", "team").order_by("user__full_name", "user__email", "pk")


def organisation_member(membership_id: int, *, membership: Membership) -> Membership:
    try:
        return organisation_members(membership=membership).get(pk=membership_id)
    except Membership.DoesNotExist as exc:
        raise NotFound from exc


def organisation_teams(
    *, membership: Membership, minimum_role: str = Role.ORG_ADMIN, with_counts: bool = True
) -> QuerySet[Team]:
    """The organisation's teams by name, each with its `member_count` unless `with_counts=False` (a list
    of choices needs only the names: counting 100,000 memberships by team is most of a page's time)."""
    _require(membership, minimum_role)
    teams = Team.objects.filter(organisation=membership.organisation).order_by("name")
    return teams.annotate(member_count=Count("memberships")) if with_counts else teams


def organisation_team(team_id: int, *, membership: Membership) -> Team:
    try:
        return organisation_teams(membership=membership).get(pk=team_id)
    except Team.DoesNotExist as exc:
        raise NotFound from exc


def organisation_invitations(
    *, membership: Membership, search: str = "", status: str = "", now: datetime | None = None
) -> QuerySet[Invitation]:
    """The organisation's invitations, newest first, for its admins: optionally narrowed, in the database,
    by part of the address and by status (valid, used, expired, revoked; Invitation.status says the same)."""
    from django.db.models import Q
    from django.utils import timezone

    from .models.organisations import TokenStatus

    _require(membership, Role.ORG_ADMIN)
    invitations = Invitation.objects.filter(organisation=membership.organisation).select_related("team", "invited_by")
    search = (search or "").strip()
    if search:
        invitations = invitations.filter(email__icontains=search)
    now = now or timezone.now()
    by_status: dict[str, Q] = {
        TokenStatus.REVOKED: Q(revoked_at__isnull=False),
        TokenStatus.USED: Q(revoked_at__isnull=True, accepted_at__isnull=False),
        TokenStatus.EXPIRED: Q(revoked_at__isnull=True, accepted_at__isnull=True, expires_at__lte=now),
        TokenStatus.VALID: Q(revoked_at__isnull=True, accepted_at__isnull=True, expires_at__gt=now),
    }
    if status in by_status:
        invitations = invitations.filter(by_status[status])
    return invitations


def organisation_invitation(invitation_id: int, *, membership: Membership) -> Invitation:
    try:
        return organisation_invitations(membership=membership).get(pk=invitation_id)
    except Invitation.DoesNotExist as exc:
        raise NotFound from exc


def organisation_join_links(*, membership: Membership) -> QuerySet[JoinLink]:
    _require(membership, Role.ORG_ADMIN)
    return JoinLink.objects.filter(organisation=membership.organisation).select_related("team")


def organisation_join_link(link_id: int, *, membership: Membership) -> JoinLink:
    try:
        return organisation_join_links(membership=membership).get(pk=link_id)
    except JoinLink.DoesNotExist as exc:
        raise NotFound from exc


def _admin_count(organisation: Organisation) -> int:
    return Membership.objects.filter(organisation=organisation, role=Role.ORG_ADMIN).count()


def organisations_awaiting_approval() -> QuerySet[Organisation]:
    return Organisation.objects.filter(is_approved=False)


def organisation_activity(*, membership: Membership) -> QuerySet[LogEntry]:
    """The organisation's audit log, newest first, for its admins only."""
    from auditlog.models import LogEntry

    from .tabs import minimum_role

    _require(membership, minimum_role("activity"))
    return (
        LogEntry.objects.filter(additional_data__organisation=membership.organisation_id)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )
