from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse
from django.template.loader import render_to_string

from .signposting import DEFAULT_EXIT_URL, DEFAULT_SIGNPOSTS


class DatabaseUnavailableMiddleware:
    """Answer a friendly 503, with the exit control and signposting, when the database is down."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DatabaseError) and database_down():
            return unavailable_response()
        return None


def database_down():
    from django.db import connection

    try:
        connection.close()
        connection.ensure_connection()
    except DatabaseError:
        return True
    return False


def unavailable_response():
    html = render_to_string(
        "errors/503.html",
        {"exit_url": DEFAULT_EXIT_URL, "signposts": DEFAULT_SIGNPOSTS, "site_name": "S2T Learn"},
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = "60"
    return response


ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if request.path_info.startswith(ADMIN_PREFIXES):
            # With no-referrer, Chromium sends "Origin: null" on the admins' own form posts, which
            # Django's CSRF check rightly refuses. Same-origin still sends nothing to other sites.
            response["Referrer-Policy"] = "same-origin"
        return response
