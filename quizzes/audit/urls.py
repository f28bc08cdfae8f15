from django.urls import path

from . import views

prefix = "org/<slug:slug>/audits/"
audit = prefix + "<int:audit_id>/"

urlpatterns = [
    path(prefix, views.audit_list, name="audit_list"),
    path(audit, views.audit_manage, name="audit_manage"),
    path(audit + "my-files/", views.my_files, name="audit_my_files"),
    path(audit + "files/<int:file_id>/read/", views.read_file, name="audit_read"),
    path(audit + "files/<int:file_id>/agree/<slug:measure_key>/", views.agree, name="audit_agree"),
    path(audit + "results/", views.audit_results, name="audit_results"),
    path(audit + "compare/", views.audit_compare, name="audit_compare"),
    path(audit + "report/", views.audit_report, name="audit_report"),
]
