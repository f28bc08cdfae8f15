"""Who is signing in, and from where: one answer shared by axes, allauth and the API throttles.

The client address comes from REMOTE_ADDR, or, behind a configured number of trusted proxies
(TRUSTED_PROXY_COUNT), from the X-Forwarded-For entry the outermost trusted proxy added. A raw
X-Forwarded-For is never trusted: anyone can send one.
"""

from django.conf import settings


def client_ip(request):
    remote_addr = request.META.get("REMOTE_ADDR", "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count <= 0 or not forwarded:
        return remote_addr
    addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
    if not addresses:
        return remote_addr
    # The same rule as DRF's NUM_PROXIES: the entry the first trusted proxy saw.
    return addresses[-min(count, len(addresses))]


def login_username(request, credentials=None):
    """The account a sign-in attempt names: allauth posts `login` and authenticates with `email`."""
    credentials = credentials or {}
    for key in ("email", "login", "username"):
        value = credentials.get(key)
        if value:
            return str(value).strip().lower()
    data = getattr(request, "POST", None) or {}
    value = data.get("login") or data.get("username") or ""
    return str(value).strip().lower() or None
