"""Organisation pages at /org/. Thin: every rule is in services and selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..access import organisation_view
from ..forms import (
    InvitationFilterForm,
    InvitationForm,
    JoinLinkForm,
    MemberFilterForm,
    MembershipForm,
    OrganisationForm,
    OrganisationSettingsForm,
    TeamForm,
    team_choices,
)
from ..models import Role
from ..tabs import minimum_role
from .forms_util import add_service_errors

MEMBERS_PER_PAGE = 25


@login_required
def organisation_list(request):
    return render(request, "organisations/list.html", {"memberships": selectors.memberships_for(request.user)})


@login_required
def organisation_create(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.create_organisation(request.user, form.cleaned_data["name"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if organisation.is_approved:
                messages.success(request, _("Your organisation is set up. You are its admin."))
            else:
                messages.info(request, _("Your organisation is waiting for a site administrator to approve it."))
            return redirect("organisation_detail", slug=organisation.slug)
    return render(request, "organisations/create.html", {"form": form})


@organisation_view()
def organisation_detail(request, membership):
    return render(
        request,
        "organisations/detail.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "is_admin": membership.has_role(Role.ORG_ADMIN),
            "is_lead": membership.has_role(Role.ASSESSMENT_LEAD),
        },
    )


@organisation_view(minimum_role("members"))
def members(request, membership):
    teams = list(selectors.organisation_teams(membership=membership, with_counts=False))
    filters = MemberFilterForm(request.GET or None, teams=teams)
    # Fills cleaned_data with the valid filters: one that is not (another organisation's team, a made-up
    # role) is left out rather than shown as an error.
    filters.is_valid()
    chosen = getattr(filters, "cleaned_data", {})
    members = selectors.organisation_members(
        membership=membership,
        search=chosen.get("q", ""),
        team_id=chosen.get("team") or None,
        role=chosen.get("role", ""),
    )
    page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "organisations/members.html",
        {
            "organisation": membership.organisation,
            # Each row's role and team lists are written out in the template from these, shared by every row
            # (one form per row, as widgets, cost a template render per option: issue 17).
            "members": page.object_list,
            "role_choices": Role.choices,
            "team_choices": team_choices(teams),
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
        },
    )


@login_required
@require_POST
@organisation_view(Role.ORG_ADMIN)
def member_update(request, membership, membership_id):
    teams = list(selectors.organisation_teams(membership=membership, with_counts=False))
    form = MembershipForm(request.POST, teams=teams, prefix=f"m{membership_id}")
    if form.is_valid():
        try:
            services.change_membership(
                membership_id,
                membership=membership,
                role=form.cleaned_data["role"],
                team_id=form.cleaned_data["team"],
                team_given=True,
            )
            messages.success(request, _("Member updated."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Choose a role and a team from the lists."))
    return redirect("organisation_members", slug=membership.organisation.slug)


@login_required
@require_POST
@organisation_view(Role.ORG_ADMIN)
def member_remove(request, membership, membership_id):
    try:
        services.remove_member(membership_id, membership=membership)
        messages.success(request, _("Member removed. Their own learning record stays with them."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("organisation_members", slug=membership.organisation.slug)


@organisation_view(minimum_role("teams"))
def teams(request, membership):
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.create_team(form.cleaned_data["name"], membership=membership)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Team “%(name)s” added.") % {"name": team.name})
            return redirect("organisation_teams", slug=membership.organisation.slug)
    return render(
        request,
        "organisations/teams.html",
        {
            "organisation": membership.organisation,
            "teams": selectors.organisation_teams(membership=membership),
            "form": form,
        },
    )


@login_required
@require_POST
@organisation_view(Role.ORG_ADMIN)
def team_delete(request, membership, team_id):
    services.delete_team(team_id, membership=membership)
    messages.success(request, _("Team deleted. Its members stay in the organisation."))
    return redirect("organisation_teams", slug=membership.organisation.slug)


@organisation_view(minimum_role("invitations"))
def invitations(request, membership):
    teams = list(selectors.organisation_teams(membership=membership, with_counts=False))
    form = InvitationForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = services.create_invitation(data["email"], data["role"], data["team"], membership=membership)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return redirect("organisation_invitations", slug=membership.organisation.slug)
    filters = InvitationFilterForm(request.GET or None)
    filters.is_valid()  # a made-up status is left out rather than shown as an error
    chosen = getattr(filters, "cleaned_data", {})
    invitations = selectors.organisation_invitations(
        membership=membership, search=chosen.get("q", ""), status=chosen.get("status", "")
    )
    page = Paginator(invitations, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "organisations/invitations.html",
        {
            "organisation": membership.organisation,
            "invitations": page.object_list,
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "form": form,
        },
    )


@login_required
@require_POST
@organisation_view(Role.ORG_ADMIN)
def invitation_revoke(request, membership, invitation_id):
    services.revoke_invitation(invitation_id, membership=membership)
    messages.success(request, _("Invitation revoked. Its link no longer works."))
    return redirect("organisation_invitations", slug=membership.organisation.slug)


@organisation_view(minimum_role("join_links"))
def join_links(request, membership):
    teams = list(selectors.organisation_teams(membership=membership, with_counts=False))
    form = JoinLinkForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.create_join_link(data["role"], data["team"], data["valid_days"], membership=membership)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Join link created. Copy it from the list below."))
            return redirect("organisation_join_links", slug=membership.organisation.slug)
    links = [
        (link, request.build_absolute_uri(reverse("use_join_link", args=[link.token])))
        for link in selectors.organisation_join_links(membership=membership)
    ]
    return render(
        request,
        "organisations/join_links.html",
        {"organisation": membership.organisation, "links": links, "form": form},
    )


@login_required
@require_POST
@organisation_view(Role.ORG_ADMIN)
def join_link_revoke(request, membership, link_id):
    services.revoke_join_link(link_id, membership=membership)
    messages.success(request, _("Join link revoked. It no longer works."))
    return redirect("organisation_join_links", slug=membership.organisation.slug)


@organisation_view()
def leave(request, membership):
    error = None
    if request.method == "POST":
        try:
            services.leave_organisation(membership=membership)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                _("You have left %(name)s. Your learning record stays with you.")
                % {"name": membership.organisation.name},
            )
            return redirect("organisation_list")
    return render(request, "organisations/leave.html", {"organisation": membership.organisation, "error": error})


@organisation_view(minimum_role("activity"))
def activity(request, membership):
    from ..audit_log import actor_name, describe

    entries = selectors.organisation_activity(membership=membership)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    rows = [(entry, actor_name(entry), describe(entry)) for entry in page.object_list]
    return render(
        request,
        "organisations/activity.html",
        {"organisation": membership.organisation, "page": page, "rows": rows},
    )


@organisation_view(minimum_role("settings"))
def organisation_settings(request, membership):
    organisation = membership.organisation
    # An unticked box posts nothing: the form is bound on every POST, empty or not.
    form = OrganisationSettingsForm(
        request.POST if request.method == "POST" else None,
        initial={"require_mfa_for_admins": organisation.require_mfa_for_admins},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organisation_settings(
                membership=membership, require_mfa_for_admins=form.cleaned_data["require_mfa_for_admins"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("organisation_settings", slug=membership.organisation.slug)
    return render(request, "organisations/settings.html", {"organisation": organisation, "form": form})
