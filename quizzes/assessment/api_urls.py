from django.urls import path

from .responding import api as responding_api
from .results import api as results_api
from .rounds import api as rounds_api

urlpatterns = [
    path("organisations/<slug:slug>/rounds/", rounds_api.RoundsView.as_view(), name="api_rounds"),
    path("organisations/<slug:slug>/rounds/<int:round_id>/", rounds_api.RoundView.as_view(), name="api_round"),
    path(
        "organisations/<slug:slug>/rounds/<int:round_id>/close/",
        rounds_api.RoundCloseView.as_view(),
        name="api_round_close",
    ),
    path(
        "organisations/<slug:slug>/rounds/<int:round_id>/remind/",
        rounds_api.RoundRemindView.as_view(),
        name="api_round_remind",
    ),
    path(
        "organisations/<slug:slug>/rounds/<int:round_id>/close-date/",
        rounds_api.RoundCloseDateView.as_view(),
        name="api_round_close_date",
    ),
    path(
        "organisations/<slug:slug>/rounds/<int:round_id>/extend/",
        rounds_api.RoundExtendView.as_view(),
        name="api_round_extend",
    ),
    path(
        "organisations/<slug:slug>/rounds/<int:round_id>/make-named/",
        rounds_api.RoundConvertView.as_view(),
        name="api_round_convert",
    ),
    path(
        "organisations/<slug:slug>/rounds/<int:round_id>/invitations/",
        rounds_api.RoundInvitationsView.as_view(),
        name="api_round_invitations",
    ),
    path(
        "organisations/<slug:slug>/rounds/<int:round_id>/results/",
        results_api.RoundResultsView.as_view(),
        name="api_round_results",
    ),
    path(
        "organisations/<slug:slug>/rounds/<int:round_id>/agreed/<slug:statement_key>/",
        results_api.AgreedAnswerView.as_view(),
        name="api_round_agreed",
    ),
    path(
        "rounds/<int:round_id>/statements/", responding_api.RoundStatementsView.as_view(), name="api_round_statements"
    ),
    path("rounds/<int:round_id>/response/", responding_api.MyResponseView.as_view(), name="api_round_response"),
    path(
        "rounds/<int:round_id>/response/submit/", responding_api.SubmitResponseView.as_view(), name="api_round_submit"
    ),
]
