"""Writes for next steps, targets, the action plan, reassessment and reports. Views and the API call these."""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from modules import services as module_services
from modules.models import ModuleAssignment
from s2t_learn import selectors as org_selectors
from s2t_learn.errors import Conflict
from s2t_learn.models import Role, Team

from ..assessment import selectors as assessment_selectors
from ..assessment import services as assessment_services
from ..continuum import ContinuumLevel
from ..models import ActionItem, PlannedAssignment, Recommendation, ReportJob, Round, TargetLevel
from . import selectors

logger = logging.getLogger(__name__)
REPORT_LINK_SALT = "s2t.planning.report-download"
REPORT_LINK_MAX_AGE = 15 * 60  # seconds a download link works


class RoundStillOpen(Conflict):
    message = "Close the round first: a report or comparison needs its final results. Nothing was changed."


class LinkExpired(Exception):
    """A download link that is too old, altered or for another report."""


def _lead(actor, slug):
    return org_selectors.membership_for(actor, slug, Role.ASSESSMENT_LEAD)


def _round_of(organisation, round_id):
    if not round_id:
        return None
    round_ = Round.objects.filter(organisation=organisation, pk=round_id).first()
    if round_ is None:
        raise Http404
    return round_


def _date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date) or value is None:
        return value
    value = str(value).strip()
    if not value:
        return None
    parsed = parse_date(value)  # ValueError for a well-formed impossible date such as 2027-02-30
    if parsed is None:
        raise ValueError(value)
    return parsed


def default_due_date():
    return timezone.localdate() + datetime.timedelta(weeks=8)


# ---------------------------------------------------------------- assigning a recommendation's learning


def linked_modules(recommendation, setting=""):
    """The live modules a step assigns; in a round for one setting, with that setting's module in
    place of another setting's (an early-years round gets the early-years module)."""
    from modules.models import ModulePage

    from ..assessment.settings import modules_for_setting

    through = Recommendation.modules.through.objects.filter(recommendation=recommendation)
    linked = ModulePage.objects.live().filter(pk__in=through.values("modulepage_id")).order_by("path")
    if not setting:
        return linked
    slugs = modules_for_setting(linked.values_list("slug", flat=True), setting)
    return ModulePage.objects.live().filter(slug__in=slugs).order_by("path")


@dataclass
class AssignResult:
    recommendation: object
    created: list = field(default_factory=list)
    already: list = field(default_factory=list)


@transaction.atomic
def assign_recommendation(actor, slug, recommendation_key, *, team_id=None, due_date=None, round_id=None):
    """In one step, assign every module linked to a recommendation to the whole organisation or a team,
    with a due date. A module already assigned to the same people is not assigned twice."""
    membership = _lead(actor, slug)
    organisation = membership.organisation
    recommendation = Recommendation.objects.filter(key=recommendation_key).first()
    if recommendation is None:
        raise Http404
    round_ = _round_of(organisation, round_id)
    errors = {}
    modules = list(linked_modules(recommendation, round_.snapshot.get("setting") or "" if round_ else ""))
    if not modules:
        errors["__all__"] = _("This step has no learning linked to it, so there is nothing to assign.")
    team = None
    if team_id:
        team = Team.objects.filter(organisation=organisation, pk=team_id).first()
        if team is None:
            errors["team"] = _("Choose one of this organisation's teams, or the whole organisation.")
    try:
        due = _date(due_date)
    except ValueError:
        errors["due_date"] = _("Enter the due date as a real date, for example 2027-03-31.")
        due = None
    else:
        if due is None:
            errors["due_date"] = _("Choose a due date, so people know when to finish the learning.")
        elif due < timezone.localdate():
            errors["due_date"] = _("The due date must be today or later.")
    if errors:
        raise ValidationError(errors)
    result = AssignResult(recommendation)
    existing = {
        a.module_id: a
        for a in ModuleAssignment.objects.filter(
            organisation=organisation, module__in=modules, team=team, user__isnull=True
        )
    }
    for module in modules:
        if module.pk in existing:
            result.already.append(existing[module.pk])
            continue
        assignment = module_services.create_assignment(
            actor, slug, module.pk, team_id=team.pk if team else None, due_date=due
        )
        PlannedAssignment.objects.create(assignment=assignment, recommendation=recommendation, round=round_)
        result.created.append(assignment)
    return result


# ---------------------------------------------------------------- targets


