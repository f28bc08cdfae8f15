"""Celery tasks. Each takes ids, never tokens or free text, sets acks_late and is safe to run twice."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import connection
from django.template.loader import render_to_string
from django.urls import reverse


@shared_task(acks_late=True)
def health_check():
    """Round-trips through the broker and touches the database, for /readyz and the CI worker test."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "database": connection.vendor}


@shared_task(acks_late=True)
def send_invitation_email(invitation_id):
    from .models import Invitation
    from .services import issue_invitation_token

    invitation = Invitation.objects.select_related("organisation").filter(pk=invitation_id).first()
    # Already sent, used, revoked or gone: a redelivered task does nothing.
    if invitation is None or invitation.sent_at or invitation.status() != "valid":
        return False
    token = issue_invitation_token(invitation)
    link = settings.SITE_URL.rstrip("/") + reverse("accept_invitation", args=[token])
    body = render_to_string(
        "emails/invitation.txt",
        {"organisation": invitation.organisation, "link": link, "expires_at": invitation.expires_at},
    )
    # A neutral subject: the inbox may be read by someone else.
    send_mail("Your invitation to S2T Learn", body, None, [invitation.email])
    return True


@shared_task(acks_late=True)
def sweep_invitation_emails():
    """Beat task (the outbox sweep): send every valid invitation whose email was never sent."""
    from datetime import timedelta

    from django.utils import timezone

    from .models import Invitation
    from .queueing import send_now

    now = timezone.now()
    unsent = Invitation.objects.filter(
        sent_at__isnull=True,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=now,
        created_at__lt=now - timedelta(seconds=settings.OUTBOX_GRACE_SECONDS),
    ).values_list("pk", flat=True)
    sent = 0
    for invitation_id in unsent:
        if not send_now(send_invitation_email, invitation_id):
            break  # the broker is still down: the next sweep tries again
        sent += 1
    return sent


@shared_task(acks_late=True)
def purge_expired_personal_data():
    """Beat task: the retention purge (s2t_learn.privacy.purge_expired)."""
    from .privacy import purge_expired

    return purge_expired()
