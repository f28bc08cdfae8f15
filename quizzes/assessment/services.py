"""Writes for self-assessment rounds. Views and API endpoints both call these."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from s2t_learn import selectors as org_selectors
from s2t_learn.errors import Conflict
from s2t_learn.models import Membership, Role, Team
from s2t_learn.queueing import enqueue
from s2t_learn.tokens import hash_token, new_token

from .. import continuum
from ..models import AgreedAnswer, Answer, Round, RoundInvitation
from . import selectors
from . import snapshot as snap

NOTE_MAX = 1000
REASON_MAX = 2000


class RoundClosed(Conflict):
    """An answer or change sent to a round that has closed. Nothing was changed."""

    message = "This round has closed, so no more answers can be sent. Nothing was changed."


def open_round(
    actor, slug, title, *, team_id=None, is_anonymous=True, share_summary=False, previous_id=None, setting=""
):
    membership = org_selectors.membership_for(actor, slug, Role.ASSESSMENT_LEAD)
    organisation = membership.organisation
    errors = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Give the round a name, for example 'Spring 2027 self-assessment'.")
    team = Team.objects.filter(organisation=organisation, pk=team_id).first() if team_id else None
    if team_id and team is None:
        errors["team"] = _("Choose one of this organisation's teams.")
    previous = Round.objects.filter(organisation=organisation, pk=previous_id).first() if previous_id else None
    if setting and setting not in continuum.SETTINGS:
        errors["setting"] = _("Choose one of the settings offered, or every setting.")
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
        opened_by=actor,
        previous=previous,
    )


def _open_round_for_lead(actor, slug, round_id):
    round_ = selectors.round_for_lead(actor, slug, round_id)
    if not round_.is_open:
        raise RoundClosed
    return round_


def invite_members(actor, slug, round_id, user_ids):
    round_ = _open_round_for_lead(actor, slug, round_id)
    members = Membership.objects.filter(organisation=round_.organisation, user_id__in=list(user_ids or []))
    if not members.exists():
        raise ValidationError({"members": _("Choose at least one member of this organisation.")})
    created = []
    for membership in members.select_related("user"):
        invitation, made = RoundInvitation.objects.get_or_create(
            round=round_, user=membership.user, defaults={"invited_by": actor, "email": membership.user.email}
        )
        if made:
            created.append(invitation)
    return created


def invite_by_email(actor, slug, round_id, email):
    from ..tasks import send_round_invitation

    round_ = _open_round_for_lead(actor, slug, round_id)
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": _("Enter an email address like name@example.org.")}) from exc
    if RoundInvitation.objects.filter(round=round_, email__iexact=email).exists():
        raise ValidationError({"email": _("This person has already been invited to this round.")})
    invitation = RoundInvitation.objects.create(round=round_, email=email, invited_by=actor)
    # The row is the outbox: if the broker is down, quizzes.tasks.sweep_round_invitations sends it later.
    enqueue(send_round_invitation, invitation.pk)
    return invitation


def issue_round_token(invitation):
    token = new_token()
    invitation.token_hash = hash_token(token)
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["token_hash", "sent_at"])
    return token


def _claim(user, round_, invitation=None):
    """Make the user a respondent of the round, once."""
    existing = RoundInvitation.objects.filter(round=round_, user=user).first()
    if existing:
        return existing
    if invitation is not None:
        invitation.user = user
        invitation.save(update_fields=["user"])
        return invitation
    return RoundInvitation.objects.create(round=round_, user=user, email=user.email)


@transaction.atomic
def accept_round_invitation(user, token):
    invitation = RoundInvitation.objects.select_related("round").filter(token_hash=hash_token(token or "")).first()
    valid_for = timedelta(days=settings.INVITATION_VALID_DAYS)
    if invitation is None or (invitation.user_id and invitation.user_id != user.pk):
        raise Http404
    if not invitation.round.is_open or (invitation.sent_at and invitation.sent_at + valid_for < timezone.now()):
        raise RoundClosed
    return _claim(user, invitation.round, invitation if not invitation.user_id else None)


def join_by_link(user, token):
    round_ = Round.objects.filter(link_token=token or "").first()
    if round_ is None:
        raise Http404
    if not round_.is_open:
        raise RoundClosed
    return _claim(user, round_)


def save_answers(user, round_id, answers):
    """Save some of the respondent's answers: {statement_key: {"value": ..., "note": ...}}.

    All-or-nothing: if any answer is invalid, nothing is saved and every problem is reported.
    """
    invitation = selectors.invitation_for(user, round_id)
    if not invitation.round.is_open:
        raise RoundClosed
    statements = snap.statements_by_key(invitation.round.snapshot)
    errors = {}
    clean = {}
    for key, given in (answers or {}).items():
        statement = statements.get(key)
        if statement is None:
            errors[key] = _("This statement is not part of this round.")
            continue
        value = (given or {}).get("value", "")
        note = (given or {}).get("note", "") or ""
        if value and value not in continuum.valid_answers(statement["kind"], statement.get("applicability", False)):
            errors[key] = _("Choose one of the answers offered.")
        elif len(note) > NOTE_MAX:
            errors[key] = _("Keep the note under %(n)s characters.") % {"n": NOTE_MAX}
        else:
            clean[key] = (value, note)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        for key, (value, note) in clean.items():
            if not value:
                Answer.objects.filter(invitation=invitation, statement_key=key).delete()
                continue
            Answer.objects.update_or_create(
                invitation=invitation, statement_key=key, defaults={"value": value, "note": note, "updated_at": now}
            )
    return invitation


def submit_response(user, round_id):
    invitation = selectors.invitation_for(user, round_id)
    if not invitation.round.is_open:
        raise RoundClosed
    if invitation.submitted_at is None:
        invitation.submitted_at = timezone.now()
        invitation.save(update_fields=["submitted_at"])
    return invitation


def close_round(actor, slug, round_id):
    round_ = selectors.round_for_lead(actor, slug, round_id)
    if round_.is_open:
        round_.status = Round.Status.CLOSED
        round_.closed_at = timezone.now()
        round_.save(update_fields=["status", "closed_at"])
    return round_


def moderate(actor, slug, round_id, statement_key, value, reason):
    round_ = selectors.round_for_lead(actor, slug, round_id)
    statement = snap.statements_by_key(round_.snapshot).get(statement_key)
    if statement is None:
        raise Http404
    errors = {}
    if value not in continuum.valid_answers(statement["kind"], statement.get("applicability", False)):
        errors["value"] = _("Choose one of the answers offered.")
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = _("Say why the group agreed this answer, so the decision can be understood later.")
    elif len(reason) > REASON_MAX:
        errors["reason"] = _("Keep the reason under %(n)s characters.") % {"n": REASON_MAX}
    if errors:
        raise ValidationError(errors)
    agreed, _created = AgreedAnswer.objects.update_or_create(
        round=round_,
        statement_key=statement_key,
        defaults={"value": value, "reason": reason, "decided_by": actor, "decided_at": timezone.now()},
    )
    return agreed


def remove_moderation(actor, slug, round_id, statement_key):
    round_ = selectors.round_for_lead(actor, slug, round_id)
    AgreedAnswer.objects.filter(round=round_, statement_key=statement_key).delete()
