"""Pages for leads to list, open and manage rounds."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from s2t_learn.access import organisation_view
from s2t_learn.models import Role
from s2t_learn.tabs import minimum_role
from s2t_learn.views.forms_util import add_service_errors

from .. import anonymity, selectors
from .. import errors as assessment_errors
from .. import snapshot as snap
from ..forms import (
    CloseDateForm,
    InviteEmailForm,
    InviteMembersForm,
    OpenRoundForm,
    RoundJoinLinkForm,
    answer_choices,
)
from . import services as round_services


@organisation_view(minimum_role("assessments"))
def round_list(request, membership):
    organisation = membership.organisation
    slug = organisation.slug
    form = OpenRoundForm(request.POST or None, teams=organisation.teams.all())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = round_services.open_round(
                membership=membership,
                title=data["title"],
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
        {
            "organisation": organisation,
            "rounds": selectors.rounds_for(membership=membership),
            "form": form,
        },
    )


def _manage_forms(membership, round_, data=None):
    members = list(
        selectors.eligible_members(round_, membership=membership)
        .select_related("user")
        .order_by("user__first_name", "pk")
    )
    teams = [] if round_.team_id else list(round_.organisation.teams.all())
    invited = selectors.invited_user_ids(round_, membership=membership)
    return InviteMembersForm(data, members=members, teams=teams, invited=invited, prefix="m")


@organisation_view(Role.ASSESSMENT_LEAD)
def round_manage(request, membership, round_id):
    slug = membership.organisation.slug
    round_ = selectors.round_for_lead(membership=membership, round_id=round_id)
    members_form = _manage_forms(membership, round_)
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
                    round_services.set_join_link(
                        membership=membership,
                        round_id=round_id,
                        join_link_id=link_form.cleaned_data["join_link"] or None,
                    )
                    messages.success(request, _("Saved."))
                    return redirect("round_manage", slug=slug, round_id=round_id)
            if action == "members":
                form = members_form = _manage_forms(membership, round_, request.POST)
                if members_form.is_valid():
                    invited = round_services.invite(
                        membership=membership, round_id=round_id, user_ids=members_form.cleaned_data["user_ids"]
                    )
                    messages.success(
                        request, _("%(n)s colleagues invited. Each has been emailed a link.") % {"n": invited}
                    )
                    return redirect("round_manage", slug=slug, round_id=round_id)
            elif action == "dates":
                form = dates_form = CloseDateForm(request.POST, prefix="d")
                if dates_form.is_valid():
                    round_services.set_close_date(
                        membership=membership,
                        round_id=round_id,
                        closes_on=dates_form.cleaned_data["closes_on"],
                        close_on_date=dates_form.cleaned_data["close_on_date"],
                    )
                    messages.success(request, _("Close date saved."))
                    return redirect("round_manage", slug=slug, round_id=round_id)
            else:
                form = email_form = InviteEmailForm(request.POST, prefix="e")
                if email_form.is_valid():
                    round_services.invite_by_email(
                        membership=membership, round_id=round_id, email=email_form.cleaned_data["email"]
                    )
                    messages.success(request, _("Invitation sent."))
                    return redirect("round_manage", slug=slug, round_id=round_id)
        except ValidationError as error:
            add_service_errors(form, error)
        except assessment_errors.RoundClosed:
            messages.error(request, _("This round has closed, so no one else can be invited."))
    counts = selectors.round_counts(round_, membership=membership)
    return render(
        request,
        "assessment/round_manage.html",
        {
            "organisation": round_.organisation,
            "round": round_,
            "counts": counts,
            "release": selectors.release(round_, membership=membership, sent_count=counts.sent),
            "minimum": selectors.release_minimum(),
            "respondents": selectors.respondents(round_, membership=membership),
            "statement_count": len(snap.statements_by_key(round_.snapshot)),
            "grid": answer_grid(round_, membership),
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


def answer_grid(round_, membership):
    """Named rounds: one row per statement, one column per person who sent, in plain words."""
    individual = selectors.individual_answers(round_, membership=membership)
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


@organisation_view(Role.ASSESSMENT_LEAD)
def round_close(request, membership, round_id):
    """GET: how many started and did not send, with the choice to remind them or close anyway."""
    round_ = selectors.round_for_lead(membership=membership, round_id=round_id)
    if request.method == "POST":
        round_services.close_round(membership=membership, round_id=round_id)
        messages.success(request, _("Round closed."))
        return redirect("round_results", slug=membership.organisation.slug, round_id=round_id)
    counts = selectors.round_counts(round_, membership=membership)
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


@organisation_view(Role.ASSESSMENT_LEAD)
@require_POST
def round_remind(request, membership, round_id):
    slug = membership.organisation.slug
    try:
        n = round_services.remind_unsent(membership=membership, round_id=round_id)
    except assessment_errors.RoundClosed:
        messages.error(request, _("This round has closed, so no reminders were sent."))
    else:
        messages.success(request, _("%(n)s reminders sent.") % {"n": n})
    return redirect("round_manage", slug=slug, round_id=round_id)


@organisation_view(Role.ASSESSMENT_LEAD)
@require_POST
def round_extend(request, membership, round_id):
    slug = membership.organisation.slug
    form = CloseDateForm(request.POST, prefix="d")
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.get("closes_on") or _("Enter a date like 2027-03-31."))
        round_services.extend_round(
            membership=membership,
            round_id=round_id,
            closes_on=form.cleaned_data["closes_on"],
            close_on_date=form.cleaned_data["close_on_date"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except assessment_errors.CannotExtend as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The round is open again. Invite more colleagues or remind them."))
    return redirect("round_manage", slug=slug, round_id=round_id)


@organisation_view(Role.ASSESSMENT_LEAD)
@require_POST
def round_convert(request, membership, round_id):
    slug = membership.organisation.slug
    try:
        round_services.convert_to_named(membership=membership, round_id=round_id)
    except assessment_errors.CannotConvert as error:
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
