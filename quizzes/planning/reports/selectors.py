"""Reads for report jobs and what a round's or plan's report shows.

A lead's reads take the checked membership. What a report shows is read for its job: the worker makes it
later, with no request, and the job was checked when the lead asked for it (services.request_report)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from s2t_learn.access import require_role
from s2t_learn.errors import NotFound
from s2t_learn.models import Membership, Role

from ...assessment import selectors as assessment_selectors
from ...models import ReportJob
from .. import shared
from ..recommendations import selectors as recommendation_selectors
from ..targets import selectors as target_selectors

if TYPE_CHECKING:
    from django.db.models import QuerySet

# ---------------------------------------------------------------- reports


def report_jobs_for(*, membership: Membership) -> QuerySet[ReportJob]:
    require_role(membership, Role.ASSESSMENT_LEAD)
    return ReportJob.objects.filter(organisation=membership.organisation).defer("content").select_related("round")


def report_job_for(*, membership: Membership, job_id: int, with_content: bool = False) -> ReportJob:
    require_role(membership, Role.ASSESSMENT_LEAD)
    jobs = ReportJob.objects.filter(organisation=membership.organisation).select_related("round", "organisation")
    job = (jobs if with_content else jobs.defer("content")).filter(pk=job_id).first()
    if job is None:
        raise NotFound
    return job


def round_report_context(*, job: ReportJob) -> dict[str, Any]:
    """Everything a round's results report needs, for its job. Never individual answers."""
    from ...assessment import charts, reading

    planning = target_selectors.round_report_planning(job=job)
    round_ = job.round
    data = assessment_selectors.results_for_report(job=job)
    if not data["visible"]:
        from ...assessment.errors import ResultsWithheld

        raise ResultsWithheld
    placement = data["placement"]
    assert round_ is not None and placement is not None  # a round's job, with its results visible
    rows = [
        {
            "placement": domain,
            "domain": data["domains"][domain.domain],
            "status_label": reading.status_label(domain),
            "progress_text": reading.progress_text(domain),
            "holding": [data["statements"][k] for k in domain.holding],
            "unknown": [data["statements"][k] for k in domain.unknown],
            "undecided": [data["statements"][k] for k in domain.undecided],
        }
        for domain in placement.domains
    ]
    steps = recommendation_selectors.next_steps(placement, round_.snapshot.get("setting") or "")
    targets = planning["targets"]
    return {
        "overall_label": reading.overall_label(placement),
        "not_enough_explanation": reading.not_enough_explanation(),
        "rule_summary": reading.rule_summary(placement.rule),
        "level_meanings": reading.level_meanings(),
        "provenance": reading.provenance(round_.snapshot),
        "continuum_credit": reading.CREDIT,
        "round": round_,
        "organisation": round_.organisation,
        "placement": placement,
        "rows": rows,
        "aggregates": placement.aggregates,
        "statements": data["statements"],
        "respondent_count": data["respondent_count"],
        "agreed": data["agreed"],
        "provisional": data["provisional"],
        "moderation_record": [
            {"statement": statement, "entry": entry}
            for key, statement in data["statements"].items()
            for entry in data["history"].get(key, [])
        ],
        "next_step_groups": recommendation_selectors.grouped_next_steps(steps),
        "target_rows": target_selectors.target_rows(round_.snapshot["domains"], placement, targets),
        **target_selectors.split_items(list(planning["items"])),
        "domain_titles": shared.domain_titles(round_.snapshot),
        "continuum_svg": charts.continuum_scale(placement.overall),
        "domain_chart": charts.domain_bars(rows),
    }


def plan_report_context(*, job: ReportJob) -> dict[str, Any]:
    """Everything an action plan's report needs, for its job: the plan of the job's own scope."""
    return target_selectors.plan_report_planning(job=job)
