import warnings

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from .middleware import BoundedIntConverter
from .views import errors, health, joining, organisations, profile

# Every `<int:...>` in the project's URLs (and Wagtail's) is bounded to the database's integers.
with warnings.catch_warnings():
    # Django 5.2 warns that overriding a converter goes in 6.0; until then this bounds every route at once.
    warnings.simplefilter("ignore")
    register_converter(BoundedIntConverter, "int")

org_patterns = [
    path("", organisations.organisation_list, name="organisation_list"),
    path("new/", organisations.organisation_create, name="organisation_create"),
    path("<slug:slug>/", organisations.organisation_detail, name="organisation_detail"),
    path("<slug:slug>/members/", organisations.members, name="organisation_members"),
    path("<slug:slug>/members/<int:membership_id>/", organisations.member_update, name="organisation_member_update"),
    path(
        "<slug:slug>/members/<int:membership_id>/remove/",
        organisations.member_remove,
        name="organisation_member_remove",
    ),
    path("<slug:slug>/teams/", organisations.teams, name="organisation_teams"),
    path("<slug:slug>/activity/", organisations.activity, name="organisation_activity"),
    path("<slug:slug>/teams/<int:team_id>/delete/", organisations.team_delete, name="organisation_team_delete"),
    path("<slug:slug>/invitations/", organisations.invitations, name="organisation_invitations"),
    path(
        "<slug:slug>/invitations/<int:invitation_id>/revoke/",
        organisations.invitation_revoke,
        name="organisation_invitation_revoke",
    ),
    path("<slug:slug>/join-links/", organisations.join_links, name="organisation_join_links"),
    path(
        "<slug:slug>/join-links/<int:link_id>/revoke/",
        organisations.join_link_revoke,
        name="organisation_join_link_revoke",
    ),
    path("<slug:slug>/settings/", organisations.organisation_settings, name="organisation_settings"),
    path("<slug:slug>/leave/", organisations.leave, name="organisation_leave"),
]

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("profile/", profile.profile, name="profile"),
    path("profile/tokens/", profile.token_create, name="profile_token_create"),
    path("profile/my-data.json", profile.my_data, name="profile_my_data"),
    path("profile/delete/", profile.delete_account, name="profile_delete"),
    path("profile/tokens/<str:token_key>/revoke/", profile.token_revoke, name="profile_token_revoke"),
    path("", include("modules.urls")),
    path("", include("quizzes.assessment.urls")),
    path("", include("quizzes.planning.urls")),
    path("", include("quizzes.audit.urls")),
    path("", include("quizzes.knowledge.urls")),
    path("org/", include(org_patterns)),
    path("invitations/<str:token>/", joining.accept_invitation, name="accept_invitation"),
    path("join/<str:token>/", joining.use_join_link, name="use_join_link"),
    path("api/v1/", include("s2t_learn.api.urls")),
    path("api/v1/", include("modules.api_urls")),
    path("api/v1/", include("quizzes.assessment.api_urls")),
    path("api/v1/", include("quizzes.planning.api_urls")),
    path("api/v1/", include("quizzes.audit.api_urls")),
    path("api/v1/", include("quizzes.knowledge.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
    # Any other /api/ path answers the API's JSON error body, not the site's HTML 404 page.
    re_path(r"^api/", errors.api_not_found),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler500 = "s2t_learn.views.errors.server_error"
