"""Reads for self-assessment rounds. Each takes the requesting user: isolation lives here."""

from collections import defaultdict

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404

from s2t_learn.access import require_role
from s2t_learn.models import Membership, Role

from .. import continuum
from ..models import AgreedAnswer, Answer, Framework, Round, RoundInvitation
from . import anonymity
from . import snapshot as snap


def release_minimum():
    return anonymity.release_minimum(getattr(settings, "ASSESSMENT_ANONYMOUS_MINIMUM", None))


def member_filter(round_, prefix=""):
    """Invitations (or anything with a user) whose person is a member of the round's organisation, and of
    its team for a team round. Used for who may answer, who is listed and whose answers count."""
    members = Membership.objects.filter(user=OuterRef(f"{prefix}user"), organisation_id=round_.organisation_id)
    if round_.team_id:
        members = members.filter(team_id=round_.team_id)
    return Exists(members)


def is_member_for(user, round_):
    members = Membership.objects.filter(user=user, organisation_id=round_.organisation_id)
    if round_.team_id:
        members = members.filter(team_id=round_.team_id)
    return members.exists()


def counted_invitations(round_):
    """The invitations whose answers count: sent, by a member. Once a round has closed, what was sent
    by then stands: someone leaving the organisation, or deleting their account (their answers pass
    to an anonymous stand-in), never changes a closed round's results."""
    sent = round_.invitations.filter(submitted_at__isnull=False)
    if not round_.is_open:
        return sent
    return sent.filter(member_filter(round_))


def round_counts(round_):
    """How many members were invited, started and sent: numbers only, safe for any round."""
    rows = (
        round_.invitations.filter(Q(user__isnull=True) | member_filter(round_))
        .annotate(answered=Count("answers"))
        .values_list("answered", "submitted_at")
    )
    return anonymity.counts((answered, submitted is not None) for answered, submitted in rows)


def release(round_, sent_count=None):
    if sent_count is None:
        sent_count = counted_invitations(round_).count()
    return anonymity.release_state(round_.is_anonymous, round_.is_open, sent_count, release_minimum())


def active_framework():
    return Framework.objects.filter(is_active=True).order_by("-version").first()


def rounds_for(*, membership: Membership):
    require_role(membership, Role.ASSESSMENT_LEAD)
    return Round.objects.filter(organisation=membership.organisation).select_related("team", "organisation")


def round_for_lead(*, membership: Membership, round_id):
    round_ = rounds_for(membership=membership).filter(pk=round_id).first()
    if round_ is None:
        raise Http404
    return round_


def invitation_for(user, round_id):
    """The user's own response to a round; a round they were not invited to does not exist for them."""
    if not user.is_authenticated:
        raise Http404
    invitation = (
        RoundInvitation.objects.select_related("round", "round__organisation")
        .filter(round_id=round_id, user=user)
        .first()
    )
    if invitation is None or not is_member_for(user, invitation.round):
        raise Http404
    return invitation


def my_answers(invitation):
    """The respondent's chosen answers (what counts towards "done" and, once sent, the results)."""
    return {a.statement_key: a for a in invitation.answers.all()}


def my_answers_and_notes(invitation):
    """{statement key: {"value", "note"}}: the chosen answers, and the notes typed for statements not yet
    answered (value ""), so a respondent gets back everything they wrote."""
    kept = {key: {"value": "", "note": note} for key, note in (invitation.pending_notes or {}).items()}
    kept.update({key: {"value": a.value, "note": a.note} for key, a in my_answers(invitation).items()})
    return kept


def respondents(round_):
    """Named rounds only: which members were invited, how far they got and whether they sent. Never their
    answers. An anonymous round gives None: its lead sees counts (round_counts), never names or progress."""
    if not anonymity.individual_visible(release(round_, sent_count=0)):
        return None
    return list(
        round_.invitations.filter(Q(user__isnull=True) | member_filter(round_))
        .select_related("user")
        .annotate(answered=Count("answers"))
        .order_by("created_at")
    )


def invited_user_ids(round_):
    return set(round_.invitations.filter(user__isnull=False).values_list("user_id", flat=True))


def individual_answers(round_):
    """Each named respondent's sent answers: named rounds only. Anonymous rounds never show them."""
    if not anonymity.individual_visible(release(round_, sent_count=0)):
        return None
    by_person = defaultdict(dict)
    answers = Answer.objects.filter(invitation__in=counted_invitations(round_)).select_related("invitation__user")
    for answer in answers.order_by("invitation__created_at", "pk"):
        by_person[answer.invitation.user][answer.statement_key] = answer
    return dict(by_person)


def counted_answers(round_):
    return Answer.objects.filter(invitation__in=counted_invitations(round_))


