from django.db import transaction
from django.dispatch import receiver

from modules.signals import lesson_completed


@receiver(lesson_completed)
def maybe_issue_certificates(sender, user, module_id, **kwargs):
    from .knowledge.services import queue_certificates

    transaction.on_commit(lambda: queue_certificates(user.pk, module_id))
