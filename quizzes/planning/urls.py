from django.urls import path

from . import views

round_prefix = "org/<slug:slug>/assessments/<int:round_id>/"

urlpatterns = [
    path(round_prefix + "next-steps/", views.next_steps, name="planning_next_steps"),
    path(round_prefix + "next-steps/<slug:key>/assign/", views.assign, name="planning_assign"),
    path(round_prefix + "next-steps/<slug:key>/add-to-plan/", views.add_to_plan, name="planning_add_to_plan"),
    path(round_prefix + "compare/", views.compare, name="planning_compare"),
    path(round_prefix + "reassess/", views.reassess, name="planning_reassess"),
    path("org/<slug:slug>/plan/", views.plan, name="planning_plan"),
    path("org/<slug:slug>/plan/targets/", views.targets, name="planning_targets"),
    path("org/<slug:slug>/plan/items/new/", views.item_new, name="planning_item_new"),
    path("org/<slug:slug>/plan/items/<int:item_id>/", views.item_edit, name="planning_item_edit"),
    path("org/<slug:slug>/plan/items/<int:item_id>/delete/", views.item_delete, name="planning_item_delete"),
    path("org/<slug:slug>/plan/learning/", views.assignments, name="planning_assignments"),
    path("org/<slug:slug>/reports/", views.reports, name="planning_reports"),
    path("org/<slug:slug>/reports/<int:job_id>/", views.report, name="planning_report"),
    path(
        "org/<slug:slug>/reports/<int:job_id>/download/<str:token>/",
        views.report_download,
        name="planning_report_download",
    ),
    path("email/unsubscribe/<str:token>/", views.unsubscribe, name="planning_unsubscribe"),
]
