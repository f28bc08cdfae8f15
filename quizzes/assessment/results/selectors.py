"""Reads for a round's results as plain data: what the API's results answer renders (results/api.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from s2t_learn.models import Membership

from .. import reading, selectors
from .. import snapshot as snap

if TYPE_CHECKING:
    from datetime import datetime

    from django_stubs_ext import StrPromise


class DomainResult(TypedDict):
    key: str
    title: str
    level: int
    level_label: str | StrPromise
    progress: int
    display: str | StrPromise
    holding: list[str]
    to_move_up: list[str]
    unknown: list[str]
    status: str
    status_label: str
    progress_text: str
    provisional: bool
    undecided: list[str]
    minority_flags: list[str]


class StatementResult(TypedDict):
    key: str
    value: str | None
    source: str
    spread: dict[str, int] | None


class ModerationEntry(TypedDict):
    statement: str
    value: str
    group_value: str
    reason: str
    decided_by: str | None
    decided_at: datetime


class ResultsSummary(TypedDict):
    """What the API's results answer renders (results/api.py ResultsSerializer)."""

    round: int
    release: str
    visible: bool
    release_minimum: int
    provisional: bool
    rule: str
    status: str
    rule_version: int
    rule_summary: list[str]
    framework_version: int | None
    setting: str
    respondent_count: int
    overall: int | None
    overall_label: str | StrPromise | None
    domains: list[DomainResult]
    statements: list[StatementResult]
    discussion: list[str]
    moderation: list[ModerationEntry]


RULE = (
    "Overall is the lowest domain (a limiting judgement): proficient practice is consistent throughout. "
    "This rule is this platform's own reading of the continuum of practice (c) 2015 David Mandel & Associates LLC."
)


def results_summary(*, membership: Membership, round_id: int) -> ResultsSummary:
    """The lead's results of a round: the placement per area and overall, each statement's group answer
    and spread where privacy allows, and the moderation record. Until the release rule holds, only the
    number who sent and the release state (anonymity.release_state)."""
    round_ = selectors.round_for_lead(membership=membership, round_id=round_id)
    data = selectors.results(round_, membership=membership)
    rule = snap.rule_of(round_.snapshot)
    base: ResultsSummary = {
        "round": round_.pk,
        "release": str(data["release"]),
        "visible": data["visible"],
        "release_minimum": data["minimum"],
        # Flagged statements undiscussed (moderation), or a minority harmful-practice flag (placement).
        "provisional": data["provisional"],
        "rule": RULE,
        "status": "withheld",
        "rule_version": rule.version,
        "rule_summary": [],
        "framework_version": snap.framework_label(round_.snapshot)["version"],
        "setting": round_.snapshot.get("setting") or "",
        "respondent_count": data["respondent_count"],
        "overall": None,
        "overall_label": None,
        "domains": [],
        "statements": [],
        "discussion": [],
        "moderation": [],
    }
    if not data["visible"]:
        return base
    placement = data["placement"]
    assert placement is not None  # visible results carry their placement
    return {
        **base,
        "status": placement.status,
        "provisional": data["provisional"] or placement.provisional,
        "rule_summary": [str(sentence) for sentence in reading.rule_summary(rule)],
        "overall": int(placement.overall) if placement.overall else None,
        "overall_label": placement.overall.label if placement.overall else None,
        "domains": [
            {
                "key": d.domain,
                "title": data["domains"][d.domain]["title"],
                "level": int(d.level),
                "level_label": d.level.label,
                "progress": d.progress,
                "display": d.display,
                "holding": d.holding,
                "to_move_up": d.to_move_up,
                "unknown": d.unknown,
                "status": d.status,
                "status_label": str(reading.status_label(d)),
                "progress_text": str(reading.progress_text(d)),
                "provisional": d.provisional,
                "undecided": d.undecided,
                "minority_flags": d.minority_flags,
            }
            for d in placement.domains
        ],
        "statements": [
            {"key": key, "value": agg.value, "source": agg.source, "spread": data["spread"][key]}
            for key, agg in placement.aggregates.items()
        ],
        "discussion": placement.discussion,
        "moderation": [
            {
                "statement": key,
                "value": entry.value,
                "group_value": entry.group_value,
                "reason": entry.reason,
                "decided_by": entry.decided_by.display_name if entry.decided_by else None,
                "decided_at": entry.decided_at,
            }
            for key in data["statements"]
            for entry in data["history"].get(key, [])
        ],
    }
