from django.apps import AppConfig
from django.db.models.signals import post_migrate


class S2TLearnConfig(AppConfig):
    name = "s2t_learn"
    verbose_name = "S2T Learn"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import page_cache, signals  # noqa: F401 - signals connects its receivers

        page_cache.connect_signals()

        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, pre_delete

        from . import audit_log

        audit_log.register_all()
        user_model = get_user_model()
        pre_delete.connect(audit_log.remember_pk, sender=user_model, dispatch_uid="s2t_learn.audit_remember_pk")
        post_delete.connect(audit_log.forget_deleted_account, sender=user_model, dispatch_uid="s2t_learn.audit_forget")

        from .editorial import after_migrate

        post_migrate.connect(after_migrate, dispatch_uid="s2t_learn.editorial_groups")
