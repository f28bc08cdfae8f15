from rest_framework.permissions import SAFE_METHODS, BasePermission

from s2t_learn.models import ApiToken, TokenScope


class TokenScopeAllows(BasePermission):
    """A read-only token may only read. Session users are not limited by scope."""

    message = "This token is read-only. Create a read-and-write token on your profile page to make changes."

    def has_permission(self, request, view):
        token = request.auth
        if isinstance(token, ApiToken) and token.scope == TokenScope.READ:
            return request.method in SAFE_METHODS
        return True
