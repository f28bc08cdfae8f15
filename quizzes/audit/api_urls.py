from django.urls import path

from . import api

audit = "organisations/<slug:slug>/audits/<int:audit_id>/"

urlpatterns = [
    path("organisations/<slug:slug>/audits/", api.AuditsView.as_view(), name="api_audits"),
    path(audit, api.AuditView.as_view(), name="api_audit"),
    path(audit + "readers/", api.ReadersView.as_view(), name="api_audit_readers"),
    path(audit + "files/", api.FilesView.as_view(), name="api_audit_files"),
    path(audit + "files/<int:file_id>/reading/", api.ReadingView.as_view(), name="api_audit_reading"),
    path(
        audit + "files/<int:file_id>/agreements/<slug:measure_key>/",
        api.AgreementView.as_view(),
        name="api_audit_agreement",
    ),
    path(audit + "results/", api.ResultsView.as_view(), name="api_audit_results"),
    path(audit + "comparison/", api.ComparisonView.as_view(), name="api_audit_comparison"),
    path(audit + "reports/", api.AuditReportsView.as_view(), name="api_audit_reports"),
]
