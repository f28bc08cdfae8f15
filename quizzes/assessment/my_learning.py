"""The self-assessment's panel on My learning (registered in QuizzesConfig.ready, read by modules)."""

from quizzes.models import RoundInvitation


def open_invitations(user) -> list[RoundInvitation]:
    """The rounds the person has been asked to answer that are still open: their own invitations only."""
    if not user.is_authenticated:
        return []
    return list(RoundInvitation.objects.filter(user=user, round__status="open").select_related("round__organisation"))
