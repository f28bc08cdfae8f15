"""Writes for reassessment and report jobs (requesting, running, sweeping, downloading)."""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from s2t_learn.access import require_role
from s2t_learn.errors import Conflict
from s2t_learn.models import Membership, Role

from ...assessment import selectors as assessment_selectors
from ...assessment.rounds import services as round_services
from ...models import ReportJob
from .. import shared
from ..targets import selectors as target_selectors
from . import files as report_files
from . import selectors as report_selectors

if TYPE_CHECKING:
    from ...models import Round

logger = logging.getLogger(__name__)
REPORT_LINK_SALT = "s2t.planning.report-download"
REPORT_LINK_MAX_AGE = 15 * 60  # seconds a download link works


class RoundStillOpen(Conflict):
    message = "Close the round first: a report or comparison needs its final results. Nothing was changed."


class LinkExpired(Exception):
    """A download link that is too old, altered or for another report."""


# ---------------------------------------------------------------- reassessment

SAME_FRAMEWORK = "same"
CURRENT_FRAMEWORK = "current"


@transaction.atomic
def start_reassessment(
    *,
    membership: Membership,
    round_id: int,
    title: str,
    framework: str = SAME_FRAMEWORK,
    invite_previous: bool = True,
) -> Round:
    """Open the next round from a previous one: the same framework snapshot (results compare like with
    like) or the current framework (the comparison page shows what changed in it)."""
    previous = assessment_selectors.round_for_lead(membership=membership, round_id=round_id)
    if framework not in (SAME_FRAMEWORK, CURRENT_FRAMEWORK):
        raise ValidationError({"framework": _("Choose the same framework or the current one.")})
    round_ = round_services.open_round(
        membership=membership,
        title=title,
        team_id=previous.team_id,
        is_anonymous=previous.is_anonymous,
        share_summary=previous.share_summary,
        previous_id=previous.pk,
    )
    if framework == SAME_FRAMEWORK:
        round_.snapshot = previous.snapshot
        round_.save(update_fields=["snapshot"])
    if invite_previous:
        user_ids = _previous_respondent_ids(previous)
        if user_ids:
            round_services.invite_members(membership=membership, round_id=round_.pk, user_ids=user_ids)
    return round_


def _previous_respondent_ids(round_: Round) -> list[int]:
    """Members of the organisation who answered the round, to invite again to the next one."""
    return list(
        round_.invitations.filter(user__isnull=False, user__memberships__organisation_id=round_.organisation_id)
        .values_list("user_id", flat=True)
        .distinct()
    )


# ---------------------------------------------------------------- reports

ROUND_KINDS = (ReportJob.Kind.ROUND_PDF, ReportJob.Kind.ROUND_CSV)


def request_report(
    *, membership: Membership, kind: str, round_id: int | None = None, team_id: int | str | None = None
) -> ReportJob:
    """Queue a report. A request while the same report is still being made returns that job; one stuck
    past the deadline (its worker died) is given up and a fresh job starts. An action plan PDF is for one
    scope: `team_id` names a team's plan (none: the organisation's), and `round_id`, if given, the closed
    round of that same scope to read "now" from."""
    require_role(membership, Role.ASSESSMENT_LEAD)
    organisation = membership.organisation
    if kind not in ReportJob.Kind.values or kind.startswith("audit_"):  # audit reports: quizzes.audit.services
        raise ValidationError({"kind": _("Choose a results report, results data or the action plan.")})
    round_ = None
    team = None
    if kind == ReportJob.Kind.PLAN_PDF:
        team = target_selectors.scope_team(membership=membership, team_id=team_id)
        if round_id:
            round_ = target_selectors.closed_round_of_scope(membership=membership, team=team, round_id=round_id)
            if round_ is None:
                raise ValidationError({"round": _("Choose a closed round of this plan's own scope.")})
    if kind in ROUND_KINDS:
        if not round_id:
            raise ValidationError({"round": _("Choose the round to report on.")})
        round_ = shared.round_by_id(membership=membership, round_id=round_id)
        if round_.is_open:
            raise RoundStillOpen
        from ...assessment import anonymity
        from ...assessment import selectors as assessment_selectors
        from ...assessment.errors import ResultsWithheld

        if not anonymity.results_visible(assessment_selectors.release(round_, membership=membership)):
            raise ResultsWithheld
    pending = (
        ReportJob.objects.filter(organisation=organisation, kind=kind, round=round_, team=team)
        .filter(status__in=[ReportJob.Status.PENDING, ReportJob.Status.RUNNING])
        .defer("content")
        .first()
    )
    if pending and not report_job_stuck(pending):
        return pending
    if pending:
        ReportJob.objects.filter(pk=pending.pk).update(status=ReportJob.Status.FAILED, finished_at=timezone.now())
    job = ReportJob.objects.create(
        organisation=organisation, kind=kind, round=round_, team=team, requested_by=membership.user
    )
    queue_report_job(job.pk)
    return job


def report_job_deadline() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=settings.REPORT_JOB_DEADLINE_SECONDS)


