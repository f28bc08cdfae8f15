"""Where a lead finds the self-assessment: the organisations a person leads, kept in their session.

The site header and My learning link an assessment lead (or an org admin) to each organisation's
self-assessment. Reading memberships on every page would cost every signed-in page a query, so the
list is taken once at sign-in and refreshed at most once a minute, when the session's activity stamp
is written anyway (s2t_learn.middleware.SessionSecurityMiddleware). A role given or taken away by
someone else therefore shows in the header within a minute; the organisation page, which reads the
membership itself, shows it at once.
"""

from dataclasses import dataclass

from .models.organisations import Membership, Role, role_at_least

SESSION_KEY = "_s2t_lead_of"


@dataclass(frozen=True)
class LedOrganisation:
    slug: str
    name: str


def led_by(user) -> list[LedOrganisation]:
    """The organisations where this person is an assessment lead or an org admin, by name. One query."""
    if not user.is_authenticated:
        return []
    rows = (
        Membership.objects.filter(user=user)
        .order_by("organisation__name")
        .values_list("organisation__slug", "organisation__name", "role")
    )
    return [LedOrganisation(slug, name) for slug, name, role in rows if role_at_least(role, Role.ASSESSMENT_LEAD)]


def remember(request, user) -> None:
    """Store the list in the session (at sign-in, and on the once-a-minute activity write)."""
    request.session[SESSION_KEY] = [[org.slug, org.name] for org in led_by(user)]


def from_session(request) -> list[LedOrganisation]:
    """The list the session holds: no query. Empty for a visitor or before the first refresh."""
    session = getattr(request, "session", None)
    if session is None:
        return []
    return [LedOrganisation(slug, name) for slug, name in session.get(SESSION_KEY, [])]
