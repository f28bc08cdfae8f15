from django.apps import AppConfig


class S2TLearnConfig(AppConfig):
    name = "s2t_learn"
    verbose_name = "S2T Learn"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401
