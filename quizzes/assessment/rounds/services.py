"""Writes for a round's life: opening, inviting, closing, reminding, the close date, extending, making it named.

Each takes the caller's checked membership (s2t_learn/access.py); the actor is `membership.user`."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from s2t_learn import rules
from s2t_learn.access import require_role
from s2t_learn.models import Membership, Role
from s2t_learn.queueing import enqueue
from s2t_learn.tokens import new_token

from ... import continuum_levels
from ...models import Round, RoundInvitation
from .. import _counted, anonymity, selectors
from .. import snapshot as snap
from ..errors import CannotConvert, CannotExtend, RoundClosed

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import date, datetime

# A close date further ahead than this is almost certainly a typing slip (2207 for 2027).
CLOSE_DATE_HORIZON_DAYS = 366


def check_close_date(closes_on: date | None, today: date | None = None) -> date | None:
    """A close date from today up to a year ahead; None (no date) is allowed."""
    if closes_on is None:
        return None
    today = today or timezone.localdate()
    if closes_on < today:
        raise ValidationError({"closes_on": _("Choose a close date from today onwards.")})
    if closes_on > today + timedelta(days=CLOSE_DATE_HORIZON_DAYS):
        raise ValidationError({"closes_on": _("Choose a close date within the next year. Check the year you typed.")})
    return closes_on


def open_round(
    *,
    membership: Membership,
    title: str,
    team_id: int | str | None = None,
    is_anonymous: bool = True,
    share_summary: bool = False,
    previous_id: int | None = None,
    closes_on: date | None = None,
    close_on_date: bool = False,
    setting: str = "",
) -> Round:
    """Open a round of the lead's organisation (or one of its teams)."""
    require_role(membership, Role.ASSESSMENT_LEAD)
    organisation = membership.organisation
    errors: dict[str, str | list[str]] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Give the round a name, for example 'Spring 2027 self-assessment'.")
    team = rules.team_of_organisation(membership, team_id, errors)
    previous = Round.objects.filter(organisation=organisation, pk=previous_id).first() if previous_id else None
    if setting and setting not in continuum_levels.SETTINGS:
        errors["setting"] = _("Choose one of the settings offered, or every setting.")
    try:
        check_close_date(closes_on)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    framework = selectors.active_framework()
    if framework is None:
        errors["title"] = _("No self-assessment framework is available yet. Ask a site editor to load one.")
    if errors:
        raise ValidationError(errors)
    return Round.objects.create(
        organisation=organisation,
        team=team,
        title=title[:200],
        is_anonymous=bool(is_anonymous),
        share_summary=bool(share_summary),
        snapshot=snap.take_snapshot(framework, setting or ""),
        link_token=new_token(),
        opened_by=membership.user,
        previous=previous,
        closes_on=closes_on,
        close_on_date=bool(close_on_date and closes_on),
    )


def _open_round_for_lead(membership: Membership, round_id: int) -> Round:
    round_ = selectors.round_for_lead(membership=membership, round_id=round_id)
    if not round_.is_open:
        raise RoundClosed
    return round_


def _email_invitations(invitations: Iterable[RoundInvitation]) -> None:
    from ..tasks import send_round_invitation

    # Each row is its own outbox entry: if the broker is down, quizzes.assessment.tasks.sweep_round_invitations
    # sends it later.
    for invitation in invitations:
        if invitation.email:
            enqueue(send_round_invitation, invitation.pk)


@transaction.atomic
def invite_members(
    *, membership: Membership, round_id: int, user_ids: Iterable[int | str] | None
) -> list[RoundInvitation]:
    """Invite members (team members for a team round) and email each newly invited one. Someone already
    invited is neither invited nor emailed again."""
    return _invite_members(membership, round_id, user_ids)


def _invite_members(lead: Membership, round_id: int, user_ids: Iterable[int | str] | None) -> list[RoundInvitation]:
    round_ = _open_round_for_lead(lead, round_id)
    wanted = [int(pk) for pk in (user_ids or []) if str(pk).isdigit()]
    if not wanted:
        raise ValidationError({"members": _("Choose at least one member.")})
    members = selectors.eligible_members(round_, membership=lead).filter(user_id__in=wanted)
    if not members.exists():
        if round_.team_id:
            raise ValidationError({"members": _("Choose at least one member of this team.")})
        raise ValidationError({"members": _("Choose at least one member of this organisation.")})
    already = selectors.invited_user_ids(round_, membership=lead)
    created: list[RoundInvitation] = []
    for membership in members.select_related("user"):
        if membership.user_id in already:
            continue
        invitation, made = RoundInvitation.objects.get_or_create(
            round=round_, user=membership.user, defaults={"invited_by": lead.user, "email": membership.user.email}
        )
        if made:
            created.append(invitation)
    _email_invitations(created)
    return created


def invite(
    *, membership: Membership, round_id: int, user_ids: Iterable[int | str] | None = None, email: str | None = None
) -> int:
    """Invite members by id and, or, one person by email: how many were newly invited. Each part is as
    invite_members and invite_by_email; at least one of them must be given."""
    if not user_ids and not email:
        raise ValidationError({"email": _("Give user_ids or an email address.")})
    invited = 0
    if user_ids:
        with transaction.atomic():
            invited += len(_invite_members(membership, round_id, user_ids))
    if email:
        invite_by_email(membership=membership, round_id=round_id, email=email)
        invited += 1
    return invited


