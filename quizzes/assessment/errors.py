"""The errors self-assessment writes raise; views and the API answer them (409, 403)."""

from django.core.exceptions import PermissionDenied

from s2t_learn.errors import Conflict


class RoundClosed(Conflict):
    """An answer or change sent to a round that has closed. Nothing was changed."""

    message = "This round has closed, so no more answers can be sent. Nothing was changed."


class ResultsWithheld(Conflict):
    """The round's results are not released (anonymous and open, or closed with too few people)."""

    message = (
        "This round's results are not released: an anonymous round shows nothing until it has closed "
        "with enough people's answers. Nothing was changed."
    )


class CannotExtend(Conflict):
    message = "Only an anonymous round closed with too few answers can be reopened. Nothing was changed."


class CannotConvert(Conflict):
    message = "Only an open anonymous round can be made named. Nothing was changed."


class NotAMember(PermissionDenied):
    """Someone who is not a member (of the organisation, or of the team for a team round) opened a
    round's link. Carries the join link the lead chose to offer, if any."""

    def __init__(self, round_, join_link=None):
        super().__init__("Only members can answer this round.")
        self.round = round_
        self.join_link = join_link