def set_targets(actor, slug, targets, team_id=None):
    """Set (or, with an empty value, clear) the target level for each area given: {domain key: level},
    for the organisation's plan or (team_id) one team's."""
    membership = _lead(actor, slug)
    organisation = membership.organisation
    team = selectors.scope_team(organisation, team_id)
    known = {d["key"] for d in selectors.known_domains(organisation)}
    allowed = {int(level) for level in ContinuumLevel if level > ContinuumLevel.DESTRUCTIVE}
    errors, clean = {}, {}
    for key, value in (targets or {}).items():
        if key not in known:
            errors[key] = _("This area is not part of the self-assessment.")
            continue
        if value in (None, ""):
            clean[key] = None
            continue
        try:
            level = int(value)
        except (TypeError, ValueError):
            level = None
        if level not in allowed:
            errors[key] = _("Choose a level from Neglectful to Proficient, or no target.")
        else:
            clean[key] = level
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        for key, level in clean.items():
            if level is None:
                TargetLevel.objects.filter(organisation=organisation, team=team, domain_key=key).delete()
            else:
                TargetLevel.objects.update_or_create(
                    organisation=organisation,
                    team=team,
                    domain_key=key,
                    defaults={"level": level, "set_by": actor, "updated_at": now},
                )
    return selectors.target_levels(organisation, team)


# ---------------------------------------------------------------- the action plan

ITEM_FIELDS = ("outcome", "action", "lead_person", "target_date", "status", "progress_note", "domain_key")


def default_outcome(recommendation, domain_title):
    if recommendation.outcome:
        return recommendation.outcome
    level = ContinuumLevel.from_key(recommendation.level)
    following = ContinuumLevel(min(int(level) + 1, int(ContinuumLevel.PROFICIENT)))
    return _(
        "Practice in '%(area)s' moves up from %(level)s to %(next)s: the statements holding it back are met, "
        "seen in records, supervision and the next self-assessment."
    ) % {"area": domain_title, "level": level.label, "next": following.label}


OUTCOME_MISSING = _("Say how you will know it worked: what will change in practice.")
ACTION_MISSING = _("Say what will be done.")


def validate_action_item(data, organisation, instance=None):
    """Check an action item's fields without saving, so a form can show every problem at once."""
    return _clean_item(data, organisation, instance)


def _clean_item(data, organisation, instance=None):
    """Validate the fields given; report every problem at once. Returns the cleaned values."""
    errors, clean = {}, {}
    for name in ("outcome", "action"):
        if name in data or instance is None:
            value = (data.get(name) or "").strip()
            if not value:
                errors[name] = OUTCOME_MISSING if name == "outcome" else ACTION_MISSING
            elif len(value) > ActionItem.TEXT_MAX:
                errors[name] = _("Keep this under %(n)s characters.") % {"n": ActionItem.TEXT_MAX}
            clean[name] = value
    if "lead_person" in data:
        value = (data.get("lead_person") or "").strip()
        if len(value) > 200:
            errors["lead_person"] = _("Keep the lead person under 200 characters: a name or a role.")
        clean["lead_person"] = value
    if "progress_note" in data:
        value = (data.get("progress_note") or "").strip()
        if len(value) > ActionItem.TEXT_MAX:
            errors["progress_note"] = _("Keep the note under %(n)s characters.") % {"n": ActionItem.TEXT_MAX}
        clean["progress_note"] = value
    if "status" in data:
        value = data.get("status") or ActionItem.Status.NOT_STARTED
        if value not in ActionItem.Status.values:
            errors["status"] = _("Choose one of: not started, in progress, ongoing, completed.")
        clean["status"] = value
    if "target_date" in data:
        try:
            value = _date(data.get("target_date"))
        except ValueError:
            errors["target_date"] = _("Enter the target date as a real date, for example 2027-03-31.")
        else:
            changed = instance is None or value != instance.target_date
            if value and changed and value < timezone.localdate():
                errors["target_date"] = _("The target date must be today or later.")
            clean["target_date"] = value
    if "domain_key" in data:
        value = data.get("domain_key") or ""
        if value and value not in {d["key"] for d in selectors.known_domains(organisation)}:
            errors["domain_key"] = _("Choose one of the self-assessment's areas, or none.")
        clean["domain_key"] = value
    if errors:
        raise ValidationError(errors)
    return clean


def _apply_status(item, previous_status):
    if item.status == ActionItem.Status.COMPLETED and previous_status != ActionItem.Status.COMPLETED:
        item.completed_at = timezone.now()
    elif item.status != ActionItem.Status.COMPLETED:
        item.completed_at = None


