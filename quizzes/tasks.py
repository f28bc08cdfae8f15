from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse


def _site_name():
    from s2t_learn.models import SiteSettings

    first = SiteSettings.objects.only("site_name").first()
    return first.site_name if first else "S2T Learn"


INVITATION_SUBJECT = "A colleague has asked for your views"
REMINDER_SUBJECT = "A reminder: a colleague asked for your views"


def _round_email(invitation, template, subject):
    from .assessment.responding.services import issue_round_token
    from .assessment.snapshot import time_estimate_minutes

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
    from .models import RoundInvitation

    invitation = RoundInvitation.objects.select_related("round__organisation", "user").filter(pk=invitation_id).first()
    if invitation is None or invitation.sent_at or not invitation.round.is_open:
        return False
    _round_email(invitation, "emails/round_invitation.txt", INVITATION_SUBJECT)
    return True


@shared_task(acks_late=True)
def send_round_reminder(invitation_id):
    """Remind someone who has not sent their answers. A fresh link replaces the earlier one."""
    from .models import RoundInvitation

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
    from .assessment.rounds.services import run_round_deadlines as run

    return list(run())


@shared_task(acks_late=True)
def issue_certificates(user_id, module_id):
    """Issue any certificates the learner has now earned, then make their files. Safe to run twice."""
    from django.contrib.auth import get_user_model

    from modules.models import ModulePage

    from .knowledge import services

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
    from .knowledge.certificates import render_files
    from .models import Certificate

    certificate = Certificate.objects.select_related("user").filter(pk=certificate_id).first()
    if certificate is None or certificate.pdf:
        return False
    render_files(certificate)
    return True


@shared_task(acks_late=True)
def send_follow_up_reminders():
    """Three months after the 'after' ratings, ask once for the follow-up. Neutral subject."""
    from django.utils import timezone

    from .knowledge.survey import due_follow_ups

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
def sweep_round_invitations():
    """Beat task (the outbox sweep): send every open round's invitation email that was never sent."""
    from datetime import timedelta

    from django.utils import timezone

    from s2t_learn.queueing import send_now

    from .models import Round, RoundInvitation

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


@shared_task(acks_late=True)
def sweep_missing_certificates():
    """Beat task: issue any certificate a passed, complete attempt earned but never got."""
    from .knowledge import services

    certificates = services.sweep_missing_certificates()
    for certificate in certificates:
        if not certificate.pdf:
            render_certificate_files(certificate.pk)
    return [c.code for c in certificates]


@shared_task(acks_late=True)
def purge_expired_quiz_data():
    """Beat task: delete finished report files and never-submitted quiz drafts past the retention period."""
    from datetime import timedelta

    from django.utils import timezone

    from .knowledge.services import ATTEMPT_OPEN_DAYS
    from .models import Attempt, ReportJob

    now = timezone.now()
    cutoff = now - timedelta(days=settings.PRIVACY_RETENTION_DAYS)
    reports = ReportJob.objects.filter(finished_at__lt=cutoff).delete()[0]
    drafts = Attempt.objects.filter(
        submitted_at__isnull=True, started_at__lt=cutoff - timedelta(days=ATTEMPT_OPEN_DAYS)
    ).delete()[0]
    return {"reports": reports, "drafts": drafts}
