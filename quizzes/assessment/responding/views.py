"""Pages for answering a round: the form, review, thanks, invitation and join links."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from s2t_learn.errors import NotFound

from .. import errors as assessment_errors
from .. import selectors
from .. import snapshot as snap
from ..forms import (
    answer_choices,
)
from ..results.views import results_context
from . import services as response_services


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
        raise NotFound
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
            response_services.save_answers(request.user, round_id, posted)
        except assessment_errors.RoundClosed:
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
                response_services.submit_response(request.user, round_id)
            except assessment_errors.RoundClosed:
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
        context["summary"] = results_context(
            round_, selectors.results_for_respondent(invitation=invitation), lead=False
        )
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
        invitation = response_services.accept_round_invitation(request.user, token)
    except assessment_errors.RoundClosed:
        return render(request, "organisations/token_problem.html", {"status": "expired"}, status=410)
    except assessment_errors.NotAMember as problem:
        return _not_a_member(request, problem)
    return redirect("round_respond", round_id=invitation.round_id)


def round_join(request, token):
    if not request.user.is_authenticated:
        return render(request, "assessment/sign_in_to_respond.html", {"next": request.path})
    try:
        invitation = response_services.join_by_link(request.user, token)
    except assessment_errors.RoundClosed:
        return render(request, "organisations/token_problem.html", {"status": "expired"}, status=410)
    except assessment_errors.NotAMember as problem:
        return _not_a_member(request, problem)
    return redirect("round_respond", round_id=invitation.round_id)
