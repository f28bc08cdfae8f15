"""Signal receivers wired in S2TLearnConfig.ready()."""

from allauth.account.signals import password_reset
from django.dispatch import receiver


@receiver(password_reset, dispatch_uid="s2t_learn_unlock_after_password_reset")
def unlock_after_password_reset(sender, request, user, **kwargs):
    # A reset proves control of the mailbox: the pause the locked page described ends at once.
    from axes.models import AccessAttempt

    AccessAttempt.objects.filter(username__iexact=user.email).delete()
