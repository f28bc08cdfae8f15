"""Self-assessment pages. Thin: the rules are in services and selectors."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from s2t_learn import selectors as org_selectors
from s2t_learn.models import Role
from s2t_learn.views.forms_util import add_service_errors

from . import charts, selectors, services
from . import snapshot as snap
from .forms import InviteEmailForm, InviteMembersForm, ModerateForm, OpenRoundForm, answer_choices


@login_required
def round_list(request, slug):
    membership = org_selectors.membership_for(request.user, slug, Role.ASSESSMENT_LEAD)
    organisation = membership.organisation
    form = OpenRoundForm(request.POST or None, teams=organisation.teams.all())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = services.open_round(
                request.user,
                slug,
                data["title"],
                team_id=data["team"] or None,
                is_anonymous=data["is_anonymous"],
                share_summary=data["share_summary"],
                setting=data.get("setting") or "",
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Round opened. Now invite colleagues to respond."))
            return redirect("round_manage", slug=slug, round_id=round_.pk)
    return render(
        request,
        "assessment/round_list.html",
        {"organisation": organisation, "rounds": selectors.rounds_for(request.user, slug), "form": form},
    )


@login_required
def round_manage(request, slug, round_id):
    round_ = selectors.round_for_lead(request.user, slug, round_id)
    members = round_.organisation.memberships.select_related("user")
    members_form = InviteMembersForm(members=members, prefix="m")
    email_form = InviteEmailForm(prefix="e")
    if request.method == "POST" and round_.is_open:
        try:
            if "m-members" in request.POST or request.POST.get("action") == "members":
                members_form = InviteMembersForm(request.POST, members=members, prefix="m")
                if members_form.is_valid():
                    created = services.invite_members(
                        request.user, slug, round_id, members_form.cleaned_data["members"]
                    )
                    messages.success(request, _("%(n)s colleagues invited.") % {"n": len(created)})
                    return redirect("round_manage", slug=slug, round_id=round_id)
            else:
                email_form = InviteEmailForm(request.POST, prefix="e")
                if email_form.is_valid():
                    services.invite_by_email(request.user, slug, round_id, email_form.cleaned_data["email"])
                    messages.success(request, _("Invitation sent."))
                    return redirect("round_manage", slug=slug, round_id=round_id)
        except ValidationError as error:
            add_service_errors(members_form if "m-members" in request.POST else email_form, error)
        except services.RoundClosed:
            messages.error(request, _("This round has closed, so no one else can be invited."))
    return render(
        request,
        "assessment/round_manage.html",
        {
            "organisation": round_.organisation,
            "round": round_,
            "respondents": selectors.respondents(round_),
            "statement_count": len(snap.statements_by_key(round_.snapshot)),
            "individual": selectors.individual_answers(round_),
            "statements": snap.statements_by_key(round_.snapshot),
            "members_form": members_form,
            "email_form": email_form,
            "link": request.build_absolute_uri(reverse("round_join", args=[round_.link_token])),
        },
    )


@login_required
@require_POST
def round_close(request, slug, round_id):
    services.close_round(request.user, slug, round_id)
    messages.success(request, _("Round closed. Its results are ready."))
    return redirect("round_results", slug=slug, round_id=round_id)


@login_required
def round_results(request, slug, round_id):
    from ..planning.views import results_planning_context

    round_ = selectors.round_for_lead(request.user, slug, round_id)
    context = results_context(round_, lead=True)
    context.update(results_planning_context(round_, context["placement"]))
    return render(request, "assessment/results.html", context)


def results_context(round_, lead):
    from modules.navigation import continuum_level_texts

    from . import reading

    data = selectors.results(round_)
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
        "round": round_,
        "organisation": round_.organisation,
        "lead": lead,
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
        "spread": data["spread"],
        "discussion": [data["statements"][k] for k in placement.discussion],
        "respondent_count": data["respondent_count"],
        "continuum_svg": charts.continuum_scale(placement.overall),
        "domain_chart": charts.domain_bars(rows),
        "domain_order": [d["key"] for d in round_.snapshot["domains"]],
    }


@login_required
def moderate_statement(request, slug, round_id, statement_key):
    round_ = selectors.round_for_lead(request.user, slug, round_id)
    statement = snap.statements_by_key(round_.snapshot).get(statement_key)
    if statement is None:
        raise Http404
    agreed = selectors.agreed_answers(round_).get(statement_key)
    initial = {"value": agreed.value, "reason": agreed.reason} if agreed else {}
    form = ModerateForm(
        request.POST or None,
        kind=statement["kind"],
        applicability=statement.get("applicability", False),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.moderate(
                request.user, slug, round_id, statement_key, form.cleaned_data["value"], form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Agreed answer recorded. The placement has been recalculated."))
            return redirect(reverse("round_results", args=[slug, round_id]) + f"#statement-{statement_key}")
    answers = selectors.raw_answers(round_).get(statement_key, [])
    from .. import continuum

    return render(
        request,
        "assessment/moderate.html",
        {
            "organisation": round_.organisation,
            "round": round_,
            "statement": statement,
            "form": form,
            "counts": dict(Counter(answers)) if continuum.spread_visible(round_.is_anonymous, len(answers)) else None,
            "labels": dict(answer_choices(statement["kind"], statement.get("applicability", False))),
            "median": continuum.median_answer(statement["kind"], answers),
        },
    )


@login_required
def respond(request, round_id):
    invitation = selectors.invitation_for(request.user, round_id)
    round_ = invitation.round
    domains = round_.snapshot["domains"]
    keys = [d["key"] for d in domains]
    current = request.GET.get("domain") or request.POST.get("domain") or keys[0]
    if current not in keys:
        raise Http404
    index = keys.index(current)
    domain = domains[index]
    errors = {}
    posted = {}
    if request.method == "POST":
        posted = {
            s["key"]: {
                "value": request.POST.get(f"answer-{s['key']}", ""),
                "note": request.POST.get(f"note-{s['key']}", ""),
            }
            for s in domain["statements"]
        }
        try:
            services.save_answers(request.user, round_id, posted)
        except services.RoundClosed:
            return render(request, "assessment/closed.html", {"round": round_}, status=409)
        except ValidationError as error:
            errors = error.message_dict
        else:
            if "previous" in request.POST and index > 0:
                return redirect(f"{request.path}?domain={keys[index - 1]}")
            if index + 1 < len(keys):
                return redirect(f"{request.path}?domain={keys[index + 1]}")
            return redirect("round_review", round_id=round_id)
    if not round_.is_open:
        return render(
            request, "assessment/closed.html", {"round": round_}, status=409 if request.method == "POST" else 200
        )
    saved = selectors.my_answers(invitation)
    statements = [
        {
            **s,
            "choices": answer_choices(s["kind"], s.get("applicability", False)),
            "value": posted.get(s["key"], {}).get("value")
            if posted
            else (saved[s["key"]].value if s["key"] in saved else ""),
            "note": posted.get(s["key"], {}).get("note")
            if posted
            else (saved[s["key"]].note if s["key"] in saved else ""),
            "error": (errors.get(s["key"]) or [None])[0],
        }
        for s in domain["statements"]
    ]
    return render(
        request,
        "assessment/respond.html",
        {
            "round": round_,
            "domain": domain,
            "statements": statements,
            "position": index + 1,
            "domain_count": len(keys),
            "answered": len(saved),
            "total": sum(len(d["statements"]) for d in domains),
            "errors": errors,
            "previous_domain": keys[index - 1] if index > 0 else None,
            "domains": domains,
            "current": current,
        },
    )


@login_required
def round_review(request, round_id):
    invitation = selectors.invitation_for(request.user, round_id)
    round_ = invitation.round
    if request.method == "POST":
        try:
            services.submit_response(request.user, round_id)
        except services.RoundClosed:
            return render(request, "assessment/closed.html", {"round": round_}, status=409)
        return redirect("round_thanks", round_id=round_id)
    saved = selectors.my_answers(invitation)
    total = sum(len(d["statements"]) for d in round_.snapshot["domains"])
    per_domain = [
        (d, sum(1 for s in d["statements"] if s["key"] in saved), len(d["statements"]))
        for d in round_.snapshot["domains"]
    ]
    return render(
        request,
        "assessment/review.html",
        {"round": round_, "invitation": invitation, "answered": len(saved), "total": total, "per_domain": per_domain},
    )


@login_required
def round_thanks(request, round_id):
    invitation = selectors.invitation_for(request.user, round_id)
    round_ = invitation.round
    context = {"round": round_}
    if round_.share_summary and not round_.is_open:
        context["summary"] = results_context(round_, lead=False)
    return render(request, "assessment/thanks.html", context)


def round_invitation(request, token):
    if not request.user.is_authenticated:
        return render(request, "assessment/sign_in_to_respond.html", {"next": request.path})
    try:
        invitation = services.accept_round_invitation(request.user, token)
    except services.RoundClosed:
        return render(request, "organisations/token_problem.html", {"status": "expired"}, status=410)
    return redirect("round_respond", round_id=invitation.round_id)


def round_join(request, token):
    if not request.user.is_authenticated:
        return render(request, "assessment/sign_in_to_respond.html", {"next": request.path})
    try:
        invitation = services.join_by_link(request.user, token)
    except services.RoundClosed:
        return render(request, "organisations/token_problem.html", {"status": "expired"}, status=410)
    return redirect("round_respond", round_id=invitation.round_id)
