from django.apps import AppConfig


class ModulesConfig(AppConfig):
    name = "modules"
    verbose_name = "Learning modules"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import navigation  # connects the cache-retiring signals

        navigation.connect_level_text_signals()
