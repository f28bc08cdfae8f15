"""Reads and helpers the planning jobs share: the disclosure minimum, placements of several rounds, area titles,
and the assessment lead's membership."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings

from s2t_learn import rules
from s2t_learn.errors import NotFound
from s2t_learn.models import Membership

from ..assessment import counting
from ..models import Round

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..continuum import Placement


def minimum_group():
    """Learner statistics shown to an organisation are withheld for groups smaller than this (DESIGN)."""
    from s2t_learn.disclosure import minimum_group as the_minimum

    return the_minimum()


def reassessment_due_days():
    return getattr(settings, "REASSESSMENT_DUE_DAYS", 365)


# ---------------------------------------------------------------- placement without the page's extras


def placements_for(*, membership: Membership, rounds: Iterable[Round]) -> dict[int, Placement | None]:
    """{round id: Placement or None (withheld)} for rounds of the membership's organisation, counted as the
    results page counts them (the self-assessment's placements_of): a closed round's sent answers stand,
    whoever has left since."""
    return counting.placements_of(membership=membership, rounds=list(rounds))


def domain_titles(*snapshots):
    titles = {}
    for snapshot in snapshots:
        for domain in snapshot.get("domains", []):
            titles.setdefault(domain["key"], domain["title"])
    return titles


def round_by_id(*, membership: Membership, round_id: int | str) -> Round:
    """The caller's organisation's round with this id, or NotFound (another organisation's, or none)."""
    round_ = Round.objects.filter(organisation_id=membership.organisation_id, pk=round_id).first()
    if round_ is None:
        raise NotFound
    return round_


def round_of(*, membership: Membership, round_id: int | str | None) -> Round | None:
    """As round_by_id, and None when no round is given."""
    return round_by_id(membership=membership, round_id=round_id) if round_id else None


# One rule for dates (s2t_learn/rules.py); kept under this name for planning's callers.
as_date = rules.as_date
