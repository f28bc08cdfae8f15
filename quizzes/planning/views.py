"""Pages for next steps, targets, the action plan, comparison, reassessment and reports. Thin: the rules
are in services and selectors, which the API calls too."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from s2t_learn.access import organisation_view
from s2t_learn.models import Role
from s2t_learn.views.forms_util import add_service_errors

from ..assessment import selectors as assessment_selectors
from ..models import ReportJob
from . import charts, shared
from .comparison import selectors as comparison_selectors
from .completion import selectors as completion_selectors
from .completion import services as completion_services
from .forms import ActionItemForm, AssignLearningForm, ReassessForm, TargetsForm
from .recommendations import selectors as recommendation_selectors
from .reports import reminders
from .reports import selectors as report_selectors
from .reports import services as report_services
from .results_panel import next_steps_and_targets
from .targets import selectors as target_selectors
from .targets import services as target_services


def assign_prefix(key):
    return f"assign-{key}"


# ---------------------------------------------------------------- next steps


@organisation_view(Role.ASSESSMENT_LEAD)
def next_steps(request, membership, round_id):
    """Every next step of a closed round, in order, with what to do, "add to the plan" and the link to
    assign its learning: a page of its own, so the results page stays small."""
    from ..assessment.results.views import results_context

    round_ = assessment_selectors.round_for_lead(membership=membership, round_id=round_id)
    context = results_context(round_, assessment_selectors.results(round_, membership=membership), lead=True)
    if not context["visible"]:
        return redirect("round_results", slug=membership.organisation.slug, round_id=round_id)
    context.update(next_steps_and_targets(membership=membership, round_=round_, placement=context["placement"]))
    return render(request, "planning/next_steps.html", context)


@organisation_view(Role.ASSESSMENT_LEAD)
def assign(request, membership, round_id, key):
    round_ = assessment_selectors.round_for_lead(membership=membership, round_id=round_id)
    recommendation = recommendation_selectors.recommendation_by_key(key)
    teams = list(round_.organisation.teams.order_by("name"))
    form = AssignLearningForm(
        request.POST or None,
        prefix=assign_prefix(key),
        teams=teams,
        initial={"due_date": completion_services.default_due_date()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = completion_services.assign_recommendation(
                membership=membership, recommendation_key=key, round_id=round_.pk, **form.service_kwargs()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if result.created:
                messages.success(
                    request,
                    ngettext(
                        "%(n)s module assigned. It now shows on each person's My learning page.",
                        "%(n)s modules assigned. They now show on each person's My learning page.",
                        len(result.created),
                    )
                    % {"n": len(result.created)},
                )
            if result.already:
                messages.info(
                    request,
                    ngettext(
                        "%(n)s module was already assigned to the same people, so it was left as it was.",
                        "%(n)s modules were already assigned to the same people, so they were left as they were.",
                        len(result.already),
                    )
                    % {"n": len(result.already)},
                )
            return redirect(
                reverse("planning_next_steps", args=[membership.organisation.slug, round_.pk]) + f"#step-{key}"
            )
    return render(
        request,
        "planning/assign.html",
        {"organisation": round_.organisation, "round": round_, "recommendation": recommendation, "form": form},
    )


@login_required
@require_POST
@organisation_view(Role.ASSESSMENT_LEAD)
def add_to_plan(request, membership, round_id, key):
    round_ = assessment_selectors.round_for_lead(membership=membership, round_id=round_id)
    item, created = target_services.add_from_recommendation(
        membership=membership, recommendation_key=key, round_id=round_.pk
    )
    if created:
        messages.success(request, _("Added to the action plan. Now agree who leads it and by when."))
    else:
        messages.info(request, _("This step is already in the action plan."))
    return redirect("planning_item_edit", slug=membership.organisation.slug, item_id=item.pk)


# ---------------------------------------------------------------- the action plan


@organisation_view(Role.ASSESSMENT_LEAD)
def plan(request, membership):
    """?team= picks the scope (a team's plan, or the organisation's without it); ?round= another closed
    round of that same scope to read "now" from."""
    context = target_selectors.plan_for(
        membership=membership, team_id=request.GET.get("team"), round_id=request.GET.get("round")
    )
    return render(request, "planning/plan.html", context)


def _item_form_page(request, membership, item=None):
    organisation = membership.organisation
    domains = target_selectors.known_domains(membership=membership)
    initial = {}
    if item:
        initial = {name: getattr(item, name) for name in target_services.ITEM_FIELDS}
    form = ActionItemForm(request.POST or None, domains=domains, initial=initial, membership=membership, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            if item:
                target_services.update_action_item(membership=membership, item_id=item.pk, data=form.cleaned_data)
            else:
                target_services.create_action_item(membership=membership, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Action plan saved."))
            return redirect("planning_plan", slug=membership.organisation.slug)
    return render(
        request,
        "planning/item_form.html",
        {"organisation": organisation, "form": form, "item": item},
    )


@organisation_view(Role.ASSESSMENT_LEAD)
def item_new(request, membership):
    return _item_form_page(request, membership)


@organisation_view(Role.ASSESSMENT_LEAD)
def item_edit(request, membership, item_id):
    return _item_form_page(
        request, membership, target_selectors.action_item_for(membership=membership, item_id=item_id)
    )


@organisation_view(Role.ASSESSMENT_LEAD)
def item_delete(request, membership, item_id):
    item = target_selectors.action_item_for(membership=membership, item_id=item_id)
    if request.method == "POST":
        target_services.delete_action_item(membership=membership, item_id=item_id)
        messages.success(request, _("The action item was removed from the plan."))
        return redirect("planning_plan", slug=membership.organisation.slug)
    return render(request, "planning/item_delete.html", {"organisation": item.organisation, "item": item})


@organisation_view(Role.ASSESSMENT_LEAD)
def targets(request, membership):
    team_id = request.GET.get("team") or request.POST.get("team") or None
    context = target_selectors.targets_context(membership=membership, team_id=team_id)
    rows = context["target_rows"]
    form = TargetsForm(request.POST or None, rows=rows)
    back = request.GET.get("round") or request.POST.get("round") or ""
    if request.method == "POST" and form.is_valid():
        try:
            target_services.set_targets(membership=membership, targets=form.cleaned_data, team_id=team_id)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Targets saved. The gap to each target shows on the results page."))
            if back.isdigit():
                return redirect(
                    reverse("round_results", args=[membership.organisation.slug, int(back)]) + "#targets-title"
                )
            plan_url = reverse("planning_plan", args=[membership.organisation.slug])
            return redirect(plan_url + (f"?team={context['team'].pk}" if context["team"] else ""))
    return render(
        request,
        "planning/targets.html",
        {**context, "form": form, "back_round": back if back.isdigit() else ""},
    )


@organisation_view(Role.ASSESSMENT_LEAD)
def assignments(request, membership):
    rows = completion_selectors.assignments_with_completion(membership=membership)
    return render(
        request,
        "planning/assignments.html",
        {"organisation": membership.organisation, "rows": rows, "minimum": shared.minimum_group()},
    )


# ---------------------------------------------------------------- comparison and reassessment


@organisation_view(Role.ASSESSMENT_LEAD)
def compare(request, membership, round_id):
    other = request.GET.get("with")
    context = comparison_selectors.comparison(
        membership=membership, round_id=round_id, other_id=int(other) if other and other.isdigit() else None
    )
    if context["before"] is not None and context["after_answered"]:
        context["chart"] = charts.comparison_bars(context["rows"], context["before"], context["after"])
    return render(request, "planning/compare.html", context)


@organisation_view(Role.ASSESSMENT_LEAD)
def reassess(request, membership, round_id):
    from ..assessment import snapshot as snap

    previous = assessment_selectors.round_for_lead(membership=membership, round_id=round_id)
    form = ReassessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = report_services.start_reassessment(
                membership=membership,
                round_id=round_id,
                title=data["title"],
                framework=data["framework"],
                invite_previous=data["invite_previous"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The next round is open. Invite anyone else, then share the link."))
            return redirect("round_manage", slug=membership.organisation.slug, round_id=round_.pk)
    framework = assessment_selectors.active_framework()
    diff = None
    if framework is not None:
        from .comparison.compare import framework_diff

        diff = framework_diff(previous.snapshot, snap.take_snapshot(framework))
    return render(
        request,
        "planning/reassess.html",
        {"organisation": previous.organisation, "round": previous, "form": form, "diff": diff},
    )


# ---------------------------------------------------------------- reports


@organisation_view(Role.ASSESSMENT_LEAD)
def reports(request, membership):
    jobs = report_selectors.report_jobs_for(membership=membership)
    if request.method == "POST":
        try:
            job = report_services.request_report(
                membership=membership,
                kind=request.POST.get("kind", ""),
                round_id=_posted_id(request.POST.get("round")),
                team_id=_posted_id(request.POST.get("team")),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except report_services.RoundStillOpen:
            messages.error(request, _("Close the round first: a report needs its final results."))
        else:
            return redirect("planning_report", slug=membership.organisation.slug, job_id=job.pk)
    return render(
        request,
        "planning/reports.html",
        {"organisation": membership.organisation, "jobs": jobs[:20]},
        status=400 if request.method == "POST" else 200,
    )


def _posted_id(value):
    """An id from a form field, or None: digits only and short enough for any database (never a 500)."""
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) <= 18 else None


@organisation_view(Role.ASSESSMENT_LEAD)
def report(request, membership, job_id):
    job = report_selectors.report_job_for(membership=membership, job_id=job_id)
    token = report_services.download_token(job) if job.status == ReportJob.Status.DONE else None
    return render(
        request,
        "planning/report.html",
        {
            "organisation": job.organisation,
            "job": job,
            "round": job.round,
            "download_url": reverse("planning_report_download", args=[membership.organisation.slug, job.pk, token])
            if token
            else None,
            "expires_at": report_services.download_expires_at(token) if token else None,
            "link_minutes": report_services.REPORT_LINK_MAX_AGE // 60,
        },
    )


@organisation_view(Role.ASSESSMENT_LEAD)
def report_download(request, membership, job_id, token):
    try:
        job = report_services.job_for_download(membership=membership, job_id=job_id, token=token)
    except report_services.LinkExpired:
        return render(
            request,
            "planning/link_expired.html",
            {"organisation_slug": membership.organisation.slug, "job_id": job_id},
            status=410,
        )
    response = HttpResponse(bytes(job.content), content_type=job.content_type)
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------- unsubscribe


@csrf_exempt  # the signed token is the authority; mail programs send one-click unsubscribes without a session
def unsubscribe(request, token):
    try:
        user, kind = reminders.read_unsubscribe_token(token)
    except reminders.BadUnsubscribeLink:
        return render(request, "planning/unsubscribe.html", {"bad_link": True}, status=404)
    done = False
    if request.method == "POST":
        reminders.unsubscribe(token)
        done = True
    from ..models import ReminderLog

    return render(
        request,
        "planning/unsubscribe.html",
        {"kind_label": ReminderLog.Kind(kind).label, "done": done},
    )
