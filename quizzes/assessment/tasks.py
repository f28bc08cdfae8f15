"""The self-assessment's background jobs: invitation and reminder emails, deadlines, the outbox sweep."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

INVITATION_SUBJECT = "A colleague has asked for your views"
REMINDER_SUBJECT = "A reminder: a colleague asked for your views"


def _site_name():
    from s2t_learn.models import SiteSettings

    first = SiteSettings.objects.only("site_name").first()
    return first.site_name if first else "S2T Learn"


def _round_email(invitation, template, subject):
    from .responding.services import issue_round_token
    from .snapshot import time_estimate_minutes

    token = issue_round_token(invitation)
    link = settings.SITE_URL.rstrip("/") + reverse("round_invitation", args=[token])
    body = render_to_string(
        template,
        {
            "round": invitation.round,
            "link": link,
            "site_name": _site_name(),
            "minutes": time_estimate_minutes(invitation.round.snapshot),
        },
    )
    send_mail(subject, body, None, [invitation.email or invitation.user.email])


@shared_task(acks_late=True)
def send_round_invitation(invitation_id):
    """Email a self-assessment invitation. Takes an id; makes the token here, so it never travels."""
    from ..models import RoundInvitation

    invitation = RoundInvitation.objects.select_related("round__organisation", "user").filter(pk=invitation_id).first()
    if invitation is None or invitation.sent_at or not invitation.round.is_open:
        return False
    _round_email(invitation, "emails/round_invitation.txt", INVITATION_SUBJECT)
    return True


@shared_task(acks_late=True)
def send_round_reminder(invitation_id):
    """Remind someone who has not sent their answers. A fresh link replaces the earlier one."""
    from ..models import RoundInvitation

    invitation = RoundInvitation.objects.select_related("round__organisation", "user").filter(pk=invitation_id).first()
    if invitation is None or invitation.submitted_at or not invitation.round.is_open:
        return False
    if not (invitation.email or invitation.user_id):
        return False
    _round_email(invitation, "emails/round_reminder.txt", REMINDER_SUBJECT)
    return True


@shared_task(acks_late=True)
def run_round_deadlines():
    """Daily: remind before a round's close date, and close rounds on their date when chosen."""
    from .rounds.services import run_round_deadlines as run

    return list(run())


@shared_task(acks_late=True)
def sweep_round_invitations():
    """Beat task (the outbox sweep): send every open round's invitation email that was never sent."""
    from datetime import timedelta

    from django.utils import timezone

    from s2t_learn.queueing import send_now

    from ..models import Round, RoundInvitation

    cutoff = timezone.now() - timedelta(seconds=settings.OUTBOX_GRACE_SECONDS)
    unsent = (
        RoundInvitation.objects.filter(sent_at__isnull=True, created_at__lt=cutoff, round__status=Round.Status.OPEN)
        .exclude(email="")
        .values_list("pk", flat=True)
    )
    sent = 0
    for invitation_id in unsent:
        if not send_now(send_round_invitation, invitation_id):
            break
        sent += 1
    return sent