def raw_answers(round_):
    """{statement key: [value, ...]} from sent answers only."""
    grouped = defaultdict(list)
    for key, value in counted_answers(round_).values_list("statement_key", "value"):
        grouped[key].append(value)
    return grouped


def agreed_history(round_):
    """{statement key: [AgreedAnswer, oldest first]}: the whole moderation record."""
    grouped = defaultdict(list)
    for entry in AgreedAnswer.objects.filter(round=round_).select_related("decided_by"):
        grouped[entry.statement_key].append(entry)
    return dict(grouped)


def current_agreed(history):
    """The latest entry per statement, where it agreed an answer (not 'left as the group said')."""
    return {key: entries[-1] for key, entries in history.items() if entries and entries[-1].value}


def agreed_answers(round_):
    return current_agreed(agreed_history(round_))


def agreed_values_for(round_ids):
    """{round id: {statement key: value}} from the latest moderation entries, for several rounds at once."""
    latest = {}
    for round_id, key, value in (
        AgreedAnswer.objects.filter(round_id__in=list(round_ids))
        .order_by("decided_at", "pk")
        .values_list("round_id", "statement_key", "value")
    ):
        latest[(round_id, key)] = value
    grouped = defaultdict(dict)
    for (round_id, key), value in latest.items():
        if value:
            grouped[round_id][key] = value
    return grouped


def notes(round_, state, rows=None):
    """{statement key: [{"by": person or None, "text": note}]}: unattributed and shuffled in anonymous
    rounds, and nothing at all until the release rule holds. `rows` may pass counted answers already read."""
    if not anonymity.notes_visible(state):
        return {}
    if rows is None:
        rows = counted_answers(round_).exclude(note="").select_related("invitation__user").order_by("pk")
    grouped = defaultdict(list)
    attributed = anonymity.notes_attributed(state)
    for answer in rows:
        if not answer.note:
            continue
        grouped[answer.statement_key].append(
            {"by": answer.invitation.user, "text": answer.note} if attributed else answer.note
        )
    if attributed:
        return dict(grouped)
    return {
        key: [{"by": None, "text": text} for text in anonymity.shuffled_notes(texts, f"{round_.pk}:{key}")]
        for key, texts in grouped.items()
    }


def statement_states(round_, placement, history):
    """Each statement's moderation state: 'agreed', 'left' (as the group said), 'discuss' or ''."""
    states = {}
    discussion = set(placement.discussion) if placement else set()
    for key in snap.statements_by_key(round_.snapshot):
        entries = history.get(key)
        if entries:
            states[key] = "agreed" if entries[-1].value else "left"
        elif key in discussion:
            states[key] = "discuss"
        else:
            states[key] = ""
    return states


def results(round_):
    """Placement per domain and overall, with what it rests on, and the spread where privacy allows.

    Until the release rule holds (anonymous.release_state), everything but the number who sent is None."""
    sent = counted_invitations(round_).count()
    state = release(round_, sent)
    if not anonymity.results_visible(state):
        return {
            "release": state,
            "visible": False,
            "placement": None,
            "statements": snap.statements_by_key(round_.snapshot),
            "domains": {d["key"]: d for d in round_.snapshot["domains"]},
            "agreed": {},
            "history": {},
            "states": {},
            "notes": {},
            "spread": {},
            "provisional": False,
            "respondent_count": sent,
            "minimum": release_minimum(),
        }
    snapshot = round_.snapshot
    rows = list(counted_answers(round_).select_related("invitation__user").order_by("pk"))
    answers = defaultdict(list)
    for row in rows:
        answers[row.statement_key].append(row.value)
    history = agreed_history(round_)
    agreed = current_agreed(history)
    placement = continuum.place(
        snap.domain_keys(snapshot),
        snap.placement_statements(snapshot),
        answers,
        {key: a.value for key, a in agreed.items()},
        rule=snap.rule_of(snapshot),
    )
    statements = snap.statements_by_key(snapshot)
    spread = {
        key: dict(placement.aggregates[key].counts)
        if anonymity.spread_visible(state, len(answers.get(key, ())), release_minimum())
        else None
        for key in statements
    }
    domains = {d["key"]: d for d in snapshot["domains"]}
    states = statement_states(round_, placement, history)
    return {
        "release": state,
        "visible": True,
        "placement": placement,
        "statements": statements,
        "domains": domains,
        "agreed": agreed,
        "history": history,
        "states": states,
        "notes": notes(round_, state, rows),
        "spread": spread,
        "provisional": any(value == "discuss" for value in states.values()),
        "respondent_count": sent,
        "minimum": release_minimum(),
    }
