"""Reads for self-assessment rounds: isolation lives here.

A lead's reads take the checked membership (s2t_learn/access.py): `round_for_lead` finds the round in
the membership's organisation, and the reads of a round already found check it is of that organisation.
A respondent's reads start from their own invitation (`invitation_for`). Helpers with a leading
underscore check nothing: they serve the checked functions of this package."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any, TypedDict

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q

from s2t_learn.access import require_role
from s2t_learn.errors import NotFound
from s2t_learn.models import Membership, Role, User

from .. import continuum
from ..models import AgreedAnswer, Answer, Framework, Round, RoundInvitation
from . import anonymity
from . import snapshot as snap

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence
    from datetime import datetime

    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet

    from ..models import ReportJob
    from .anonymity import Release, RoundCounts


class ValueAndNote(TypedDict):
    value: str
    note: str


class MyResponse(TypedDict):
    answers: dict[str, ValueAndNote]
    submitted_at: datetime | None


class Note(TypedDict):
    by: User | None
    text: str


class RoundResults(TypedDict):
    """What `results` gives: until the release rule holds, only the release state, the snapshot's
    statements and domains, and the number who sent."""

    release: Release
    visible: bool
    placement: continuum.Placement | None
    statements: dict[str, dict[str, Any]]
    domains: dict[str, dict[str, Any]]
    agreed: dict[str, AgreedAnswer]
    history: dict[str, list[AgreedAnswer]]
    states: dict[str, str]
    notes: dict[str, list[Note]]
    spread: dict[str, dict[str, int] | None]
    provisional: bool
    respondent_count: int
    minimum: int


def release_minimum() -> int:
    return anonymity.release_minimum(getattr(settings, "ASSESSMENT_ANONYMOUS_MINIMUM", None))


def _member_filter(round_: Round, prefix: str = "") -> Exists:
    """Invitations (or anything with a user) whose person is a member of the round's organisation, and of
    its team for a team round. Used for who may answer, who is listed and whose answers count."""
    members = Membership.objects.filter(user=OuterRef(f"{prefix}user"), organisation_id=round_.organisation_id)
    if round_.team_id:
        members = members.filter(team_id=round_.team_id)
    return Exists(members)


def _is_member_for(user: User, round_: Round) -> bool:
    members = Membership.objects.filter(user=user, organisation_id=round_.organisation_id)
    if round_.team_id:
        members = members.filter(team_id=round_.team_id)
    return members.exists()


def _counted_invitations(round_: Round) -> QuerySet[RoundInvitation]:
    """The invitations whose answers count: sent, by a member. Once a round has closed, what was sent
    by then stands: someone leaving the organisation, or deleting their account (their answers pass
    to an anonymous stand-in), never changes a closed round's results."""
    sent = round_.invitations.filter(submitted_at__isnull=False)
    if not round_.is_open:
        return sent
    return sent.filter(_member_filter(round_))


def _lead_round(round_: Round, membership: Membership) -> Round:
    """The round, if the member leads assessments in the round's organisation: a round found through
    `round_for_lead` passes; another organisation's round does not exist for them (404)."""
    require_role(membership, Role.ASSESSMENT_LEAD)
    if round_.organisation_id != membership.organisation_id:
        raise NotFound
    return round_


def round_counts(round_: Round, *, membership: Membership) -> RoundCounts:
    """How many members were invited, started and sent: numbers only, safe for any round."""
    _lead_round(round_, membership)
    rows = (
        round_.invitations.filter(Q(user__isnull=True) | _member_filter(round_))
        .annotate(answered=Count("answers"))
        .values_list("answered", "submitted_at")
    )
    return anonymity.counts((answered, submitted is not None) for answered, submitted in rows)


def release(round_: Round, *, membership: Membership, sent_count: int | None = None) -> Release:
    """The release state (anonymity.release_state) of a round the lead may read."""
    return _release(_lead_round(round_, membership), sent_count)


def _release(round_: Round, sent_count: int | None = None) -> Release:
    if sent_count is None:
        sent_count = _counted_invitations(round_).count()
    return anonymity.release_state(round_.is_anonymous, round_.is_open, sent_count, release_minimum())


def active_framework() -> Framework | None:
    return Framework.objects.filter(is_active=True).order_by("-version").first()


def rounds_for(*, membership: Membership) -> QuerySet[Round]:
    require_role(membership, Role.ASSESSMENT_LEAD)
    return Round.objects.filter(organisation=membership.organisation).select_related("team", "organisation")


def round_for_lead(*, membership: Membership, round_id: int) -> Round:
    round_ = rounds_for(membership=membership).filter(pk=round_id).first()
    if round_ is None:
        raise NotFound
    return round_


