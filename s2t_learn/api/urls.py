from django.urls import path

from . import views

urlpatterns = [
    path("me/", views.MeView.as_view(), name="api_me"),
    path("organisations/", views.MyOrganisationsView.as_view(), name="api_organisations"),
    path("organisations/<slug:slug>/", views.OrganisationDetailView.as_view(), name="api_organisation"),
    path("organisations/<slug:slug>/members/", views.MembersView.as_view(), name="api_members"),
    path(
        "organisations/<slug:slug>/members/<int:membership_id>/",
        views.MemberDetailView.as_view(),
        name="api_member",
    ),
    path("organisations/<slug:slug>/teams/", views.TeamsView.as_view(), name="api_teams"),
    path("organisations/<slug:slug>/teams/<int:team_id>/", views.TeamDetailView.as_view(), name="api_team"),
    path("organisations/<slug:slug>/invitations/", views.InvitationsView.as_view(), name="api_invitations"),
    path("organisations/<slug:slug>/activity/", views.ActivityView.as_view(), name="api_activity"),
    path(
        "organisations/<slug:slug>/invitations/<int:invitation_id>/",
        views.InvitationDetailView.as_view(),
        name="api_invitation",
    ),
]
