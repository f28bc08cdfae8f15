"""Report files: a PDF and a CSV of a closed round, and a PDF of the action plan.

Reports carry the placement, the group's answers, the explanations, next steps, targets and the plan.
They never carry any individual's answers or notes, in any round, and the spread of answers only where
the results page itself would show it (in an anonymous round, from 3 answers).
"""

import csv
import io

from django.utils import timezone
from django.utils.text import slugify

from ... import continuum_levels
from ...assessment import selectors as assessment_selectors
from ...models import ReportJob
from ...report_pdf import render_pdf
from ..targets import selectors as target_selectors
from . import selectors as report_selectors

ANSWER_LABELS = dict(continuum_levels.FLAG_CHOICES + continuum_levels.GATE_CHOICES)


# Builders of report kinds that other parts own: {kind: build(job) -> (filename, content type, bytes)}.
# The audits register theirs (QuizzesConfig.ready), so that planning's report worker never imports them.
_builders = {}


def register_report_builder(kinds, builder) -> None:
    for kind in kinds:
        _builders[kind] = builder


def build(job):
    """(filename, content type, bytes) for a job."""
    if job.kind in _builders:
        return _builders[job.kind](job)
    stamp = timezone.localdate().isoformat()
    if job.kind == ReportJob.Kind.ROUND_PDF:
        name = f"{slugify(job.organisation.slug)}-{slugify(job.round.title)}-{stamp}.pdf"
        return name, "application/pdf", round_pdf(job)
    if job.kind == ReportJob.Kind.ROUND_CSV:
        name = f"{slugify(job.organisation.slug)}-{slugify(job.round.title)}-{stamp}.csv"
        return name, "text/csv; charset=utf-8", round_csv(job)
    if job.kind == ReportJob.Kind.PLAN_PDF:
        scope = f"-{slugify(job.team.name)}" if job.team_id else ""
        name = f"{slugify(job.organisation.slug)}{scope}-action-plan-{stamp}.pdf"
        return name, "application/pdf", plan_pdf(job)
    raise ValueError(f"unknown report kind {job.kind}")


def round_pdf(job):
    return render_pdf("planning/pdf/round_report.html", report_selectors.round_report_context(job=job))


def plan_pdf(job):
    """The action plan of the job's scope (a team's, or the organisation's), reading "now" from the chosen
    closed round of that scope, or its latest released one: the same rule as the plan page."""
    return render_pdf("planning/pdf/plan_report.html", report_selectors.plan_report_context(job=job))


def safe_cell(value):
    """Stop a spreadsheet from running a cell as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


CSV_COLUMNS = [
    "organisation",
    "round",
    "closed",
    "respondents",
    "overall_level",
    "area_key",
    "area",
    "area_level",
    "area_result",
    "target_level",
    "statement_key",
    "statement_kind",
    "statement_level",
    "statement",
    "group_answer",
    "answer_source",
    "spread",
    "provisional",
    "agreed_on",
    "agreed_reason",
    "group_answer_before_agreement",
]


def round_csv(job):
    """One row per statement of the job's round, with its area's level and target. The group's answer only:
    no individual's."""
    round_ = job.round
    targets = target_selectors.round_report_planning(job=job)["targets"]
    data = assessment_selectors.results_for_report(job=job)
    if not data["visible"]:
        from ...assessment.errors import ResultsWithheld

        raise ResultsWithheld
    placement = data["placement"]
    by_domain = {p.domain: p for p in placement.domains}
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for domain in round_.snapshot["domains"]:
        domain_placement = by_domain[domain["key"]]
        target = targets.get(domain["key"])
        for statement in domain["statements"]:
            aggregate = placement.aggregates[statement["key"]]
            spread = data["spread"].get(statement["key"])
            agreed = data["agreed"].get(statement["key"])
            writer.writerow(
                [
                    safe_cell(value)
                    for value in (
                        round_.organisation.name,
                        round_.title,
                        round_.closed_at.date().isoformat() if round_.closed_at else "",
                        data["respondent_count"],
                        placement.overall.label if placement.overall else "",
                        domain["key"],
                        domain["title"],
                        domain_placement.level.label,
                        domain_placement.display,
                        continuum_levels.ContinuumLevel(target).label if target else "",
                        statement["key"],
                        statement["kind"],
                        continuum_levels.ContinuumLevel.from_key(statement["level"]).label
                        if statement["level"]
                        else "",
                        statement["text"],
                        ANSWER_LABELS.get(aggregate.value, "Unknown") if aggregate.value else "Unknown",
                        aggregate.source,
                        "withheld (fewer than 3 answers)"
                        if spread is None
                        else "; ".join(f"{ANSWER_LABELS.get(k, k)}: {n}" for k, n in sorted(spread.items())),
                        "yes" if data["provisional"] else "no",
                        agreed.decided_at.date().isoformat() if agreed else "",
                        agreed.reason if agreed else "",
                        ANSWER_LABELS.get(agreed.group_value, agreed.group_value) if agreed else "",
                    )
                ]
            )
    # A byte-order mark so that spreadsheet programs read the file as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
