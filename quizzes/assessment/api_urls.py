from django.urls import path

from . import api

urlpatterns = [
    path("organisations/<slug:slug>/rounds/", api.RoundsView.as_view(), name="api_rounds"),
    path("organisations/<slug:slug>/rounds/<int:round_id>/", api.RoundView.as_view(), name="api_round"),
    path(
        "organisations/<slug:slug>/rounds/<int:round_id>/close/", api.RoundCloseView.as_view(), name="api_round_close"
    ),
    path(
        "organisations/<slug:slug>/rounds/<int:round_id>/remind/",
        api.RoundRemindView.as_view(),
        name="api_round_remind",
    ),
    path(
        "organisations/<slug:slug>/rounds/<int:round_id>/close-date/",
        api.RoundCloseDateView.as_view(),
        name="api_round_close_date",
    ),
    path(
        "organisations/<slug:slug>/rounds/<int:round_id>/extend/",
        api.RoundExtendView.as_view(),
        name="api_round_extend",
    ),
    path(
        "organisations/<slug:slug>/rounds/<int:round_id>/make-named/",
        api.RoundConvertView.as_view(),
        name="api_round_convert",
    ),
    path(
        "organisations/<slug:slug>/rounds/<int:round_id>/invitations/",
        api.RoundInvitationsView.as_view(),
        name="api_round_invitations",
    ),
    path(
        "organisations/<slug:slug>/rounds/<int:round_id>/results/",
        api.RoundResultsView.as_view(),
        name="api_round_results",
    ),
    path(
        "organisations/<slug:slug>/rounds/<int:round_id>/agreed/<slug:statement_key>/",
        api.AgreedAnswerView.as_view(),
        name="api_round_agreed",
    ),
    path("rounds/<int:round_id>/statements/", api.RoundStatementsView.as_view(), name="api_round_statements"),
    path("rounds/<int:round_id>/response/", api.MyResponseView.as_view(), name="api_round_response"),
    path("rounds/<int:round_id>/response/submit/", api.SubmitResponseView.as_view(), name="api_round_submit"),
]
