"""Reads for comparing a round with the previous one (or another)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict

from django.utils import timezone

from s2t_learn.errors import NotFound
from s2t_learn.models import Membership

from ...assessment import selectors as assessment_selectors
from ...models import ActionItem, Answer
from .. import shared
from . import compare

if TYPE_CHECKING:
    from datetime import datetime

    from django_stubs_ext import StrPromise

    from ...continuum import DomainPlacement, Placement
    from ...models import Round


class PlacementShown(TypedDict):
    level: int
    level_label: str | StrPromise
    progress: int
    display: str | StrPromise


class ComparedRound(TypedDict):
    id: int
    title: str
    closed_at: datetime | None
    overall: int | None
    overall_label: str | StrPromise | None
    framework: str


class DomainCompared(TypedDict):
    key: str
    title: str
    before: PlacementShown | None
    after: PlacementShown | None
    direction: str
    level_change: int | None


class FrameworkChanges(TypedDict):
    same_version: bool
    domains_added: list[str]
    domains_removed: list[str]
    statements_added: list[str]
    statements_removed: list[str]
    statements_changed: list[str]


class CompletedItem(TypedDict):
    id: int
    outcome: str
    action: str
    completed_at: datetime | None


class ComparisonSummary(TypedDict):
    after_has_answers: bool
    before: ComparedRound
    after: ComparedRound
    overall_change: int | None
    domains: list[DomainCompared]
    framework_changes: FrameworkChanges
    completed_items: list[CompletedItem]


# ---------------------------------------------------------------- comparing rounds


def comparison(*, membership: Membership, round_id: int, other_id: int | None = None) -> dict[str, Any]:
    """This round against the previous one (or another round of the organisation): each area before and
    after, what changed in the framework, and the action items completed in between."""
    rounds = assessment_selectors.rounds_for(membership=membership).select_related("previous")
    after = rounds.filter(pk=round_id).first()
    if after is None:
        raise NotFound
    if other_id:
        before = rounds.filter(pk=other_id).exclude(pk=round_id).first()
        if before is None:
            raise NotFound
    else:
        before = after.previous
    if before is None:
        return {"round": after, "before": None, "after": after, "organisation": after.organisation}
    if (before.closed_at or before.opened_at) > (after.closed_at or after.opened_at):
        before, after = after, before
    placements = shared.placements_for(membership=membership, rounds=[before, after])
    before_placement, after_placement = placements[before.pk], placements[after.pk]
    if before_placement is None or after_placement is None:
        # An anonymous round withheld for too few answers is never compared: the difference would show it.
        return {
            "round": after,
            "before": None,
            "after": after,
            "organisation": after.organisation,
            "withheld": True,
            "framework_diff": compare.framework_diff(before.snapshot, after.snapshot),
        }
    titles = shared.domain_titles(after.snapshot, before.snapshot)
    rows = compare.compare_domains(before_placement.domains, after_placement.domains, titles)
    start = before.closed_at or before.opened_at
    end = after.closed_at or timezone.now()
    completed = list(
        ActionItem.objects.filter(
            organisation_id=after.organisation_id, completed_at__gt=start, completed_at__lte=end
        ).order_by("completed_at")
    )
    after_answered = not after.is_open or Answer.objects.filter(invitation__round=after).exists()
    return {
        "round": after,
        "organisation": after.organisation,
        "after_answered": after_answered,
        "before": before,
        "after": after,
        "before_placement": before_placement,
        "after_placement": after_placement,
        "overall_change": compare.overall_change(before_placement.overall, after_placement.overall),
        "rows": rows,
        "framework_diff": compare.framework_diff(before.snapshot, after.snapshot),
        "completed_items": completed,
        "domain_titles": titles,
    }


def _placement(p: DomainPlacement | None) -> PlacementShown | None:
    if p is None:
        return None
    return {"level": int(p.level), "level_label": p.level.label, "progress": p.progress, "display": p.display}


def _compared_round(r: Round, placement: Placement) -> ComparedRound:
    return {
        "id": r.pk,
        "title": r.title,
        "closed_at": r.closed_at,
        "overall": int(placement.overall) if placement.overall else None,
        "overall_label": placement.overall.label if placement.overall else None,
        "framework": "{name} (version {version})".format(**r.snapshot.get("framework", {"name": "?", "version": "?"})),
    }


def comparison_summary(
    *, membership: Membership, round_id: int, other_id: int | None = None
) -> ComparisonSummary | None:
    """The comparison as the API sends it (ComparisonSerializer); None when there is nothing to compare
    with: no previous round, or one of the two withheld (too few answers to release)."""
    context = comparison(membership=membership, round_id=round_id, other_id=other_id)
    if context["before"] is None:
        return None
    diff = context["framework_diff"]
    return {
        "after_has_answers": context["after_answered"],
        "before": _compared_round(context["before"], context["before_placement"]),
        "after": _compared_round(context["after"], context["after_placement"]),
        "overall_change": context["overall_change"],
        "domains": [
            {
                "key": row.key,
                "title": row.title,
                "before": _placement(row.before),
                "after": _placement(row.after),
                "direction": row.direction,
                "level_change": row.level_change,
            }
            for row in context["rows"]
        ],
        "framework_changes": {
            "same_version": diff.same_version,
            "domains_added": diff.domains_added,
            "domains_removed": diff.domains_removed,
            "statements_added": [s["key"] for s in diff.statements_added],
            "statements_removed": [s["key"] for s in diff.statements_removed],
            "statements_changed": [new["key"] for _old, new in diff.statements_changed],
        },
        "completed_items": [
            {"id": i.pk, "outcome": i.outcome, "action": i.action, "completed_at": i.completed_at}
            for i in context["completed_items"]
        ],
    }
