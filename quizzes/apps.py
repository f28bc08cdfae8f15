from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = "Quizzes and self-assessment"
    default_auto_field = "django.db.models.BigAutoField"
