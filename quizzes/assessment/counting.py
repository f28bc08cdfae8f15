"""What counts in a self-assessment round, read once and shared: the release rule's minimum, moderation's
agreed answers and the placement the counted answers give.

The results page, the reports and the plan all count through the package-private `_counted`, so they can
never count differently; moderation's agreed answers are read afresh each time.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from s2t_learn.errors import NotFound
from s2t_learn.models import Membership

from .. import continuum
from ..models import AgreedAnswer
from . import _counted, anonymity
from . import snapshot as snap
from ._counted import release_minimum

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from ..models import Round

__all__ = ["agreed_values_for", "placements_of", "release_minimum"]


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


def placements_of(*, membership: Membership, rounds: Sequence[Round]) -> dict[int, continuum.Placement | None]:
    """{round id: Placement, or None while withheld} for rounds of the membership's organisation (another's
    is NotFound), counted exactly as the results page counts them; the agreed answers in one query."""
    if any(round_.organisation_id != membership.organisation_id for round_ in rounds):
        raise NotFound
    agreed = agreed_values_for([r.pk for r in rounds])
    placements: dict[int, continuum.Placement | None] = {}
    for round_ in rounds:
        if not anonymity.results_visible(_counted.release(round_, _counted.sent_count(round_))):
            placements[round_.pk] = None  # withheld: nothing about it may show anywhere
            continue
        answers, _noted = _counted.counted_values(round_)
        placements[round_.pk] = continuum.place(
            snap.domain_keys(round_.snapshot),
            snap.placement_statements(round_.snapshot),
            answers,
            agreed[round_.pk],
            rule=snap.rule_of(round_.snapshot),
        )
    return placements
