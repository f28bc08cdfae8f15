"""What counts in a self-assessment round, read once and shared: the sent answers (of members, while it
is open; all that were sent, once closed), the release rule's count, and the placement they give.

The results page, the reports and the plan all read through here, so they can never count differently.
A closed round's counts are kept in the cache under the moment it closed (nothing sent can change then);
moderation's agreed answers are read afresh each time.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef

from s2t_learn.errors import NotFound
from s2t_learn.models import Membership
from s2t_learn.page_cache import kept

from .. import continuum
from ..models import AgreedAnswer, Answer
from . import anonymity
from . import snapshot as snap

T = TypeVar("T")

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from django.db.models import QuerySet

    from ..models import Round, RoundInvitation
    from .anonymity import Release


def release_minimum() -> int:
    return anonymity.release_minimum(getattr(settings, "ASSESSMENT_ANONYMOUS_MINIMUM", None))


def _member_filter(round_: Round, prefix: str = "") -> Exists:
    """Invitations (or anything with a user) whose person is a member of the round's organisation, and of
    its team for a team round. Used for who may answer, who is listed and whose answers count."""
    members = Membership.objects.filter(user=OuterRef(f"{prefix}user"), organisation_id=round_.organisation_id)
    if round_.team_id:
        members = members.filter(team_id=round_.team_id)
    return Exists(members)


def _counted_invitations(round_: Round) -> QuerySet[RoundInvitation]:
    """The invitations whose answers count: sent, by a member. Once a round has closed, what was sent
    by then stands: someone leaving the organisation, or deleting their account (their answers pass
    to an anonymous stand-in), never changes a closed round's results."""
    sent = round_.invitations.filter(submitted_at__isnull=False)
    if not round_.is_open:
        return sent
    return sent.filter(_member_filter(round_))


def _release(round_: Round, sent_count: int | None = None) -> Release:
    if sent_count is None:
        sent_count = _counted_invitations(round_).count()
    return anonymity.release_state(round_.is_anonymous, round_.is_open, sent_count, release_minimum())


def _counted_answers(round_: Round) -> QuerySet[Answer]:
    return Answer.objects.filter(invitation__in=_counted_invitations(round_))


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


def _kept_while_closed(round_: Round, name: str, read: Callable[[], T]) -> T:
    """`read()`, kept in the cache for a closed round under the moment it closed: nothing sent can change
    while it stays closed, and reopening and closing it again gives a new moment. An open round, or a
    cache outage, reads afresh."""
    if round_.is_open or round_.closed_at is None:
        return read()
    return kept(cache, f"round-{name}:v1:{round_.pk}:{round_.closed_at.timestamp()}", read, 60 * 60 * 24)


def _sent_count(round_: Round) -> int:
    return _kept_while_closed(round_, "sent", lambda: _counted_invitations(round_).count())


def _counted_values(round_: Round) -> tuple[dict[str, list[str]], list[tuple[str, str, int | None]]]:
    """The counted answers' values per statement, and the notes (kept while the round is closed; the
    agreed answers of moderation are read afresh each time)."""
    counts, noted = _kept_while_closed(round_, "answers", lambda: _read_counted_values(round_))
    # The placement reads each statement's values as a list; their order does not matter to it.
    return {key: [value for value, n in found.items() for _ in range(n)] for key, found in counts.items()}, noted


def placements_of(*, membership: Membership, rounds: Sequence[Round]) -> dict[int, continuum.Placement | None]:
    """{round id: Placement, or None while withheld} for rounds of the membership's organisation (another's
    is NotFound), counted exactly as the results page counts them; the agreed answers in one query."""
    if any(round_.organisation_id != membership.organisation_id for round_ in rounds):
        raise NotFound
    agreed = agreed_values_for([r.pk for r in rounds])
    placements: dict[int, continuum.Placement | None] = {}
    for round_ in rounds:
        if not anonymity.results_visible(_release(round_, _sent_count(round_))):
            placements[round_.pk] = None  # withheld: nothing about it may show anywhere
            continue
        answers, _noted = _counted_values(round_)
        placements[round_.pk] = continuum.place(
            snap.domain_keys(round_.snapshot),
            snap.placement_statements(round_.snapshot),
            answers,
            agreed[round_.pk],
            rule=snap.rule_of(round_.snapshot),
        )
    return placements
