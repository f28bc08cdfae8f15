"""Signal receivers wired in S2TLearnConfig.ready()."""

from allauth.account.signals import password_reset
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver


@receiver(user_logged_in, dispatch_uid="s2t_learn_remember_lead_links")
def remember_lead_links(sender, request, user, **kwargs):
    # The header's self-assessment links, taken once here rather than on every page (lead_links).
    if request is not None and hasattr(request, "session"):
        from .lead_links import remember

        remember(request, user)


@receiver(password_reset, dispatch_uid="s2t_learn_unlock_after_password_reset")
def unlock_after_password_reset(sender, request, user, **kwargs):
    # A reset proves control of the mailbox: the pause the locked page described ends at once.
    from axes.models import AccessAttempt

    AccessAttempt.objects.filter(username__iexact=user.email).delete()
