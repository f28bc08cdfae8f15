from django.urls import path

from .responding import views as responding_views
from .results import views as results_views
from .rounds import views as rounds_views

urlpatterns = [
    path("org/<slug:slug>/assessments/", rounds_views.round_list, name="round_list"),
    path("org/<slug:slug>/assessments/<int:round_id>/", rounds_views.round_manage, name="round_manage"),
    path("org/<slug:slug>/assessments/<int:round_id>/close/", rounds_views.round_close, name="round_close"),
    path("org/<slug:slug>/assessments/<int:round_id>/remind/", rounds_views.round_remind, name="round_remind"),
    path("org/<slug:slug>/assessments/<int:round_id>/extend/", rounds_views.round_extend, name="round_extend"),
    path("org/<slug:slug>/assessments/<int:round_id>/make-named/", rounds_views.round_convert, name="round_convert"),
    path("org/<slug:slug>/assessments/<int:round_id>/results/", results_views.round_results, name="round_results"),
    path(
        "org/<slug:slug>/assessments/<int:round_id>/results/areas/<slug:domain_key>/",
        results_views.round_area,
        name="round_area",
    ),
    path(
        "org/<slug:slug>/assessments/<int:round_id>/moderate/<slug:statement_key>/",
        results_views.moderate_statement,
        name="round_moderate",
    ),
    path("assessments/<int:round_id>/respond/", responding_views.respond, name="round_respond"),
    path("assessments/<int:round_id>/review/", responding_views.round_review, name="round_review"),
    path("assessments/<int:round_id>/thanks/", responding_views.round_thanks, name="round_thanks"),
    path("assessments/invitations/<str:token>/", responding_views.round_invitation, name="round_invitation"),
    path("assessments/join/<str:token>/", responding_views.round_join, name="round_join"),
]
