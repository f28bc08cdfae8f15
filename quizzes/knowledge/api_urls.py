from django.urls import path

from . import api

urlpatterns = [
    path("quizzes/<int:quiz_id>/attempts/", api.StartAttemptView.as_view(), name="api_quiz_start"),
    path("attempts/<int:attempt_id>/", api.AttemptView.as_view(), name="api_attempt"),
    path("attempts/<int:attempt_id>/submit/", api.SubmitView.as_view(), name="api_attempt_submit"),
    path("attempts/<int:attempt_id>/result/", api.ResultView.as_view(), name="api_attempt_result"),
    path("certificates/<str:code>/", api.VerifyView.as_view(), name="api_certificate_verify"),
    path("me/measure/", api.MyMeasureView.as_view(), name="api_my_measure"),
    path("me/measure/<slug:stage>/", api.MeasureStageView.as_view(), name="api_measure_stage"),
    path("organisations/<slug:slug>/measure/", api.CohortView.as_view(), name="api_cohort_measure"),
]
