"""The audit's PDF report and CSV data, made by the background worker (planning's ReportJob and task).
They carry shares per measure and group (small groups withheld), agreement and the comparison; file
references and individual readers' ratings stay out."""

import csv
import io

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..report_pdf import render_pdf
from . import charts, selectors, stats

CREDIT = (
    "The five measures follow the case-file audits reported by Safe and Together Edinburgh (2014 and 2017); "
    "their guidance is S2T Learn's own wording. S2T Learn is independent: it is not made, endorsed or "
    "certified by the Safe & Together Institute."
)


def results_context(audit):
    """What the results page and the PDF report show: per measure, the bars, chart, agreement and steps."""
    data = selectors.results(audit)
    recommendations = selectors.recommendations_by_measure()
    rows = []
    for measure in data["measures"]:
        key = measure["key"]
        entry = data["by_measure"][key]
        bars = [(_("All files"), entry["all"])] + [(g, entry["groups"][g]) for g in audit.groups]
        rows.append(
            {
                "measure": measure,
                "bars": bars,
                "chart": charts.stacked_bars(f"chart-{key}", measure["title"], bars),
                "sentences": selectors.stats.measure_sentences(measure["title"], entry["all"]),
                "agreement": data["agreement"][key],
                "agreement_label": selectors.stats.agreement_label(data["agreement"][key]["alpha"]),
                "recommendations": recommendations.get(key, []),
            }
        )
    return {"organisation": audit.organisation, "audit": audit, "results": data, "rows": rows}


def audit_pdf(audit):
    context = results_context(audit)
    context["comparison"] = selectors.comparison(audit)
    return render_pdf("audit/pdf/audit_report.html", {**context, "audit_credit": CREDIT})


CSV_COLUMNS = [
    "organisation",
    "audit",
    "measure_key",
    "measure",
    "sample",
    "files_rated",
    "fully_met_percent",
    "partially_met_percent",
    "not_met_percent",
    "fully_or_partially_percent",
    "percent_agreement_before_reconciling",
    "krippendorff_alpha_ordinal",
]


def audit_csv(audit):
    from ..planning.reports.files import safe_cell

    data = selectors.results(audit)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for measure in data["measures"]:
        entry = data["by_measure"][measure["key"]]
        agreement = data["agreement"][measure["key"]]
        for label, shares in [("All files", entry["all"])] + list(entry["groups"].items()):
            withheld = shares.withheld
            writer.writerow(
                [
                    safe_cell(v)
                    for v in (
                        audit.organisation.name,
                        audit.title,
                        measure["key"],
                        measure["title"],
                        label,
                        shares.files,
                        "withheld" if withheld else shares.fully,
                        "withheld" if withheld else shares.partially,
                        "withheld" if withheld else shares.not_met,
                        "withheld" if withheld else shares.fully_or_partially,
                        "" if agreement["percent"] is None else f"{agreement['percent']:.0f}",
                        "" if agreement["alpha"] is None else f"{agreement['alpha']:.2f}",
                    )
                ]
            )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def build(job):
    stamp = timezone.localdate().isoformat()
    base = f"{slugify(job.organisation.slug)}-{slugify(job.audit.title)}-{stamp}"
    if job.kind == "audit_pdf":
        return base + ".pdf", "application/pdf", audit_pdf(job.audit)
    return base + ".csv", "text/csv; charset=utf-8", audit_csv(job.audit)


__all__ = ["build", "stats"]