def invite_by_email(*, membership: Membership, round_id: int, email: str | None) -> RoundInvitation:
    round_ = _open_round_for_lead(membership, round_id)
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": _("Enter an email address like name@example.org.")}) from exc
    if (
        RoundInvitation.objects.filter(round=round_)
        .filter(models.Q(email__iexact=email) | models.Q(user__email__iexact=email))
        .exists()
    ):
        raise ValidationError({"email": _("This person has already been invited to this round.")})
    invitation = RoundInvitation.objects.create(round=round_, email=email, invited_by=membership.user)
    _email_invitations([invitation])
    return invitation


def close_round(*, membership: Membership, round_id: int) -> Round:
    round_ = selectors.round_for_lead(membership=membership, round_id=round_id)
    if round_.is_open:
        _close(round_)
    return round_


def _close(round_: Round, now: datetime | None = None) -> None:
    round_.status = Round.Status.CLOSED
    round_.closed_at = now or timezone.now()
    round_.save(update_fields=["status", "closed_at"])
    # Notes never attached to an answer can no longer be used: nothing of them outlives the round.
    round_.invitations.exclude(pending_notes={}).update(pending_notes={})


def remind_unsent(*, membership: Membership, round_id: int) -> int:
    """Email every invited member who has not sent their answers. The lead never learns who they are."""
    round_ = _open_round_for_lead(membership, round_id)
    return _remind(round_)


def _remind(round_: Round, once: bool = False) -> int:
    from ..tasks import send_round_reminder

    pending = round_.invitations.filter(_counted.member_filter(round_), submitted_at__isnull=True)
    if once:
        pending = pending.filter(reminded_at__isnull=True)
    ids = list(pending.values_list("pk", flat=True))
    pending.update(reminded_at=timezone.now())
    transaction.on_commit(lambda: [send_round_reminder.delay(pk) for pk in ids])
    return len(ids)


def set_close_date(
    *, membership: Membership, round_id: int, closes_on: date | None, close_on_date: bool = False
) -> Round:
    round_ = _open_round_for_lead(membership, round_id)
    check_close_date(closes_on)
    round_.closes_on = closes_on
    round_.close_on_date = bool(close_on_date and closes_on)
    round_.save(update_fields=["closes_on", "close_on_date"])
    return round_


def set_join_link(*, membership: Membership, round_id: int, join_link_id: int | str | None) -> Round:
    """Choose which of the organisation's join links (if any) a non-member opening the round is offered."""
    from s2t_learn.models import JoinLink

    round_ = _open_round_for_lead(membership, round_id)
    link = None
    if join_link_id:
        link = JoinLink.objects.filter(organisation=round_.organisation, pk=join_link_id).first()
        if link is None or link.status() != "valid" or (round_.team_id and link.team_id != round_.team_id):
            raise ValidationError({"join_link": _("Choose one of this organisation's join links that still works.")})
    round_.join_link = link
    round_.save(update_fields=["join_link"])
    return round_


def extend_round(
    *, membership: Membership, round_id: int, closes_on: date | None, close_on_date: bool = False
) -> Round:
    """Reopen an anonymous round that closed with too few answers to release, with a new close date."""
    round_ = selectors.round_for_lead(membership=membership, round_id=round_id)
    sent = _counted.counted_invitations(round_).count()
    if not anonymity.can_extend(round_.is_anonymous, round_.is_open, sent, selectors.release_minimum()):
        raise CannotExtend
    check_close_date(closes_on)
    round_.status = Round.Status.OPEN
    round_.closed_at = None
    round_.closes_on = closes_on
    round_.close_on_date = bool(close_on_date and closes_on)
    round_.save(update_fields=["status", "closed_at", "closes_on", "close_on_date"])
    return round_


@transaction.atomic
def convert_to_named(*, membership: Membership, round_id: int) -> Round:
    """Make an open anonymous round named. Answers already sent were given in confidence: they stop
    counting until each person has seen that the round is now named and sends them again."""
    round_ = selectors.round_for_lead(membership=membership, round_id=round_id)
    if not anonymity.can_convert_to_named(round_.is_anonymous, round_.is_open):
        raise CannotConvert
    round_.is_anonymous = False
    round_.save(update_fields=["is_anonymous"])
    round_.invitations.update(submitted_at=None)
    return round_


def run_round_deadlines(today: date | None = None) -> tuple[int, int]:
    """Daily (Celery beat): remind invited members who have not sent, once, two days before a round's
    close date; close rounds on their date when the lead chose that. Returns (reminded, closed)."""
    today = today or timezone.localdate()
    reminded = closed = 0
    due = Round.objects.filter(status=Round.Status.OPEN, closes_on__isnull=False, closes_on__lte=today + timedelta(2))
    for round_ in due.select_related("organisation"):
        assert round_.closes_on is not None  # due has only rounds with a close date
        with transaction.atomic():
            if round_.close_on_date and round_.closes_on <= today:
                _close(round_)
                closed += 1
            elif round_.closes_on >= today:
                reminded += _remind(round_, once=True)
    return reminded, closed
