from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication


class ScopedTokenAuthentication(TokenAuthentication):
    """Personal API tokens (hashed by knox). `request.auth` is the ApiToken, which carries its scope."""


class ScopedTokenScheme(OpenApiAuthenticationExtension):
    target_class = "s2t_learn.api.authentication.ScopedTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "A personal token from your profile page, sent as `Token <token>`. "
            "Read-only tokens may only use GET, HEAD and OPTIONS.",
        }
