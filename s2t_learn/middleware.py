import json
import re

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
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


def is_admin_preview(request):
    """True for the stand-in request Wagtail builds to render an admin preview of a page or a snippet.

    Wagtail (wagtail.models.preview.make_preview_request) passes a request for the object's public URL
    through this whole middleware chain and marks it is_dummy and is_preview; no request from a browser
    carries either (Page.serve sets is_preview False).
    """
    return bool(getattr(request, "is_dummy", False) and getattr(request, "is_preview", False))


class PreviewFramingMiddleware:
    """The one rule for previews: the admin shows them in an iframe from the same origin, so a preview
    may be framed by this site ('self', SAMEORIGIN) and by nothing else. Every public page keeps
    frame-ancestors 'none' and DENY.

    Listed after XFrameOptionsMiddleware and CSPMiddleware, so that it sees the response first: the
    X-Frame-Options middleware keeps a header already set, and the CSP middleware applies _csp_replace.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_admin_preview(request):
            replace = dict(getattr(response, "_csp_replace", None) or {})
            replace["frame-ancestors"] = ["'self'"]
            response._csp_replace = replace
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response


# ---------------------------------------------------------------- input that must never cause a 500

# C0 control characters and DEL, except tab, line feed and carriage return (which text boxes send).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _first_control_field(request):
    """The name of the first part of the request that holds a control character, or None."""
    if CONTROL_CHARACTERS.search(request.path_info):
        return "path"
    for key, values in request.GET.lists():
        if CONTROL_CHARACTERS.search(key) or any(CONTROL_CHARACTERS.search(v) for v in values):
            return key
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        content_type = request.content_type or ""
        if content_type in FORM_TYPES and request.method == "POST":
            for key, values in request.POST.lists():
                if CONTROL_CHARACTERS.search(key) or any(CONTROL_CHARACTERS.search(v) for v in values):
                    return key
        elif content_type.endswith("json") and json_has_control_characters(request.body):
            return "body"
    return None


def json_has_control_characters(raw):
    """True when any key or string in a JSON document holds a control character (written raw or as an
    escape such as \\u0000 or \\b). A body that is not JSON is left for the API to refuse."""
    try:
        document = json.loads(raw or b"null")
    except ValueError:
        return False
    stack = [document]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if CONTROL_CHARACTERS.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def refuse_input(request, field, message):
    if request.path_info.startswith("/api/"):
        body = {"error": {"status": 400, "code": "invalid", "message": str(message), "fields": {field: [str(message)]}}}
        return JsonResponse(body, status=400)
    return render(request, "errors/400_input.html", {"message": message}, status=400)


class InputGuardMiddleware:
    """Refuse, with a clear message, input the database cannot store or the code cannot count: control
    characters (PostgreSQL refuses NUL bytes) and numbers beyond the database's integers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils.translation import gettext as _

        field = _first_control_field(request)
        if field:
            return refuse_input(
                request,
                field,
                _(
                    "What you sent contains an invisible control character (such as a NUL byte), which "
                    "cannot be saved. Remove it and try again: go back and your text is still there."
                ),
            )
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import DataError
        from django.utils.translation import gettext as _

        if isinstance(exception, OverflowError):
            return refuse_input(request, "number", _("A number in what you sent is too large. Check it and try again."))
        if isinstance(exception, DataError) and not database_down():
            return refuse_input(
                request,
                "input",
                _("Something in what you sent is too long or too large to save. Check it and try again."),
            )
        return None


class BoundedIntConverter:
    """`<int:...>` path parts up to 18 digits: always inside a 64-bit (and a PostgreSQL bigint) id, so an
    enormous id is a 404, never an OverflowError."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


# ---------------------------------------------------------------- sessions and caching of personal pages


class SessionSecurityMiddleware:
    """ASVS V3 and V8: a signed-in session ends after a period without activity (shorter in the Wagtail
    and Django admins), and no signed-in response may be stored by a browser or a shared cache."""

    LAST_SEEN = "_s2t_last_seen"
    # Activity is written at most once a minute: writing it on every request would cost every
    # signed-in page a session save (three queries), and an idle timeout of hours needs no finer grain.
    RESOLUTION_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        import time

        from django.contrib.auth import logout

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            idle = (
                settings.SESSION_ADMIN_IDLE_TIMEOUT
                if request.path_info.startswith(ADMIN_PREFIXES)
                else settings.SESSION_IDLE_TIMEOUT
            )
            last_seen = request.session.get(self.LAST_SEEN)
            if last_seen is not None and now - int(last_seen) > idle:
                logout(request)
            elif last_seen is None or now - int(last_seen) >= self.RESOLUTION_SECONDS:
                request.session[self.LAST_SEEN] = now
                if last_seen is not None:  # at sign-in the list was just taken (s2t_learn.signals)
                    from .lead_links import remember

                    remember(request, user)
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store, private"
            response.setdefault("Pragma", "no-cache")
        return response