def report_job_stuck(job: ReportJob, deadline: datetime.datetime | None = None) -> bool:
    """Pending or running for longer than any report takes: its message or its worker was lost."""
    deadline = deadline or report_job_deadline()
    if job.status == ReportJob.Status.RUNNING:
        return (job.started_at or job.created_at) < deadline
    if job.status == ReportJob.Status.PENDING:
        return (job.queued_at or job.created_at) < deadline
    return False


def queue_report_job(job_id: int) -> None:
    """Send the job to a worker after commit. If the broker is down the row stays pending, marked so
    that the requester is emailed, and the sweep sends it when the broker is back."""
    from s2t_learn.queueing import enqueue

    from ..tasks import make_report

    jobs = ReportJob.objects.filter(pk=job_id)
    enqueue(
        make_report,
        job_id,
        on_success=lambda: jobs.filter(queued_at__isnull=True).update(queued_at=timezone.now()),
        on_failure=lambda: jobs.update(email_when_ready=True),
    )


MAX_REPORT_REQUEUES = 3


def sweep_report_jobs() -> int:
    """Beat task: send jobs the broker never took, requeue stuck ones (a few times), then give up."""
    from s2t_learn.queueing import send_now

    from ..tasks import make_report

    now = timezone.now()
    unsent_before = now - datetime.timedelta(seconds=settings.OUTBOX_GRACE_SECONDS)
    sent = 0
    for job_id in ReportJob.objects.filter(
        status=ReportJob.Status.PENDING, queued_at__isnull=True, created_at__lt=unsent_before
    ).values_list("pk", flat=True):
        if not send_now(make_report, job_id):
            return sent  # the broker is still down: try again at the next sweep
        ReportJob.objects.filter(pk=job_id).update(queued_at=timezone.now())
        sent += 1
    deadline = report_job_deadline()
    active = ReportJob.objects.filter(status__in=[ReportJob.Status.PENDING, ReportJob.Status.RUNNING]).defer("content")
    for job in active:
        if not report_job_stuck(job, deadline):
            continue
        if job.requeues >= MAX_REPORT_REQUEUES:
            ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.FAILED, finished_at=now)
            continue
        ReportJob.objects.filter(pk=job.pk).update(
            status=ReportJob.Status.PENDING, started_at=None, queued_at=None, requeues=job.requeues + 1
        )
        if send_now(make_report, job.pk):
            ReportJob.objects.filter(pk=job.pk).update(queued_at=timezone.now())
            sent += 1
    return sent


def run_report_job(job_id: int) -> bool:
    """Make the report file for a job. Safe to run twice: a finished job is left alone."""

    job = (
        ReportJob.objects.select_related("organisation", "round", "round__organisation", "audit", "audit__organisation")
        .filter(pk=job_id)
        .first()
    )
    if job is None or job.is_finished:
        return False
    ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.RUNNING, started_at=timezone.now())
    try:
        filename, content_type, content = report_files.build(job)
    except Exception:
        # Logged with the job id only; the page offers to try again. Not re-raised: a redelivered task
        # would fail the same way.
        logger.exception("Report job %s failed", job.pk)
        ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.FAILED, finished_at=timezone.now())
        return False
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.DONE,
        finished_at=timezone.now(),
        filename=filename,
        content_type=content_type,
        content=content,
        size=len(content),
    )
    if job.email_when_ready or ReportJob.objects.filter(pk=job.pk, email_when_ready=True).exists():
        _email_report_ready(job)
    return True


def _email_report_ready(job: ReportJob) -> None:
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse

    if job.requested_by is None or not job.requested_by.email:
        return
    link = settings.SITE_URL.rstrip("/") + reverse("planning_report", args=[job.organisation.slug, job.pk])
    body = render_to_string("emails/report_ready.txt", {"job": job, "link": link})
    # A neutral subject: the inbox may be read by someone else.
    send_mail(_("Your report is ready"), body, None, [job.requested_by.email])


def download_token(job: ReportJob) -> str:
    return signing.TimestampSigner(salt=REPORT_LINK_SALT).sign(str(job.pk))


def download_expires_at(token: str) -> datetime.datetime:
    _value, timestamp, _signature = token.rsplit(":", 2)
    issued = signing.b62_decode(timestamp)
    return datetime.datetime.fromtimestamp(issued + REPORT_LINK_MAX_AGE, tz=datetime.UTC)


def job_for_download(*, membership: Membership, job_id: int, token: str | None) -> ReportJob:
    """The finished report, for an organisation lead holding a valid, unexpired link to it."""
    job = report_selectors.report_job_for(membership=membership, job_id=job_id, with_content=True)
    try:
        value = signing.TimestampSigner(salt=REPORT_LINK_SALT).unsign(token or "", max_age=REPORT_LINK_MAX_AGE)
    except signing.BadSignature as exc:  # SignatureExpired is a BadSignature
        raise LinkExpired from exc
    if value != str(job.pk) or job.status != ReportJob.Status.DONE:
        raise LinkExpired
    return job
