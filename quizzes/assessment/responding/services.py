"""Writes for answering a round: invitation and join links, saving answers, sending the response."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from s2t_learn.errors import NotFound
from s2t_learn.tokens import hash_token, new_token

from ... import continuum_levels
from ...models import Answer, Round, RoundInvitation
from .. import selectors
from .. import snapshot as snap
from ..errors import NotAMember, RoundClosed

if TYPE_CHECKING:
    from collections.abc import Mapping

    from django.contrib.auth.models import AnonymousUser

    from s2t_learn.models import JoinLink, User

NOTE_MAX = 1000


def issue_round_token(invitation: RoundInvitation) -> str:
    token = new_token()
    invitation.token_hash = hash_token(token)
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["token_hash", "sent_at"])
    return token


def _claim(user: User, round_: Round, invitation: RoundInvitation | None = None) -> RoundInvitation:
    """Make the user a respondent of the round, once. Only members may answer."""
    if not selectors._is_member_for(user, round_):
        raise NotAMember(round_, _offered_join_link(round_))
    existing = RoundInvitation.objects.filter(round=round_, user=user).first()
    if existing:
        return existing
    if invitation is not None:
        invitation.user = user
        invitation.save(update_fields=["user"])
        return invitation
    return RoundInvitation.objects.create(round=round_, user=user, email=user.email)


def _offered_join_link(round_: Round) -> JoinLink | None:
    link = round_.join_link
    if link is None or link.organisation_id != round_.organisation_id:
        return None
    if link.status() != "valid" or (round_.team_id and link.team_id != round_.team_id):
        return None
    return link


@transaction.atomic
def accept_round_invitation(user: User, token: str | None) -> RoundInvitation:
    invitation = RoundInvitation.objects.select_related("round").filter(token_hash=hash_token(token or "")).first()
    valid_for = timedelta(days=settings.INVITATION_VALID_DAYS)
    if invitation is None or (invitation.user_id and invitation.user_id != user.pk):
        raise NotFound
    if not invitation.round.is_open or (invitation.sent_at and invitation.sent_at + valid_for < timezone.now()):
        raise RoundClosed
    return _claim(user, invitation.round, invitation if not invitation.user_id else None)


def join_by_link(user: User, token: str | None) -> RoundInvitation:
    round_ = Round.objects.select_related("join_link").filter(link_token=token or "").first()
    if round_ is None:
        raise NotFound
    if not round_.is_open:
        raise RoundClosed
    return _claim(user, round_)


def save_answers(
    user: User | AnonymousUser, round_id: int, answers: Mapping[str, Mapping[str, str | None] | None] | None
) -> RoundInvitation:
    """Save some of the respondent's answers: {statement_key: {"value": ..., "note": ...}}.

    All-or-nothing: if any answer is invalid, nothing is saved and every problem is reported.
    """
    invitation = selectors.invitation_for(user, round_id)
    if not invitation.round.is_open:
        raise RoundClosed
    statements = snap.statements_by_key(invitation.round.snapshot)
    errors: dict[str, str] = {}
    clean: dict[str, tuple[str | None, str]] = {}
    for key, given in (answers or {}).items():
        statement = statements.get(key)
        if statement is None:
            errors[key] = _("This statement is not part of this round.")
            continue
        value = (given or {}).get("value", "")
        note = (given or {}).get("note", "") or ""
        if value and value not in continuum_levels.valid_answers(
            statement["kind"], statement.get("applicability", False)
        ):
            errors[key] = _("Choose one of the answers offered.")
        elif len(note) > NOTE_MAX:
            errors[key] = _("Keep the note under %(n)s characters.") % {"n": NOTE_MAX}
        else:
            clean[key] = (value, note)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    pending = dict(invitation.pending_notes or {})
    with transaction.atomic():
        for key, (value, note) in clean.items():
            if not value:
                # No answer chosen (yet, or any more): the answer goes, but a note typed is kept for later.
                Answer.objects.filter(invitation=invitation, statement_key=key).delete()
                if note.strip():
                    pending[key] = note
                else:
                    pending.pop(key, None)
                continue
            pending.pop(key, None)
            Answer.objects.update_or_create(
                invitation=invitation, statement_key=key, defaults={"value": value, "note": note, "updated_at": now}
            )
        if pending != (invitation.pending_notes or {}):
            invitation.pending_notes = pending
            invitation.save(update_fields=["pending_notes"])
    return invitation


def submit_response(user: User | AnonymousUser, round_id: int) -> RoundInvitation:
    invitation = selectors.invitation_for(user, round_id)
    if not invitation.round.is_open:
        raise RoundClosed
    if invitation.submitted_at is None:
        invitation.submitted_at = timezone.now()
        invitation.save(update_fields=["submitted_at"])
    return invitation
