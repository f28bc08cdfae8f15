"""Writes for self-assessment rounds. Views and API endpoints both call these."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
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
from . import anonymity, selectors
from . import snapshot as snap

NOTE_MAX = 1000
REASON_MAX = 2000
# A close date further ahead than this is almost certainly a typing slip (2207 for 2027).
CLOSE_DATE_HORIZON_DAYS = 366


class RoundClosed(Conflict):
    """An answer or change sent to a round that has closed. Nothing was changed."""

    message = "This round has closed, so no more answers can be sent. Nothing was changed."


class ResultsWithheld(Conflict):
    """The round's results are not released (anonymous and open, or closed with too few people)."""

    message = (
        "This round's results are not released: an anonymous round shows nothing until it has closed "
        "with enough people's answers. Nothing was changed."
    )


class CannotExtend(Conflict):
    message = "Only an anonymous round closed with too few answers can be reopened. Nothing was changed."


class CannotConvert(Conflict):
    message = "Only an open anonymous round can be made named. Nothing was changed."


class NotAMember(PermissionDenied):
    """Someone who is not a member (of the organisation, or of the team for a team round) opened a
    round's link. Carries the join link the lead chose to offer, if any."""

    def __init__(self, round_, join_link=None):
        super().__init__("Only members can answer this round.")
        self.round = round_
        self.join_link = join_link


def check_close_date(closes_on, today=None):
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
    actor,
    slug,
    title,
    *,
    team_id=None,
    is_anonymous=True,
    share_summary=False,
    previous_id=None,
    closes_on=None,
    close_on_date=False,
    setting="",
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
        opened_by=actor,
        previous=previous,
        closes_on=closes_on,
        close_on_date=bool(close_on_date and closes_on),
    )


def _open_round_for_lead(actor, slug, round_id):
    round_ = selectors.round_for_lead(actor, slug, round_id)
    if not round_.is_open:
        raise RoundClosed
    return round_


def eligible_members(round_):
    """The memberships a round is for: the organisation's members, or the team's for a team round."""
    members = Membership.objects.filter(organisation=round_.organisation)
    if round_.team_id:
        members = members.filter(team_id=round_.team_id)
    return members


def _email_invitations(invitations):
    from ..tasks import send_round_invitation

    # Each row is its own outbox entry: if the broker is down, quizzes.tasks.sweep_round_invitations
    # sends it later.
    for invitation in invitations:
        if invitation.email:
            enqueue(send_round_invitation, invitation.pk)


@transaction.atomic
def invite_members(actor, slug, round_id, user_ids):
    """Invite members (team members for a team round) and email each newly invited one. Someone already
    invited is neither invited nor emailed again."""
    round_ = _open_round_for_lead(actor, slug, round_id)
    wanted = [int(pk) for pk in (user_ids or []) if str(pk).isdigit()]
    if not wanted:
        raise ValidationError({"members": _("Choose at least one member.")})
    members = eligible_members(round_).filter(user_id__in=wanted)
    if not members.exists():
        if round_.team_id:
            raise ValidationError({"members": _("Choose at least one member of this team.")})
        raise ValidationError({"members": _("Choose at least one member of this organisation.")})
    already = selectors.invited_user_ids(round_)
    created = []
    for membership in members.select_related("user"):
        if membership.user_id in already:
            continue
        invitation, made = RoundInvitation.objects.get_or_create(
            round=round_, user=membership.user, defaults={"invited_by": actor, "email": membership.user.email}
        )
        if made:
            created.append(invitation)
    _email_invitations(created)
    return created


def invite_by_email(actor, slug, round_id, email):
    round_ = _open_round_for_lead(actor, slug, round_id)
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
    invitation = RoundInvitation.objects.create(round=round_, email=email, invited_by=actor)
    _email_invitations([invitation])
    return invitation


def issue_round_token(invitation):
    token = new_token()
    invitation.token_hash = hash_token(token)
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["token_hash", "sent_at"])
    return token


def _claim(user, round_, invitation=None):
    """Make the user a respondent of the round, once. Only members may answer."""
    if not selectors.is_member_for(user, round_):
        raise NotAMember(round_, _offered_join_link(round_))
    existing = RoundInvitation.objects.filter(round=round_, user=user).first()
    if existing:
        return existing
    if invitation is not None:
        invitation.user = user
        invitation.save(update_fields=["user"])
        return invitation
    return RoundInvitation.objects.create(round=round_, user=user, email=user.email)


def _offered_join_link(round_):
    link = round_.join_link
    if link is None or link.organisation_id != round_.organisation_id:
        return None
    if link.status() != "valid" or (round_.team_id and link.team_id != round_.team_id):
        return None
    return link


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
    round_ = Round.objects.select_related("join_link").filter(link_token=token or "").first()
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
        _close(round_)
    return round_


def _close(round_, now=None):
    round_.status = Round.Status.CLOSED
    round_.closed_at = now or timezone.now()
    round_.save(update_fields=["status", "closed_at"])
    # Notes never attached to an answer can no longer be used: nothing of them outlives the round.
    round_.invitations.exclude(pending_notes={}).update(pending_notes={})


def remind_unsent(actor, slug, round_id):
    """Email every invited member who has not sent their answers. The lead never learns who they are."""
    round_ = _open_round_for_lead(actor, slug, round_id)
    return _remind(round_)