def invitation_for(user: User | AnonymousUser, round_id: int) -> RoundInvitation:
    """The user's own response to a round; a round they were not invited to does not exist for them."""
    if not user.is_authenticated:
        raise NotFound
    invitation = (
        RoundInvitation.objects.select_related("round", "round__organisation")
        .filter(round_id=round_id, user=user)
        .first()
    )
    if invitation is None or not _is_member_for(user, invitation.round):
        raise NotFound
    return invitation


def my_answers(invitation: RoundInvitation) -> dict[str, Answer]:
    """The respondent's chosen answers (what counts towards "done" and, once sent, the results)."""
    return {a.statement_key: a for a in invitation.answers.all()}


def my_answers_and_notes(invitation: RoundInvitation) -> dict[str, ValueAndNote]:
    """{statement key: {"value", "note"}}: the chosen answers, and the notes typed for statements not yet
    answered (value ""), so a respondent gets back everything they wrote."""
    kept: dict[str, ValueAndNote] = {
        key: {"value": "", "note": note} for key, note in (invitation.pending_notes or {}).items()
    }
    kept.update({key: {"value": a.value, "note": a.note} for key, a in my_answers(invitation).items()})
    return kept


def my_response(invitation: RoundInvitation) -> MyResponse:
    """The respondent's response as the API sends it: everything they wrote, and when they sent it."""
    return {"answers": my_answers_and_notes(invitation), "submitted_at": invitation.submitted_at}


def respondents(round_: Round, *, membership: Membership) -> list[RoundInvitation] | None:
    """Named rounds only: which members were invited, how far they got and whether they sent. Never their
    answers. An anonymous round gives None: its lead sees counts (round_counts), never names or progress."""
    _lead_round(round_, membership)
    if not anonymity.individual_visible(_release(round_, sent_count=0)):
        return None
    return list(
        round_.invitations.filter(Q(user__isnull=True) | _member_filter(round_))
        .select_related("user")
        .annotate(answered=Count("answers"))
        .order_by("created_at")
    )


def eligible_members(round_: Round, *, membership: Membership) -> QuerySet[Membership]:
    """The memberships a round is for: the organisation's members, or the team's for a team round."""
    _lead_round(round_, membership)
    members = Membership.objects.filter(organisation_id=round_.organisation_id)
    if round_.team_id:
        members = members.filter(team_id=round_.team_id)
    return members


def invited_user_ids(round_: Round, *, membership: Membership) -> set[int]:
    _lead_round(round_, membership)
    return set(round_.invitations.filter(user__isnull=False).values_list("user_id", flat=True))


def individual_answers(round_: Round, *, membership: Membership) -> dict[User | None, dict[str, Answer]] | None:
    """Each named respondent's sent answers: named rounds only. Anonymous rounds never show them."""
    _lead_round(round_, membership)
    if not anonymity.individual_visible(_release(round_, sent_count=0)):
        return None
    by_person: defaultdict[User | None, dict[str, Answer]] = defaultdict(dict)
    answers = Answer.objects.filter(invitation__in=_counted_invitations(round_)).select_related("invitation__user")
    for answer in answers.order_by("invitation__created_at", "pk"):
        by_person[answer.invitation.user][answer.statement_key] = answer
    return dict(by_person)


def _counted_answers(round_: Round) -> QuerySet[Answer]:
    return Answer.objects.filter(invitation__in=_counted_invitations(round_))


def raw_answers(round_: Round, *, membership: Membership) -> defaultdict[str, list[str]]:
    """{statement key: [value, ...]} from sent answers only."""
    _lead_round(round_, membership)
    grouped: defaultdict[str, list[str]] = defaultdict(list)
    for key, value in _counted_answers(round_).values_list("statement_key", "value"):
        grouped[key].append(value)
    return grouped


def _agreed_history(round_: Round) -> dict[str, list[AgreedAnswer]]:
    """{statement key: [AgreedAnswer, oldest first]}: the whole moderation record."""
    grouped: defaultdict[str, list[AgreedAnswer]] = defaultdict(list)
    for entry in AgreedAnswer.objects.filter(round=round_).select_related("decided_by"):
        grouped[entry.statement_key].append(entry)
    return dict(grouped)


def current_agreed(history: Mapping[str, Sequence[AgreedAnswer]]) -> dict[str, AgreedAnswer]:
    """The latest entry per statement, where it agreed an answer (not 'left as the group said')."""
    return {key: entries[-1] for key, entries in history.items() if entries and entries[-1].value}


def agreed_values_for(round_ids: Iterable[int]) -> defaultdict[int, dict[str, str]]:
    """{round id: {statement key: value}} from the latest moderation entries, for several rounds at once."""
    latest: dict[tuple[int, str], str] = {}
    for round_id, key, value in (
        AgreedAnswer.objects.filter(round_id__in=list(round_ids))
        .order_by("decided_at", "pk")
        .values_list("round_id", "statement_key", "value")
    ):
        latest[(round_id, key)] = value
    grouped: defaultdict[int, dict[str, str]] = defaultdict(dict)
    for (round_id, key), value in latest.items():
        if value:
            grouped[round_id][key] = value
    return grouped