def create_action_item(actor, slug, data, *, recommendation_key=None, round_id=None, team_id=None):
    """A new item in one scope's plan: the source round's scope, else the team given, else the organisation."""
    membership = _lead(actor, slug)
    organisation = membership.organisation
    team = selectors.scope_team(organisation, team_id)
    recommendation = None
    if recommendation_key:
        recommendation = Recommendation.objects.filter(key=recommendation_key).first()
        if recommendation is None:
            raise ValidationError({"recommendation": _("There is no recommendation with this key.")})
    clean = _clean_item(data, organisation)
    source = _round_of(organisation, round_id)
    item = ActionItem(
        organisation=organisation,
        team=source.team if source else team,
        recommendation=recommendation,
        source_round=source,
        created_by=actor,
        **clean,
    )
    if recommendation and not item.domain_key:
        item.domain_key = recommendation.domain_key
    _apply_status(item, None)
    item.save()
    return item


def add_from_recommendation(actor, slug, recommendation_key, round_id=None):
    """Make a chosen recommendation an action item, its action and outcome filled in to edit.
    Choosing it twice returns the item already in the plan. Returns (item, created)."""
    membership = _lead(actor, slug)
    organisation = membership.organisation
    recommendation = Recommendation.objects.filter(key=recommendation_key).first()
    if recommendation is None:
        raise Http404
    round_ = _round_of(organisation, round_id)
    existing = (
        ActionItem.objects.filter(
            organisation=organisation, team_id=round_.team_id if round_ else None, recommendation=recommendation
        )
        .exclude(status=ActionItem.Status.COMPLETED)
        .first()
    )
    if existing:
        return existing, False
    titles = selectors.domain_titles(round_.snapshot) if round_ else {}
    title = titles.get(recommendation.domain_key) or recommendation.domain_key.replace("_", " ")
    item = ActionItem.objects.create(
        organisation=organisation,
        team_id=round_.team_id if round_ else None,
        recommendation=recommendation,
        domain_key=recommendation.domain_key,
        source_round=round_,
        outcome=default_outcome(recommendation, title),
        action=f"{recommendation.title}. {recommendation.action}"[: ActionItem.TEXT_MAX],
        created_by=actor,
    )
    return item, True


def update_action_item(actor, slug, item_id, data):
    item = selectors.action_item_for(actor, slug, item_id)
    clean = _clean_item(data, item.organisation, instance=item)
    previous_status = item.status
    for name, value in clean.items():
        setattr(item, name, value)
    _apply_status(item, previous_status)
    item.updated_at = timezone.now()
    item.save()
    return item


def delete_action_item(actor, slug, item_id):
    selectors.action_item_for(actor, slug, item_id).delete()


# ---------------------------------------------------------------- reassessment

SAME_FRAMEWORK = "same"
CURRENT_FRAMEWORK = "current"


@transaction.atomic
def start_reassessment(actor, slug, round_id, title, *, framework=SAME_FRAMEWORK, invite_previous=True):
    """Open the next round from a previous one: the same framework snapshot (results compare like with
    like) or the current framework (the comparison page shows what changed in it)."""
    previous = assessment_selectors.round_for_lead(actor, slug, round_id)
    if framework not in (SAME_FRAMEWORK, CURRENT_FRAMEWORK):
        raise ValidationError({"framework": _("Choose the same framework or the current one.")})
    round_ = assessment_services.open_round(
        actor,
        slug,
        title,
        team_id=previous.team_id,
        is_anonymous=previous.is_anonymous,
        share_summary=previous.share_summary,
        previous_id=previous.pk,
    )
    if framework == SAME_FRAMEWORK:
        round_.snapshot = previous.snapshot
        round_.save(update_fields=["snapshot"])
    if invite_previous:
        user_ids = selectors.previous_respondent_ids(previous)
        if user_ids:
            assessment_services.invite_members(actor, slug, round_.pk, user_ids)
    return round_


# ---------------------------------------------------------------- reports

ROUND_KINDS = (ReportJob.Kind.ROUND_PDF, ReportJob.Kind.ROUND_CSV)


