"""Reads for self-assessment rounds: isolation lives here.

A lead's reads take the checked membership (s2t_learn/access.py): `round_for_lead` finds the round in
the membership's organisation, and the reads of a round already found check it is of that organisation.
A respondent's reads start from their own invitation (`invitation_for`). Helpers with a leading
underscore check nothing: they serve the checked functions of this package."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, Q

from s2t_learn.access import require_role
from s2t_learn.errors import NotFound
from s2t_learn.models import Membership, Role, User

from .. import continuum
from ..models import AgreedAnswer, Answer, Framework, Round, RoundInvitation
from . import anonymity
from . import snapshot as snap
from ._counted import counted_answers, counted_invitations, counted_values, member_filter, sent_count
from ._counted import release as release_state_of
from .counting import release_minimum

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


def _is_member_for(user: User, round_: Round) -> bool:
    members = Membership.objects.filter(user=user, organisation_id=round_.organisation_id)
    if round_.team_id:
        members = members.filter(team_id=round_.team_id)
    return members.exists()


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
        round_.invitations.filter(Q(user__isnull=True) | member_filter(round_))
        .annotate(answered=Count("answers"))
        .values_list("answered", "submitted_at")
    )
    return anonymity.counts((answered, submitted is not None) for answered, submitted in rows)


def release(round_: Round, *, membership: Membership, sent_count: int | None = None) -> Release:
    """The release state (anonymity.release_state) of a round the lead may read."""
    return release_state_of(_lead_round(round_, membership), sent_count)


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
    if not anonymity.individual_visible(release_state_of(round_, sent_count=0)):
        return None
    return list(
        round_.invitations.filter(Q(user__isnull=True) | member_filter(round_))
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
    if not anonymity.individual_visible(release_state_of(round_, sent_count=0)):
        return None
    by_person: defaultdict[User | None, dict[str, Answer]] = defaultdict(dict)
    answers = Answer.objects.filter(invitation__in=counted_invitations(round_)).select_related("invitation__user")
    for answer in answers.order_by("invitation__created_at", "pk"):
        by_person[answer.invitation.user][answer.statement_key] = answer
    return dict(by_person)


def raw_answers(round_: Round, *, membership: Membership) -> defaultdict[str, list[str]]:
    """{statement key: [value, ...]} from sent answers only."""
    _lead_round(round_, membership)
    grouped: defaultdict[str, list[str]] = defaultdict(list)
    for key, value in counted_answers(round_).values_list("statement_key", "value"):
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


def _results(round_: Round) -> RoundResults:
    sent = sent_count(round_)
    state = release_state_of(round_, sent)
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
    answers, noted = counted_values(round_)
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
