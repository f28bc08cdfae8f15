"""Accepting an invitation or using a join link. Every kind of bad token gets a page that says which."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import services


def _problem(request, status):
    return render(
        request, "organisations/token_problem.html", {"status": status}, status=404 if status == "invalid" else 410
    )


def _wrong_account(request, invitation, status=200):
    return render(
        request,
        "organisations/wrong_account.html",
        {"organisation": invitation.organisation, "masked_email": services.mask_email(invitation.email)},
        status=status,
    )


def accept_invitation(request, token):
    try:
        invitation = services.invitation_from_token(token)
    except services.TokenProblem as problem:
        return _problem(request, problem.status)
    if request.user.is_authenticated and not services.invitation_is_for(request.user, invitation):
        return _wrong_account(request, invitation, status=403 if request.method == "POST" else 200)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            membership = services.accept_invitation(request.user, token)
        except services.TokenProblem as problem:
            return _problem(request, problem.status)
        except services.WrongAccount as wrong:
            return _wrong_account(request, wrong.invitation, status=403)
        messages.success(request, _("You have joined %(name)s.") % {"name": membership.organisation.name})
        return redirect("organisation_detail", slug=membership.organisation.slug)
    return render(
        request,
        "organisations/accept.html",
        {
            "organisation": invitation.organisation,
            "role": invitation.get_role_display(),
            "kind": "invitation",
            "masked_email": services.mask_email(invitation.email),
        },
    )


def use_join_link(request, token):
    try:
        link = services.join_link_from_token(token)
    except services.TokenProblem as problem:
        return _problem(request, problem.status)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            membership = services.use_join_link(request.user, token)
        except services.TokenProblem as problem:
            return _problem(request, problem.status)
        messages.success(request, _("You have joined %(name)s.") % {"name": membership.organisation.name})
        return redirect("organisation_detail", slug=membership.organisation.slug)
    return render(
        request,
        "organisations/accept.html",
        {"organisation": link.organisation, "role": link.get_role_display(), "kind": "link"},
    )
