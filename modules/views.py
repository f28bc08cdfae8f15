"""Learner pages and actions. Thin: rules live in services and selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from s2t_learn.access import organisation_view
from s2t_learn.models import Role
from s2t_learn.tabs import minimum_role as tab_role

from . import selectors, selectors_search, services
from .forms import AssignmentForm
from .models import ModulePage


@login_required
def my_learning(request):
    return render(request, "modules/my_learning.html", selectors.my_learning(request.user))


@login_required
@require_POST
def lesson_complete(request, lesson_id):
    lesson = services.live_lesson(lesson_id)
    services.complete_lesson(request.user, lesson)
    status, next_lesson = selectors.next_in_module(request.user, lesson)
    if next_lesson:
        return redirect(next_lesson.url)
    if status.is_complete:
        messages.success(request, _("Module complete. Well done."))
    elif status.quiz_to_take:
        messages.success(request, _("You have read every lesson. Take the quiz to complete the module."))
        return redirect(status.quiz.url)
    elif status.lessons_left:
        messages.info(
            request,
            ngettext(
                "One lesson in this module is still to read.",
                "%(n)s lessons in this module are still to read.",
                status.lessons_left,
            )
            % {"n": status.lessons_left},
        )
    return redirect(status.module.url)


@login_required
@require_POST
def lesson_answer(request, lesson_id, block_id):
    """Saving without JavaScript: the same rule the autosave uses."""
    lesson = services.live_lesson(lesson_id)
    try:
        services.save_answer(request.user, lesson, block_id, request.POST.get("text", ""))
    except ValidationError as error:
        # Nothing already saved is touched; the text typed is shown back to be shortened.
        return render(
            request,
            "modules/answer_problem.html",
            {"lesson": lesson, "errors": error.messages, "text": request.POST.get("text", ""), "block_id": block_id},
            status=400,
        )
    messages.success(request, _("Your answer is saved. Only you can see it."))
    return redirect(f"{lesson.url}#block-{block_id}")


def lesson_search(request):
    query = request.GET.get("q", "").strip()[:200]
    return render(
        request,
        "modules/search.html",
        {"query": query, "search_query": query, "results": selectors_search.search(query)},
    )


@organisation_view(tab_role("assignments"))
def organisation_assignments(request, membership):
    organisation = membership.organisation
    modules = list(selectors.live_modules())
    teams = list(organisation.teams.all())
    members = selectors.members_to_list(membership=membership, at_most=AssignmentForm.PEOPLE_LISTED)
    form = AssignmentForm(request.POST or None, modules=modules, teams=teams, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_assignment(
                membership=membership,
                module_id=form.cleaned_data["module"],
                due_date=form.cleaned_data["due_date"],
                **form.target(),
            )
        except ValidationError as error:
            from s2t_learn.views.forms_util import add_service_errors

            add_service_errors(form, error)
        else:
            messages.success(request, _("Module assigned. It now shows on each person's My learning page."))
            return redirect("organisation_assignments", slug=organisation.slug)
    return render(
        request,
        "organisations/assignments.html",
        {
            "organisation": organisation,
            "form": form,
            "assignments": Paginator(selectors.organisation_assignments(membership=membership), 50).get_page(
                request.GET.get("page")
            ),
            "is_admin": membership.has_role(Role.ORG_ADMIN),
        },
    )


@organisation_view(Role.ASSESSMENT_LEAD)
@require_POST
def organisation_assignment_delete(request, membership, assignment_id):
    services.delete_assignment(membership=membership, assignment_id=assignment_id)
    messages.success(request, _("Assignment removed."))
    return redirect("organisation_assignments", slug=membership.organisation.slug)


def pathway_detail(request, slug):
    pathway = selectors.pathway_by_slug(slug)
    context = selectors.pathway_detail(request.user, pathway)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"/accounts/login/?next={request.path}")
        text = request.POST.get("text", "")
        try:
            services.save_plan(request.user, pathway, text)
        except ValidationError as error:
            context.update({"plan_errors": error.messages, "plan_text": text})
            return render(request, "modules/pathway.html", context, status=400)
        messages.success(request, _("Your plan is saved. Only you can see it."))
        return redirect(f"{request.path}#plan")
    context["plan_text"] = context["plan"].text if context["plan"] else ""
    return render(request, "modules/pathway.html", context)


@login_required
def pathway_plan_print(request, slug):
    pathway = selectors.pathway_by_slug(slug)
    context = selectors.pathway_detail(request.user, pathway)
    return render(request, "modules/pathway_plan_print.html", context)


def module_summary_pdf(request, slug):
    """The module's key points on one printable page. Public, like the lessons it summarises."""
    from django.http import HttpResponse
    from django.shortcuts import get_object_or_404

    from .summary import summary_pdf

    module = get_object_or_404(ModulePage.objects.live(), slug=slug)
    response = HttpResponse(summary_pdf(module, request), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{module.slug}-summary.pdf"'
    return response
