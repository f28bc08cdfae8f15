from django.apps import AppConfig


class S2TLearnConfig(AppConfig):
    name = "s2t_learn"
    verbose_name = "S2T Learn"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import page_cache, signals  # noqa: F401 - signals connects its receivers

        page_cache.connect_signals()
