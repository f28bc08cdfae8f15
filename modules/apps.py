from django.apps import AppConfig


class ModulesConfig(AppConfig):
    name = "modules"
    verbose_name = "Learning modules"
    default_auto_field = "django.db.models.BigAutoField"
