from django.urls import path

from . import api

urlpatterns = [
    path("modules/", api.ModulesView.as_view(), name="api_modules"),
    path("modules/<int:module_id>/", api.ModuleView.as_view(), name="api_module"),
    path("lessons/<int:lesson_id>/", api.LessonView.as_view(), name="api_lesson"),
    path("me/progress/", api.MyProgressView.as_view(), name="api_progress"),
    path("me/modules/", api.MyModulesView.as_view(), name="api_my_modules"),
    path("me/progress/<int:lesson_id>/", api.LessonProgressView.as_view(), name="api_lesson_progress"),
    path("me/answers/", api.MyAnswersView.as_view(), name="api_reflective_answers"),
    path("me/answers/<int:lesson_id>/<str:block_id>/", api.AnswerView.as_view(), name="api_reflective_answer"),
    path("me/assignments/", api.MyAssignmentsView.as_view(), name="api_my_assignments"),
    path("me/plans/<slug:slug>/", api.PathwayPlanView.as_view(), name="api_pathway_plan"),
    path(
        "organisations/<slug:slug>/assignments/", api.OrganisationAssignmentsView.as_view(), name="api_org_assignments"
    ),
    path(
        "organisations/<slug:slug>/assignments/<int:assignment_id>/",
        api.OrganisationAssignmentView.as_view(),
        name="api_org_assignment",
    ),
]
