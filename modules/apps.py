from django.apps import AppConfig


class ModulesConfig(AppConfig):
    name = "modules"
    verbose_name = "Learning modules"
    default_auto_field = "django.db.models.BigAutoField"
    # What `load_demo` runs for this app (see s2t_learn/management/commands/load_demo.py).
    content_loaders = ["load_curriculum"]

    def ready(self):
        from . import navigation  # connects the cache-retiring signals

        navigation.connect_level_text_signals()
