from django.urls import path

from . import api

org = "organisations/<slug:slug>/"
round_ = org + "rounds/<int:round_id>/"

urlpatterns = [
    path(round_ + "recommendations/", api.RoundRecommendationsView.as_view(), name="api_round_recommendations"),
    path(
        round_ + "recommendations/<slug:key>/assignments/",
        api.RecommendationAssignmentsView.as_view(),
        name="api_recommendation_assignments",
    ),
    path(round_ + "comparison/", api.ComparisonView.as_view(), name="api_round_comparison"),
    path(round_ + "reassess/", api.ReassessView.as_view(), name="api_round_reassess"),
    path(org + "assignment-completion/", api.AssignmentCompletionView.as_view(), name="api_assignment_completion"),
    path(org + "targets/", api.TargetsView.as_view(), name="api_targets"),
    path(org + "action-items/", api.ActionItemsView.as_view(), name="api_action_items"),
    path(org + "action-items/<int:item_id>/", api.ActionItemView.as_view(), name="api_action_item"),
    path(org + "reports/", api.ReportsView.as_view(), name="api_reports"),
    path(org + "reports/<int:job_id>/", api.ReportView.as_view(), name="api_report"),
    path(
        org + "reports/<int:job_id>/download/<str:token>/", api.ReportDownloadView.as_view(), name="api_report_download"
    ),
]
