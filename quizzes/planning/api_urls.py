from django.urls import path

from .comparison import api as comparison_api
from .completion import api as completion_api
from .recommendations import api as recommendations_api
from .reports import api as reports_api
from .targets import api as targets_api

org = "organisations/<slug:slug>/"
round_ = org + "rounds/<int:round_id>/"

urlpatterns = [
    path(
        round_ + "recommendations/",
        recommendations_api.RoundRecommendationsView.as_view(),
        name="api_round_recommendations",
    ),
    path(
        round_ + "recommendations/<slug:key>/assignments/",
        completion_api.RecommendationAssignmentsView.as_view(),
        name="api_recommendation_assignments",
    ),
    path(round_ + "comparison/", comparison_api.ComparisonView.as_view(), name="api_round_comparison"),
    path(round_ + "reassess/", reports_api.ReassessView.as_view(), name="api_round_reassess"),
    path(
        org + "assignment-completion/",
        completion_api.AssignmentCompletionView.as_view(),
        name="api_assignment_completion",
    ),
    path(org + "targets/", targets_api.TargetsView.as_view(), name="api_targets"),
    path(org + "action-items/", targets_api.ActionItemsView.as_view(), name="api_action_items"),
    path(org + "action-items/<int:item_id>/", targets_api.ActionItemView.as_view(), name="api_action_item"),
    path(org + "reports/", reports_api.ReportsView.as_view(), name="api_reports"),
    path(org + "reports/<int:job_id>/", reports_api.ReportView.as_view(), name="api_report"),
    path(
        org + "reports/<int:job_id>/download/<str:token>/",
        reports_api.ReportDownloadView.as_view(),
        name="api_report_download",
    ),
]
