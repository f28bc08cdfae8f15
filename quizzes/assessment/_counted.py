"""What counts in a self-assessment round, for the assessment package alone (a leading underscore: no
module outside quizzes/assessment imports it, and a test holds that).

Each function takes a round its caller has already read through the checked membership (a lead's
`round_for_lead`, a respondent's `invitation_for`, a report job's requester): the sent answers (of
members, while it is open; all that were sent, once closed), the release rule's count, and the values the
placement reads. A closed round's counts are kept in the cache under the moment it closed (nothing sent
can change then). The public reads built on them are in counting.py and selectors.py.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef

from s2t_learn.models import Membership
from s2t_learn.page_cache import kept

from ..models import Answer
from . import anonymity

T = TypeVar("T")

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.db.models import QuerySet

    from ..models import Round, RoundInvitation
    from .anonymity import Release


def release_minimum() -> int:
    return anonymity.release_minimum(getattr(settings, "ASSESSMENT_ANONYMOUS_MINIMUM", None))


def member_filter(round_: Round, prefix: str = "") -> Exists:
    """Invitations (or anything with a user) whose person is a member of the round's organisation, and of
    its team for a team round. Used for who may answer, who is listed and whose answers count."""
    members = Membership.objects.filter(user=OuterRef(f"{prefix}user"), organisation_id=round_.organisation_id)
    if round_.team_id:
        members = members.filter(team_id=round_.team_id)
    return Exists(members)


def counted_invitations(round_: Round) -> QuerySet[RoundInvitation]:
    """The invitations whose answers count: sent, by a member. Once a round has closed, what was sent
    by then stands: someone leaving the organisation, or deleting their account (their answers pass
    to an anonymous stand-in), never changes a closed round's results."""
    sent = round_.invitations.filter(submitted_at__isnull=False)
    if not round_.is_open:
        return sent
    return sent.filter(member_filter(round_))


def release(round_: Round, sent_count: int | None = None) -> Release:
    if sent_count is None:
        sent_count = counted_invitations(round_).count()
    return anonymity.release_state(round_.is_anonymous, round_.is_open, sent_count, release_minimum())


def counted_answers(round_: Round) -> QuerySet[Answer]:
    return Answer.objects.filter(invitation__in=counted_invitations(round_))


def _read_counted_values(round_: Round) -> tuple[dict[str, dict[str, int]], list[tuple[str, str, int | None]]]:
    """({statement key: {value: how many sent it}}, [(statement key, note, user id)] for the answers with
    a note, in the order given): values only, never model instances, for tens of thousands of answers."""
    counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
    noted: list[tuple[str, str, int | None]] = []
    for key, value, note, user_id in (
        counted_answers(round_).order_by("pk").values_list("statement_key", "value", "note", "invitation__user_id")
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


def sent_count(round_: Round) -> int:
    return _kept_while_closed(round_, "sent", lambda: counted_invitations(round_).count())


def counted_values(round_: Round) -> tuple[dict[str, list[str]], list[tuple[str, str, int | None]]]:
    """The counted answers' values per statement, and the notes (kept while the round is closed; the
    agreed answers of moderation are read afresh each time)."""
    counts, noted = _kept_while_closed(round_, "answers", lambda: _read_counted_values(round_))
    # The placement reads each statement's values as a list; their order does not matter to it.
    return {key: [value for value, n in found.items() for _ in range(n)] for key, found in counts.items()}, noted