def request_report(actor, slug, kind, round_id=None, team_id=None):
    """Queue a report. A request while the same report is still being made returns that job; one stuck
    past the deadline (its worker died) is given up and a fresh job starts. An action plan PDF is for one
    scope: `team_id` names a team's plan (none: the organisation's), and `round_id`, if given, the closed
    round of that same scope to read "now" from."""
    membership = _lead(actor, slug)
    organisation = membership.organisation
    if kind not in ReportJob.Kind.values or kind.startswith("audit_"):  # audit reports: quizzes.audit.services
        raise ValidationError({"kind": _("Choose a results report, results data or the action plan.")})
    round_ = None
    team = None
    if kind == ReportJob.Kind.PLAN_PDF:
        team = selectors.scope_team(organisation, team_id)
        if round_id:
            round_ = selectors.closed_rounds_of_scope(organisation, team).filter(pk=round_id).first()
            if round_ is None:
                raise ValidationError({"round": _("Choose a closed round of this plan's own scope.")})
    if kind in ROUND_KINDS:
        if not round_id:
            raise ValidationError({"round": _("Choose the round to report on.")})
        round_ = _round_of(organisation, round_id)
        if round_.is_open:
            raise RoundStillOpen
        from ..assessment import anonymity
        from ..assessment import selectors as assessment_selectors
        from ..assessment.services import ResultsWithheld

        if not anonymity.results_visible(assessment_selectors.release(round_)):
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
    job = ReportJob.objects.create(organisation=organisation, kind=kind, round=round_, team=team, requested_by=actor)
    queue_report_job(job.pk)
    return job


def report_job_deadline():
    return timezone.now() - datetime.timedelta(seconds=settings.REPORT_JOB_DEADLINE_SECONDS)


def report_job_stuck(job, deadline=None):
    """Pending or running for longer than any report takes: its message or its worker was lost."""
    deadline = deadline or report_job_deadline()
    if job.status == ReportJob.Status.RUNNING:
        return (job.started_at or job.created_at) < deadline
    if job.status == ReportJob.Status.PENDING:
        return (job.queued_at or job.created_at) < deadline
    return False


def queue_report_job(job_id):
    """Send the job to a worker after commit. If the broker is down the row stays pending, marked so
    that the requester is emailed, and the sweep sends it when the broker is back."""
    from s2t_learn.queueing import enqueue

    from .tasks import make_report

    jobs = ReportJob.objects.filter(pk=job_id)
    enqueue(
        make_report,
        job_id,
        on_success=lambda: jobs.filter(queued_at__isnull=True).update(queued_at=timezone.now()),
        on_failure=lambda: jobs.update(email_when_ready=True),
    )


MAX_REPORT_REQUEUES = 3


def sweep_report_jobs():
    """Beat task: send jobs the broker never took, requeue stuck ones (a few times), then give up."""
    from s2t_learn.queueing import send_now

    from .tasks import make_report

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


def run_report_job(job_id):
    """Make the report file for a job. Safe to run twice: a finished job is left alone."""
    from . import reports

    job = (
        ReportJob.objects.select_related("organisation", "round", "round__organisation", "audit", "audit__organisation")
        .filter(pk=job_id)
        .first()
    )
    if job is None or job.is_finished:
        return False
    ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.RUNNING, started_at=timezone.now())
    try:
        filename, content_type, content = reports.build(job)
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


def _email_report_ready(job):
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse

    if not job.requested_by_id or not job.requested_by.email:
        return
    link = settings.SITE_URL.rstrip("/") + reverse("planning_report", args=[job.organisation.slug, job.pk])
    body = render_to_string("emails/report_ready.txt", {"job": job, "link": link})
    # A neutral subject: the inbox may be read by someone else.
    send_mail(_("Your report is ready"), body, None, [job.requested_by.email])


def download_token(job):
    return signing.TimestampSigner(salt=REPORT_LINK_SALT).sign(str(job.pk))


def download_expires_at(token):
    _value, timestamp, _signature = token.rsplit(":", 2)
    issued = signing.b62_decode(timestamp)
    return datetime.datetime.fromtimestamp(issued + REPORT_LINK_MAX_AGE, tz=datetime.UTC)


def job_for_download(user, slug, job_id, token):
    """The finished report, for an organisation lead holding a valid, unexpired link to it."""
    job = selectors.report_job_for(user, slug, job_id, with_content=True)
    try:
        value = signing.TimestampSigner(salt=REPORT_LINK_SALT).unsign(token or "", max_age=REPORT_LINK_MAX_AGE)
    except signing.BadSignature as exc:  # SignatureExpired is a BadSignature
        raise LinkExpired from exc
    if value != str(job.pk) or job.status != ReportJob.Status.DONE:
        raise LinkExpired
    return job