def _notes(round_: Round, state: Release, rows: Iterable[tuple[str, str, int | None]] = ()) -> dict[str, list[Note]]:
    """{statement key: [{"by": person or None, "text": note}]}: unattributed and shuffled in anonymous
    rounds, and nothing at all until the release rule holds. `rows` are the counted answers' (statement
    key, note, user id), read once with their values; the people are read only for attributed notes."""
    if not anonymity.notes_visible(state):
        return {}
    with_notes = [(key, note, user_id) for key, note, user_id in rows if note]
    if anonymity.notes_attributed(state):
        people = User.objects.in_bulk({user_id for _key, _note, user_id in with_notes if user_id is not None})
        attributed: defaultdict[str, list[Note]] = defaultdict(list)
        for key, note, user_id in with_notes:
            attributed[key].append({"by": people.get(user_id) if user_id is not None else None, "text": note})
        return dict(attributed)
    texts: defaultdict[str, list[str]] = defaultdict(list)
    for key, note, _user_id in with_notes:
        texts[key].append(note)
    return {
        key: [{"by": None, "text": text} for text in anonymity.shuffled_notes(found, f"{round_.pk}:{key}")]
        for key, found in texts.items()
    }


def _statement_states(
    round_: Round, placement: continuum.Placement | None, history: Mapping[str, Sequence[AgreedAnswer]]
) -> dict[str, str]:
    """Each statement's moderation state: 'agreed', 'left' (as the group said), 'discuss' or ''."""
    states: dict[str, str] = {}
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


def results(round_: Round, *, membership: Membership) -> RoundResults:
    """Placement per domain and overall, with what it rests on, and the spread where privacy allows, of
    a round the lead may read. Until the release rule holds (anonymity.release_state), everything but
    the number who sent is None."""
    return _results(_lead_round(round_, membership))


def results_for_report(*, job: ReportJob) -> RoundResults:
    """The same, for a report job: a job is made only by `request_report`, which a lead of the round's
    organisation must pass, so the job is its own checked scope (its worker has no request)."""
    assert job.round is not None  # a round's report job names its round
    return _results(job.round)


def results_for_respondent(*, invitation: RoundInvitation) -> RoundResults:
    """The same, for a respondent's own invitation (from `invitation_for`), for the summary a round that
    shares one shows them after it closes."""
    if not (invitation.round.share_summary and not invitation.round.is_open):
        raise NotFound
    return _results(invitation.round)


def _read_counted_values(round_: Round) -> tuple[dict[str, dict[str, int]], list[tuple[str, str, int | None]]]:
    """({statement key: {value: how many sent it}}, [(statement key, note, user id)] for the answers with
    a note, in the order given): values only, never model instances, for tens of thousands of answers."""
    counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
    noted: list[tuple[str, str, int | None]] = []
    for key, value, note, user_id in (
        _counted_answers(round_).order_by("pk").values_list("statement_key", "value", "note", "invitation__user_id")
    ):
        counts[key][value] += 1
        if note:
            noted.append((key, note, user_id))
    return {key: dict(found) for key, found in counts.items()}, noted


def _counted_values(round_: Round) -> tuple[dict[str, list[str]], list[tuple[str, str, int | None]]]:
    """The counted answers' values per statement, and the notes. A closed round's are kept in the cache
    under the moment it closed: nothing sent can change while it stays closed, and reopening and closing
    it again gives a new moment. (Moderation changes the agreed answers, read afresh each time.)"""
    if round_.is_open or round_.closed_at is None:
        counts, noted = _read_counted_values(round_)
    else:
        key = f"round-answers:v1:{round_.pk}:{round_.closed_at.timestamp()}"
        try:
            found = cache.get(key)
        except Exception:  # noqa: BLE001 - a cache outage means reading them
            found = None
        if found is None:
            found = _read_counted_values(round_)
            try:
                cache.set(key, found, 60 * 60 * 24)
            except Exception:  # noqa: BLE001
                pass
        counts, noted = found
    # The placement reads each statement's values as a list; their order does not matter to it.
    return {key: [value for value, n in found.items() for _ in range(n)] for key, found in counts.items()}, noted


def _results(round_: Round) -> RoundResults:
    sent = _counted_invitations(round_).count()
    state = _release(round_, sent)
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
    answers, noted = _counted_values(round_)
    history = _agreed_history(round_)
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
    states = _statement_states(round_, placement, history)
    return {
        "release": state,
        "visible": True,
        "placement": placement,
        "statements": statements,
        "domains": domains,
        "agreed": agreed,
        "history": history,
        "states": states,
        "notes": _notes(round_, state, noted),
        "spread": spread,
        "provisional": any(value == "discuss" for value in states.values()),
        "respondent_count": sent,
        "minimum": release_minimum(),
    }
