from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse


@shared_task(acks_late=True)
def send_round_invitation(invitation_id):
    """Email a self-assessment invitation. Takes an id; makes the token here, so it never travels."""
    from .assessment.services import issue_round_token
    from .models import RoundInvitation

    invitation = RoundInvitation.objects.select_related("round__organisation").filter(pk=invitation_id).first()
    if invitation is None or invitation.sent_at or not invitation.round.is_open:
        return False
    token = issue_round_token(invitation)
    link = settings.SITE_URL.rstrip("/") + reverse("round_invitation", args=[token])
    body = render_to_string("emails/round_invitation.txt", {"round": invitation.round, "link": link})
    send_mail("A colleague has asked for your views", body, None, [invitation.email])
    return True
