from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = "Quizzes and self-assessment"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from modules import progress

        from . import signals  # noqa: F401 - issues certificates when a module is completed
        from .knowledge.completion import progress_for

        # The curriculum's pages read module completion through this hook (see modules.progress).
        progress.register(progress_for)
        from .knowledge.survey import before_lesson_step

        progress.register_before_lesson(before_lesson_step)
