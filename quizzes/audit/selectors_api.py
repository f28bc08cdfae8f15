"""What the case-file audit API answers, built from the reads in quizzes.audit.selectors; its serializers
render these shapes (quizzes.audit.shapes)."""

from __future__ import annotations

from collections.abc import Sequence

from s2t_learn.models import Membership

from ..models import Audit, AuditFile, Reading
from . import stats
from .selectors import comparison, file_state, files_visible_to, pair_view, partner_reading, results
from .shapes import ComparisonView, FileSummary, ReadingView, ResultsView


def file_summary(file: AuditFile, measure_keys: Sequence[str], is_lead: bool) -> FileSummary:
    state = file_state(file, measure_keys)
    return {
        "id": file.pk,
        "reference": file.reference,
        "group": file.group,
        "readers": [r.reader_id for r in file.readings.all()],
        "sent": state["sent"],
        "final": state["final"] if is_lead else None,
    }


def file_summaries_for(*, membership: Membership, audit_id: int) -> list[FileSummary]:
    """The files the caller may see (a lead every file, a reader their own), each summarised."""
    audit, files, is_lead = files_visible_to(membership=membership, audit_id=audit_id)
    keys = [m["key"] for m in audit.measures]
    return [file_summary(f, keys, is_lead) for f in files]


def reading_view(reading: Reading) -> ReadingView:
    partner = partner_reading(reading)
    visible = pair_view(reading, partner)
    return {
        "file": reading.file_id,
        "reference": reading.file.reference,
        "ratings": reading.ratings,
        "sent_at": reading.sent_at,
        "partner_sent": bool(partner and partner.sent_at),
        "partner_ratings": visible.ratings if visible else None,
    }


def results_view(audit: Audit) -> ResultsView:
    data = results(audit)
    return {
        "audit": audit.pk,
        "files": data["file_count"],
        "complete": data["complete"],
        "pending_agreement": data["pending_agreement"],
        "group_sizes": data["group_sizes"],
        "measures": [
            {
                "key": m["key"],
                "title": m["title"],
                "all": data["by_measure"][m["key"]]["all"],
                "groups": data["by_measure"][m["key"]]["groups"],
                "agreement": data["agreement"][m["key"]],
                "sentences": stats.measure_sentences(m["title"], data["by_measure"][m["key"]]["all"]),
            }
            for m in data["measures"]
        ],
    }


def comparison_view(audit: Audit) -> ComparisonView:
    found = comparison(audit)
    if found is None:
        return {"before": None, "after": audit.pk, "rows": [], "notes": []}
    return {
        "before": found["before"].pk,
        "after": audit.pk,
        "rows": [
            {
                "key": row["measure"]["key"],
                "title": row["measure"]["title"],
                "columns": [{"label": label, "shares": shares} for label, shares in row["columns"]],
                "sentences": row["sentences"],
            }
            for row in found["rows"]
        ],
        "notes": found["notes"],
    }
