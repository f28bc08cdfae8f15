"""Organisation access as a boundary: the caller's membership is resolved and checked once per request.

Views use `organisation_view(minimum_role)`; API views mix in `OrganisationAPIMixin`. Both call
`selectors.membership_for` (404 to a non-member, 403 below the role, the organisation's two-step
sign-in rule) and hand the checked `Membership` on. Selectors and services that read or change an
organisation's data take that membership (keyword `membership`), never a bare organisation, team
or round; `require_role` lets them insist on a higher role without another query.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .models import Membership, Role
from .selectors import membership_for

if TYPE_CHECKING:
    from rest_framework.request import Request


def require_role(membership: Membership, minimum_role: str) -> Membership:
    """The same membership, if its role is at least `minimum_role`; otherwise PermissionDenied (403)."""
    if not membership.has_role(minimum_role):
        raise PermissionDenied
    return membership


def organisation_view(
    minimum_role: str = Role.LEARNER,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a view taking `(request, slug, ...)`: it is called as `(request, membership, ...)`.

    The visitor must be signed in; a non-member gets 404 and a member below `minimum_role` gets 403.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            membership = membership_for(request.user, slug, minimum_role)
            return view(request, membership, *args, **kwargs)

        return wrapper

    return decorator


class OrganisationAPIMixin:
    """For DRF views under `/api/v1/organisations/<slug>/…`: sets `self.membership`, checked once.

    `minimum_role` is the role every method needs; `minimum_roles` may raise it per HTTP method,
    e.g. `{"POST": Role.ORG_ADMIN}`. Authentication runs first, so an anonymous caller gets 401.
    """

    minimum_role: str = Role.LEARNER
    minimum_roles: dict[str, str] = {}
    membership: Membership

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        role = self.minimum_roles.get(request.method, self.minimum_role)
        self.membership = membership_for(request.user, kwargs["slug"], role)
