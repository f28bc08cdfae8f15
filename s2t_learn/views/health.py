from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """The process is up and answering. No dependencies are checked."""
    return JsonResponse({"status": "ok"})


def broker_answers():
    from kombu import Connection

    with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return True


@never_cache
def readyz(request):
    """Ready to serve: the database answers and, when configured, so does the broker."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except DatabaseError:
        checks["database"] = "unavailable"
    if not settings.CELERY_BROKER_URL.startswith("memory://"):
        try:
            broker_answers()
            checks["broker"] = "ok"
        except Exception:  # noqa: BLE001 - any failure to reach the broker means not ready
            checks["broker"] = "unavailable"
    ready = all(value == "ok" for value in checks.values())
    # The cache is reported but not required: without it pages are slower, never broken.
    if settings.CACHE_URL:
        from django.core.cache import cache

        try:
            cache.set("readyz", "ok", 5)
            checks["cache"] = "ok" if cache.get("readyz") == "ok" else "degraded"
        except Exception:  # noqa: BLE001
            checks["cache"] = "degraded"
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)
