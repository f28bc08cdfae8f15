"""Self-assessment pages. Thin: the rules are in services and selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from s2t_learn import selectors as org_selectors
from s2t_learn.tabs import minimum_role
from s2t_learn.views.forms_util import add_service_errors

from . import anonymity, charts, selectors, services
from . import snapshot as snap
from .forms import (
    CloseDateForm,
    InviteEmailForm,
    InviteMembersForm,
    ModerateForm,
    OpenRoundForm,
    RoundJoinLinkForm,
    answer_choices,
)


@login_required
def round_list(request, slug):
    membership = org_selectors.membership_for(request.user, slug, minimum_role("assessments"))
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
                closes_on=data.get("closes_on"),
                close_on_date=data.get("close_on_date"),
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


def _manage_forms(request, round_, data=None):
    members = list(services.eligible_members(round_).select_related("user").order_by("user__first_name", "pk"))
    teams = [] if round_.team_id else list(round_.organisation.teams.all())
    invited = selectors.invited_user_ids(round_)
    return InviteMembersForm(data, members=members, teams=teams, invited=invited, prefix="m")


@login_required
def round_manage(request, slug, round_id):
    round_ = selectors.round_for_lead(request.user, slug, round_id)
    members_form = _manage_forms(request, round_)
    email_form = InviteEmailForm(prefix="e")
    dates_form = CloseDateForm(
        initial={"closes_on": round_.closes_on, "close_on_date": round_.close_on_date}, prefix="d"
    )
    links = [
        link
        for link in round_.organisation.join_links.filter(revoked_at__isnull=True)
        if link.status() == "valid" and (not round_.team_id or link.team_id == round_.team_id)
    ]
    link_form = RoundJoinLinkForm(initial={"join_link": round_.join_link_id}, links=links, prefix="j")
    if request.method == "POST" and round_.is_open:
        action = request.POST.get("action")
        form = None
        try:
            if action == "join_link":
                form = link_form = RoundJoinLinkForm(request.POST, links=links, prefix="j")
                if link_form.is_valid():
                    services.set_join_link(request.user, slug, round_id, link_form.cleaned_data["join_link"] or None)
                    messages.success(request, _("Saved."))
                    return redirect("round_manage", slug=slug, round_id=round_id)
            if action == "members":
                form = members_form = _manage_forms(request, round_, request.POST)
                if members_form.is_valid():
                    created = services.invite_members(
                        request.user, slug, round_id, members_form.cleaned_data["user_ids"]
                    )
                    messages.success(
                        request, _("%(n)s colleagues invited. Each has been emailed a link.") % {"n": len(created)}
                    )
                    return redirect("round_manage", slug=slug, round_id=round_id)
            elif action == "dates":
                form = dates_form = CloseDateForm(request.POST, prefix="d")
                if dates_form.is_valid():
                    services.set_close_date(
                        request.user,
                        slug,
                        round_id,
                        dates_form.cleaned_data["closes_on"],
                        dates_form.cleaned_data["close_on_date"],
                    )
                    messages.success(request, _("Close date saved."))
                    return redirect("round_manage", slug=slug, round_id=round_id)
            else:
                form = email_form = InviteEmailForm(request.POST, prefix="e")
                if email_form.is_valid():
                    services.invite_by_email(request.user, slug, round_id, email_form.cleaned_data["email"])
                    messages.success(request, _("Invitation sent."))
                    return redirect("round_manage", slug=slug, round_id=round_id)
        except ValidationError as error:
            add_service_errors(form, error)
        except services.RoundClosed:
            messages.error(request, _("This round has closed, so no one else can be invited."))
    counts = selectors.round_counts(round_)
    return render(
        request,
        "assessment/round_manage.html",
        {
            "organisation": round_.organisation,
            "round": round_,
            "counts": counts,
            "release": selectors.release(round_, counts.sent),
            "minimum": selectors.release_minimum(),
            "respondents": selectors.respondents(round_),
            "statement_count": len(snap.statements_by_key(round_.snapshot)),
            "grid": answer_grid(round_),
            "members_form": members_form,
            "email_form": email_form,
            "dates_form": dates_form,
            "link_form": link_form,
            "can_extend": anonymity.can_extend(
                round_.is_anonymous, round_.is_open, counts.sent, selectors.release_minimum()
            ),
            "can_convert": anonymity.can_convert_to_named(round_.is_anonymous, round_.is_open),
            "link": request.build_absolute_uri(reverse("round_join", args=[round_.link_token])),
        },
    )


def answer_grid(round_):
    """Named rounds: one row per statement, one column per person who sent, in plain words."""
    individual = selectors.individual_answers(round_)
    if not individual:
        return None
    people = list(individual)
    rows = []
    for domain in round_.snapshot["domains"]:
        for statement in domain["statements"]:
            labels = dict(answer_choices(statement["kind"]))
            cells = []
            for person in people:
                answer = individual[person].get(statement["key"])
                cells.append(
                    {
                        "label": labels.get(answer.value, answer.value) if answer else "",
                        "note": answer.note if answer else "",
                    }
                )
            rows.append({"statement": statement, "domain": domain, "cells": cells})
    return {"people": people, "rows": rows}


@login_required
def round_close(request, slug, round_id):
    """GET: how many started and did not send, with the choice to remind them or close anyway."""
    round_ = selectors.round_for_lead(request.user, slug, round_id)
    if request.method == "POST":
        services.close_round(request.user, slug, round_id)
        messages.success(request, _("Round closed."))
        return redirect("round_results", slug=slug, round_id=round_id)
    counts = selectors.round_counts(round_)
    minimum = selectors.release_minimum()
    return render(
        request,
        "assessment/close.html",
        {
            "organisation": round_.organisation,
            "round": round_,
            "counts": counts,
            "minimum": minimum,
            "below_minimum": round_.is_anonymous and counts.sent < minimum,
        },
    )


@login_required
@require_POST
def round_remind(request, slug, round_id):
    try:
        n = services.remind_unsent(request.user, slug, round_id)
    except services.RoundClosed:
        messages.error(request, _("This round has closed, so no reminders were sent."))
    else:
        messages.success(request, _("%(n)s reminders sent.") % {"n": n})
    return redirect("round_manage", slug=slug, round_id=round_id)


@login_required
@require_POST
def round_extend(request, slug, round_id):
    form = CloseDateForm(request.POST, prefix="d")
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.get("closes_on") or _("Enter a date like 2027-03-31."))
        services.extend_round(
            request.user, slug, round_id, form.cleaned_data["closes_on"], form.cleaned_data["close_on_date"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except services.CannotExtend as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The round is open again. Invite more colleagues or remind them."))
    return redirect("round_manage", slug=slug, round_id=round_id)


@login_required
@require_POST
def round_convert(request, slug, round_id):
    try:
        services.convert_to_named(request.user, slug, round_id)
    except services.CannotConvert as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "The round is now named. Answers already sent no longer count until each person has seen "
                "this and sent them again."
            ),
        )
    return redirect("round_manage", slug=slug, round_id=round_id)


@login_required
def round_results(request, slug, round_id):
    from ..planning.views import results_planning_context

    round_ = selectors.round_for_lead(request.user, slug, round_id)
    context = results_context(round_, lead=True)
    if context["visible"]:
        context.update(results_planning_context(round_, context["placement"]))
    return render(request, "assessment/results.html", context)


@login_required
def round_area(request, slug, round_id, domain_key):
    """One area's statements, group answers, spread and moderation links: on a page of its own, so the
    results page stays small (the same results_context, the same anonymity rule)."""
    round_ = selectors.round_for_lead(request.user, slug, round_id)
    context = results_context(round_, lead=True)
    if not context["visible"]:
        return redirect("round_results", slug=slug, round_id=round_id)
    row = next((r for r in context["rows"] if r["domain"]["key"] == domain_key), None)
    if row is None:
        raise Http404
    return render(request, "assessment/area.html", {**context, "row": row})


def results_context(round_, lead):
    from modules.navigation import continuum_level_texts

    from . import reading

    data = selectors.results(round_)
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


@login_required
def moderate_statement(request, slug, round_id, statement_key):
    round_ = selectors.round_for_lead(request.user, slug, round_id)
    statement = snap.statements_by_key(round_.snapshot).get(statement_key)
    if statement is None:
        raise Http404
    data = selectors.results(round_)
    if not data["visible"]:
        messages.error(request, str(services.ResultsWithheld()))
        return redirect("round_results", slug=slug, round_id=round_id)
    form = ModerateForm(
        request.POST or None, kind=statement["kind"], applicability=statement.get("applicability", False)
    )
    if request.method == "POST" and request.POST.get("action") == "leave":
        services.leave_as_group_said(request.user, slug, round_id, statement_key, request.POST.get("reason"))
        messages.success(request, _("Recorded: the group's answer stands."))
        return redirect(reverse("round_results", args=[slug, round_id]) + f"#domain-{statement['domain']}")
    if request.method == "POST" and form.is_valid():
        try:
            services.moderate(
                request.user, slug, round_id, statement_key, form.cleaned_data["value"], form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Agreed answer recorded. The placement has been recalculated."))
            return redirect(reverse("round_results", args=[slug, round_id]) + f"#domain-{statement['domain']}")
    from .. import continuum

    answers = selectors.raw_answers(round_).get(statement_key, [])
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


@login_required
def respond(request, round_id):
    invitation = selectors.invitation_for(request.user, round_id)
    round_ = invitation.round
    domains = round_.snapshot["domains"]
    keys = [d["key"] for d in domains]
    saved = selectors.my_answers(invitation)
    done = {d["key"] for d in domains if all(s["key"] in saved for s in d["statements"])}
    first_not_done = next((k for k in keys if k not in done), keys[0])
    current = request.GET.get("domain") or request.POST.get("domain") or first_not_done
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
    if request.method == "POST":
        saved = selectors.my_answers(invitation)
    pending_notes = invitation.pending_notes or {}
    statements = [
        {
            **s,
            "choices": answer_choices(s["kind"], s.get("applicability", False)),
            "value": posted.get(s["key"], {}).get("value")
            if posted
            else (saved[s["key"]].value if s["key"] in saved else ""),
            "note": posted.get(s["key"], {}).get("note")
            if posted
            else (saved[s["key"]].note if s["key"] in saved else pending_notes.get(s["key"], "")),
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
            "domains": [{**d, "done": d["key"] in done} for d in domains],
            "current": current,
            "minimum": selectors.release_minimum(),
            "minutes": snap.time_estimate_minutes(round_.snapshot),
        },
    )


@login_required
def round_review(request, round_id):
    invitation = selectors.invitation_for(request.user, round_id)
    round_ = invitation.round
    saved = selectors.my_answers(invitation)
    total = sum(len(d["statements"]) for d in round_.snapshot["domains"])
    confirm = False
    if request.method == "POST":
        if mostly_unanswered(len(saved), total) and not request.POST.get("confirm"):
            confirm = True  # ask first; the answers stay saved either way
        else:
            try:
                services.submit_response(request.user, round_id)
            except services.RoundClosed:
                return render(request, "assessment/closed.html", {"round": round_}, status=409)
            return redirect("round_thanks", round_id=round_id)
    per_domain = [
        (d, sum(1 for s in d["statements"] if s["key"] in saved), len(d["statements"]))
        for d in round_.snapshot["domains"]
    ]
    return render(
        request,
        "assessment/review.html",
        {
            "round": round_,
            "invitation": invitation,
            "answered": len(saved),
            "total": total,
            "per_domain": per_domain,
            "confirm": confirm,
            "unanswered": total - len(saved),
        },
    )


def mostly_unanswered(answered, total):
    """More than half the statements have no answer: ask before sending."""
    return total > 0 and (total - answered) * 2 > total


@login_required
def round_thanks(request, round_id):
    invitation = selectors.invitation_for(request.user, round_id)
    round_ = invitation.round
    context = {"round": round_}
    if round_.share_summary and not round_.is_open:
        context["summary"] = results_context(round_, lead=False)
    return render(request, "assessment/thanks.html", context)


def _not_a_member(request, problem):
    return render(
        request,
        "assessment/not_a_member.html",
        {"round": problem.round, "join_link": problem.join_link},
        status=403,
    )


def round_invitation(request, token):
    if not request.user.is_authenticated:
        return render(request, "assessment/sign_in_to_respond.html", {"next": request.path})
    try:
        invitation = services.accept_round_invitation(request.user, token)
    except services.RoundClosed:
        return render(request, "organisations/token_problem.html", {"status": "expired"}, status=410)
    except services.NotAMember as problem:
        return _not_a_member(request, problem)
    return redirect("round_respond", round_id=invitation.round_id)


def round_join(request, token):
    if not request.user.is_authenticated:
        return render(request, "assessment/sign_in_to_respond.html", {"next": request.path})
    try:
        invitation = services.join_by_link(request.user, token)
    except services.RoundClosed:
        return render(request, "organisations/token_problem.html", {"status": "expired"}, status=410)
    except services.NotAMember as problem:
        return _not_a_member(request, problem)
    return redirect("round_respond", round_id=invitation.round_id)
