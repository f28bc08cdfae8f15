from django.apps import AppConfig
from django.db.models.signals import post_migrate


class S2TLearnConfig(AppConfig):
    name = "s2t_learn"
    verbose_name = "S2T Learn"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import page_cache, signals  # noqa: F401 - signals connects its receivers

        page_cache.connect_signals()

        from .editorial import after_migrate

        post_migrate.connect(after_migrate, dispatch_uid="s2t_learn.editorial_groups")
