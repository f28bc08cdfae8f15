"""The quizzes' background jobs: certificates and their files, the follow-up question, stale drafts."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse


@shared_task(acks_late=True)
def issue_certificates(user_id, module_id):
    """Issue any certificates the learner has now earned, then make their files. Safe to run twice."""
    from django.contrib.auth import get_user_model

    from modules.models import ModulePage

    from . import services

    user = get_user_model().objects.filter(pk=user_id).first()
    module = ModulePage.objects.filter(pk=module_id).first()
    if user is None or module is None:
        return []
    certificates = services.issue_certificates(user, module)
    for certificate in certificates:
        if not certificate.pdf:
            render_certificate_files(certificate.pk)
    return [c.code for c in certificates]


@shared_task(acks_late=True)
def render_certificate_files(certificate_id):
    from ..models import Certificate
    from .certificates import render_files

    certificate = Certificate.objects.select_related("user").filter(pk=certificate_id).first()
    if certificate is None or certificate.pdf:
        return False
    render_files(certificate)
    return True


@shared_task(acks_late=True)
def send_follow_up_reminders():
    """Three months after the 'after' ratings, ask once for the follow-up. Neutral subject."""
    from django.utils import timezone

    from .measure import due_follow_ups

    sent = 0
    for response in due_follow_ups().select_related("user"):
        link = settings.SITE_URL.rstrip("/") + reverse("my_measure")
        body = render_to_string("emails/follow_up.txt", {"link": link})
        send_mail("A short follow-up question", body, None, [response.user.email])
        response.reminder_sent_at = timezone.now()
        response.save(update_fields=["reminder_sent_at"])
        sent += 1
    return sent


@shared_task(acks_late=True)
def sweep_missing_certificates():
    """Beat task: issue any certificate a passed, complete attempt earned but never got."""
    from . import services

    certificates = services.sweep_missing_certificates()
    for certificate in certificates:
        if not certificate.pdf:
            render_certificate_files(certificate.pk)
    return [c.code for c in certificates]


@shared_task(acks_late=True)
def purge_stale_quiz_drafts():
    """Beat task: delete never-submitted quiz attempts past the retention period."""
    from datetime import timedelta

    from django.utils import timezone

    from ..models import Attempt
    from .services import ATTEMPT_OPEN_DAYS

    cutoff = timezone.now() - timedelta(days=settings.PRIVACY_RETENTION_DAYS + ATTEMPT_OPEN_DAYS)
    return Attempt.objects.filter(submitted_at__isnull=True, started_at__lt=cutoff).delete()[0]
