from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = "Quizzes and self-assessment"
    default_auto_field = "django.db.models.BigAutoField"
    # What `load_demo` runs for this app, in order (see s2t_learn/management/commands/load_demo.py).
    content_loaders = ["load_quizzes", "load_framework", "load_audit_measures"]
    demo_loaders = [
        "quizzes.assessment.demo.ensure_demo_rounds",
        "quizzes.planning.demo.ensure_demo_plan",  # made from the closed round above
        "quizzes.audit.demo.ensure_demo_audits",
    ]

    def ready(self):
        from modules import progress

        from . import signals  # noqa: F401 - issues certificates when a module is completed
        from .knowledge.completion import progress_for

        # The curriculum's pages read module completion through this hook (see modules.progress).
        progress.register(progress_for)
        from .knowledge.measure import before_lesson_step

        progress.register_before_lesson(before_lesson_step)
        # My learning shows panels that the quizzes own: the learner's records, and their rounds.
        from .assessment.my_learning import open_invitations

        progress.register_my_learning_panel("quizzes/_my_learning_records.html")
        progress.register_my_learning_panel("assessment/_my_learning_rounds.html", open_invitations)
        # The results page shows planning's next steps and targets, then what the case files show.
        from .assessment.results.panels import register_results_panel
        from .audit.selectors import latest_audit_evidence
        from .planning.results_panel import next_steps_and_targets

        register_results_panel("planning/_results_planning.html", next_steps_and_targets)
        register_results_panel("audit/_self_assessment_evidence.html", latest_audit_evidence)
        # The audits' PDF and CSV are made by planning's report worker, which asks for their builder.
        from .audit.reports import build as build_audit_report
        from .models import ReportJob
        from .planning.reports.files import register_report_builder

        register_report_builder([ReportJob.Kind.AUDIT_PDF, ReportJob.Kind.AUDIT_CSV], build_audit_report)
