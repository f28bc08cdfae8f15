"""Results pages: the placement, one area, and moderating a statement."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from s2t_learn.access import organisation_view
from s2t_learn.errors import NotFound
from s2t_learn.models import Role
from s2t_learn.views.forms_util import add_service_errors

from .. import anonymity, charts, selectors
from .. import errors as assessment_errors
from .. import snapshot as snap
from ..forms import (
    ModerateForm,
    answer_choices,
)
from . import services as results_services
from .panels import results_panels


@organisation_view(Role.ASSESSMENT_LEAD)
def round_results(request, membership, round_id):
    round_ = selectors.round_for_lead(membership=membership, round_id=round_id)
    context = results_context(round_, selectors.results(round_, membership=membership), lead=True)
    if context["visible"]:
        templates, extra = results_panels(membership=membership, round_=round_, placement=context["placement"])
        context.update(extra, result_panels=templates)
    return render(request, "assessment/results.html", context)


@organisation_view(Role.ASSESSMENT_LEAD)
def round_area(request, membership, round_id, domain_key):
    """One area's statements, group answers, spread and moderation links: on a page of its own, so the
    results page stays small (the same results_context, the same anonymity rule)."""
    round_ = selectors.round_for_lead(membership=membership, round_id=round_id)
    context = results_context(round_, selectors.results(round_, membership=membership), lead=True)
    if not context["visible"]:
        return redirect("round_results", slug=membership.organisation.slug, round_id=round_id)
    row = next((r for r in context["rows"] if r["domain"]["key"] == domain_key), None)
    if row is None:
        raise NotFound
    return render(request, "assessment/area.html", {**context, "row": row})


def results_context(round_, data, lead):
    """The results page's context for `data`, the round's results read by a checked selector
    (selectors.results for its lead, selectors.results_for_respondent for a respondent)."""
    from modules.navigation import continuum_level_texts

    from .. import reading

    base = {
        "round": round_,
        "organisation": round_.organisation,
        "lead": lead,
        "visible": data["visible"],
        "release": data["release"],
        "minimum": data["minimum"],
        "respondent_count": data["respondent_count"],
    }
    if not data["visible"]:
        return base
    placement = data["placement"]
    texts = {level.number: level for level in continuum_level_texts()}
    rows = []
    for domain in placement.domains:
        info = data["domains"][domain.domain]
        rows.append(
            {
                "placement": domain,
                "domain": info,
                "status_label": reading.status_label(domain),
                "progress_text": reading.progress_text(domain),
                "holding": [data["statements"][k] for k in domain.holding],
                "unknown": [data["statements"][k] for k in domain.unknown],
                "undecided": [data["statements"][k] for k in domain.undecided],
                "minority": [data["statements"][k] for k in domain.minority_flags],
            }
        )
    placed = placement.overall is not None and placement.placed
    return {
        **base,
        "placement": placement,
        # a continuum level's description only when the answers do place the service there
        "overall_text": texts.get(int(placement.overall)) if placed else None,
        "overall_label": reading.overall_label(placement),
        "not_enough_explanation": reading.not_enough_explanation(),
        "rule_summary": reading.rule_summary(placement.rule),
        "level_meanings": reading.level_meanings(),
        "provenance": reading.provenance(round_.snapshot),
        "credit": reading.CREDIT,
        "minority": [data["statements"][k] for k in placement.minority_flags],
        "not_applicable_domains": [data["domains"][k] for k in placement.not_applicable_domains],
        "rows": rows,
        "statements": data["statements"],
        "aggregates": placement.aggregates,
        "agreed": data["agreed"],
        "history": data["history"],
        "states": data["states"],
        "notes": data["notes"],
        "provisional": data["provisional"],
        "moderation_record": moderation_record(data),
        "spread": data["spread"],
        "discussion": [data["statements"][k] for k in placement.discussion],
        "continuum_svg": charts.continuum_scale(placement.overall),
        "domain_chart": charts.domain_bars(rows),
        "domain_order": [d["key"] for d in round_.snapshot["domains"]],
    }


def moderation_record(data):
    """Every moderation entry, in the framework's order, oldest first within a statement."""
    record = []
    for key, statement in data["statements"].items():
        for entry in data["history"].get(key, []):
            record.append({"statement": statement, "entry": entry})
    return record


@organisation_view(Role.ASSESSMENT_LEAD)
def moderate_statement(request, membership, round_id, statement_key):
    slug = membership.organisation.slug
    round_ = selectors.round_for_lead(membership=membership, round_id=round_id)
    statement = snap.statements_by_key(round_.snapshot).get(statement_key)
    if statement is None:
        raise NotFound
    data = selectors.results(round_, membership=membership)
    if not data["visible"]:
        messages.error(request, str(assessment_errors.ResultsWithheld()))
        return redirect("round_results", slug=slug, round_id=round_id)
    form = ModerateForm(
        request.POST or None, kind=statement["kind"], applicability=statement.get("applicability", False)
    )
    if request.method == "POST" and request.POST.get("action") == "leave":
        results_services.leave_as_group_said(
            membership=membership, round_id=round_id, statement_key=statement_key, reason=request.POST.get("reason")
        )
        messages.success(request, _("Recorded: the group's answer stands."))
        return redirect(reverse("round_results", args=[slug, round_id]) + f"#domain-{statement['domain']}")
    if request.method == "POST" and form.is_valid():
        try:
            results_services.moderate(
                membership=membership,
                round_id=round_id,
                statement_key=statement_key,
                value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Agreed answer recorded. The placement has been recalculated."))
            return redirect(reverse("round_results", args=[slug, round_id]) + f"#domain-{statement['domain']}")
    from ... import continuum

    answers = selectors.raw_answers(round_, membership=membership).get(statement_key, [])
    return render(
        request,
        "assessment/moderate.html",
        {
            "organisation": round_.organisation,
            "round": round_,
            "statement": statement,
            "form": form,
            "counts": data["spread"].get(statement_key),
            "labels": dict(answer_choices(statement["kind"], statement.get("applicability", False))),
            "median": continuum.median_answer(statement["kind"], answers),
            "state": data["states"].get(statement_key, ""),
            "history": data["history"].get(statement_key, []),
            "notes": data["notes"].get(statement_key, []),
            "attributed": anonymity.notes_attributed(data["release"]),
        },
    )
