from django.urls import path

from . import views

urlpatterns = [
    path("org/<slug:slug>/assessments/", views.round_list, name="round_list"),
    path("org/<slug:slug>/assessments/<int:round_id>/", views.round_manage, name="round_manage"),
    path("org/<slug:slug>/assessments/<int:round_id>/close/", views.round_close, name="round_close"),
    path("org/<slug:slug>/assessments/<int:round_id>/remind/", views.round_remind, name="round_remind"),
    path("org/<slug:slug>/assessments/<int:round_id>/extend/", views.round_extend, name="round_extend"),
    path("org/<slug:slug>/assessments/<int:round_id>/make-named/", views.round_convert, name="round_convert"),
    path("org/<slug:slug>/assessments/<int:round_id>/results/", views.round_results, name="round_results"),
    path(
        "org/<slug:slug>/assessments/<int:round_id>/results/areas/<slug:domain_key>/",
        views.round_area,
        name="round_area",
    ),
    path(
        "org/<slug:slug>/assessments/<int:round_id>/moderate/<slug:statement_key>/",
        views.moderate_statement,
        name="round_moderate",
    ),
    path("assessments/<int:round_id>/respond/", views.respond, name="round_respond"),
    path("assessments/<int:round_id>/review/", views.round_review, name="round_review"),
    path("assessments/<int:round_id>/thanks/", views.round_thanks, name="round_thanks"),
    path("assessments/invitations/<str:token>/", views.round_invitation, name="round_invitation"),
    path("assessments/join/<str:token>/", views.round_join, name="round_join"),
]
