import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "s2t_learn.settings.dev")

app = Celery("s2t_learn")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
