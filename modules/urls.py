from django.urls import path

from . import views

urlpatterns = [
    path("my-learning/", views.my_learning, name="my_learning"),
    path("learning/lessons/<int:lesson_id>/complete/", views.lesson_complete, name="lesson_complete"),
    path("learning/lessons/<int:lesson_id>/answers/<str:block_id>/", views.lesson_answer, name="lesson_answer"),
    path("search/", views.lesson_search, name="lesson_search"),
    path("pathways/<slug:slug>/", views.pathway_detail, name="pathway_detail"),
    path("learning/modules/<slug:slug>/summary.pdf", views.module_summary_pdf, name="module_summary_pdf"),
    path("pathways/<slug:slug>/plan/", views.pathway_plan_print, name="pathway_plan_print"),
    path("org/<slug:slug>/assignments/", views.organisation_assignments, name="organisation_assignments"),
    path(
        "org/<slug:slug>/assignments/<int:assignment_id>/delete/",
        views.organisation_assignment_delete,
        name="organisation_assignment_delete",
    ),
]