def _remind(round_, once=False):
    from ..tasks import send_round_reminder

    pending = round_.invitations.filter(selectors.member_filter(round_), submitted_at__isnull=True)
    if once:
        pending = pending.filter(reminded_at__isnull=True)
    ids = list(pending.values_list("pk", flat=True))
    pending.update(reminded_at=timezone.now())
    transaction.on_commit(lambda: [send_round_reminder.delay(pk) for pk in ids])
    return len(ids)


def set_close_date(actor, slug, round_id, closes_on, close_on_date=False):
    round_ = _open_round_for_lead(actor, slug, round_id)
    check_close_date(closes_on)
    round_.closes_on = closes_on
    round_.close_on_date = bool(close_on_date and closes_on)
    round_.save(update_fields=["closes_on", "close_on_date"])
    return round_


def set_join_link(actor, slug, round_id, join_link_id):
    """Choose which of the organisation's join links (if any) a non-member opening the round is offered."""
    from s2t_learn.models import JoinLink

    round_ = _open_round_for_lead(actor, slug, round_id)
    link = None
    if join_link_id:
        link = JoinLink.objects.filter(organisation=round_.organisation, pk=join_link_id).first()
        if link is None or link.status() != "valid" or (round_.team_id and link.team_id != round_.team_id):
            raise ValidationError({"join_link": _("Choose one of this organisation's join links that still works.")})
    round_.join_link = link
    round_.save(update_fields=["join_link"])
    return round_


def extend_round(actor, slug, round_id, closes_on, close_on_date=False):
    """Reopen an anonymous round that closed with too few answers to release, with a new close date."""
    round_ = selectors.round_for_lead(actor, slug, round_id)
    sent = selectors.counted_invitations(round_).count()
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
def convert_to_named(actor, slug, round_id):
    """Make an open anonymous round named. Answers already sent were given in confidence: they stop
    counting until each person has seen that the round is now named and sends them again."""
    round_ = selectors.round_for_lead(actor, slug, round_id)
    if not anonymity.can_convert_to_named(round_.is_anonymous, round_.is_open):
        raise CannotConvert
    round_.is_anonymous = False
    round_.save(update_fields=["is_anonymous"])
    round_.invitations.update(submitted_at=None)
    return round_


def run_round_deadlines(today=None):
    """Daily (Celery beat): remind invited members who have not sent, once, two days before a round's
    close date; close rounds on their date when the lead chose that. Returns (reminded, closed)."""
    today = today or timezone.localdate()
    reminded = closed = 0
    due = Round.objects.filter(status=Round.Status.OPEN, closes_on__isnull=False, closes_on__lte=today + timedelta(2))
    for round_ in due.select_related("organisation"):
        with transaction.atomic():
            if round_.close_on_date and round_.closes_on <= today:
                _close(round_)
                closed += 1
            elif round_.closes_on >= today:
                reminded += _remind(round_, once=True)
    return reminded, closed


def _results_round_for_lead(actor, slug, round_id):
    round_ = selectors.round_for_lead(actor, slug, round_id)
    if not anonymity.results_visible(selectors.release(round_)):
        raise ResultsWithheld
    return round_


def _check_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        return reason, _("Say why the group agreed this answer, so the decision can be understood later.")
    if len(reason) > REASON_MAX:
        return reason, _("Keep the reason under %(n)s characters.") % {"n": REASON_MAX}
    return reason, None


def _record(round_, statement, actor, value, reason):
    answers = selectors.raw_answers(round_).get(statement["key"], [])
    return AgreedAnswer.objects.create(
        round=round_,
        statement_key=statement["key"],
        value=value,
        group_value=continuum.median_answer(statement["kind"], answers) or "",
        reason=reason,
        decided_by=actor,
        decided_at=timezone.now(),
    )


def moderate(actor, slug, round_id, statement_key, value, reason):
    """Add an entry to the statement's moderation record. Earlier entries are kept as they were."""
    round_ = _results_round_for_lead(actor, slug, round_id)
    statement = snap.statements_by_key(round_.snapshot).get(statement_key)
    if statement is None:
        raise Http404
    errors = {}
    if value not in continuum.valid_answers(statement["kind"], statement.get("applicability", False)):
        errors["value"] = _("Choose one of the answers offered.")
    reason, problem = _check_reason(reason)
    if problem:
        errors["reason"] = problem
    if errors:
        raise ValidationError(errors)
    return _record(round_, statement, actor, value, reason)


def leave_as_group_said(actor, slug, round_id, statement_key, reason=None):
    """Record that the lead discussed the statement and left the group's answer standing (or withdrew an
    earlier agreed answer). A new entry: nothing is deleted."""
    round_ = _results_round_for_lead(actor, slug, round_id)
    statement = snap.statements_by_key(round_.snapshot).get(statement_key)
    if statement is None:
        raise Http404
    reason, problem = _check_reason(reason or _("Discussed; the group's answer stands."))
    if problem:
        raise ValidationError({"reason": problem})
    return _record(round_, statement, actor, "", reason)


def remove_moderation(actor, slug, round_id, statement_key):
    return leave_as_group_said(actor, slug, round_id, statement_key)
