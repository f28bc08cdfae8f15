"""The shapes of what the audit's selectors return (typed dictionaries), for their callers and mypy."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict

if TYPE_CHECKING:
    from datetime import datetime

    from ..models import AgreedRating, Audit, AuditFile, Reading
    from .stats import Shares


class FileState(TypedDict):
    """One file's state (file_state): both readers' ratings, the final ones, what still needs agreeing."""

    file: AuditFile
    readings: list[Reading]
    sent: int
    both_sent: bool
    pairs: dict[str, tuple[str | None, str | None]]
    final: dict[str, str | None]
    pending: list[str]
    agreed: dict[str, AgreedRating]
    earlier: dict[str, list[AgreedRating]]


class MeasureShares(TypedDict):
    all: Shares
    groups: dict[str, Shares]


class Agreement(TypedDict):
    pairs: int
    percent: float | None
    alpha: float | None


class AuditResults(TypedDict):
    audit: Audit
    measures: list[dict[str, Any]]
    states: list[FileState]
    by_measure: dict[str, MeasureShares]
    agreement: dict[str, Agreement]
    group_sizes: dict[str, int]
    file_count: int
    complete: int
    pending_agreement: int


class ComparisonRow(TypedDict):
    measure: dict[str, Any]
    columns: list[tuple[str, Shares]]
    sentences: list[str]


class AuditComparison(TypedDict):
    before: Audit
    after: Audit
    rows: list[ComparisonRow]
    notes: list[str]
    before_results: AuditResults


class FileSummary(TypedDict):
    id: int
    reference: str
    group: str
    readers: list[int]
    sent: int
    final: dict[str, str | None] | None


class ReadingView(TypedDict):
    file: int
    reference: str
    ratings: dict[str, Any]
    sent_at: datetime | None
    partner_sent: bool
    partner_ratings: dict[str, Any] | None


class MeasureView(TypedDict):
    key: str
    title: str
    all: Shares
    groups: dict[str, Shares]
    agreement: Agreement
    sentences: list[str]


class ResultsView(TypedDict):
    audit: int
    files: int
    complete: int
    pending_agreement: int
    group_sizes: dict[str, int]
    measures: list[MeasureView]


class ColumnView(TypedDict):
    label: str
    shares: Shares


class ComparisonRowView(TypedDict):
    key: str
    title: str
    columns: list[ColumnView]
    sentences: list[str]


class ComparisonView(TypedDict):
    before: int | None
    after: int
    rows: list[ComparisonRowView]
    notes: list[str]
