"""Settings for `make bench`: production-like (no debug), on the local SQLite benchmark database."""

from .base import *  # noqa: F403

DEBUG = False
DEMO_LOGINS_ALLOWED = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
STATIC_ROOT = BASE_DIR / ".bench" / "static"  # noqa: F405
# The load generator is one client: throttles would measure themselves, not the pages.
REST_FRAMEWORK = {**REST_FRAMEWORK}  # noqa: F405
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"anon": "100000/minute", "user": "100000/minute"}
AXES_ENABLED = False
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "ERROR"}}  # noqa: F405
# 4xx responses are the load generator's business, not the log's; emails stay in memory.
LOGGING["loggers"] = {**LOGGING.get("loggers", {}), "django.request": {"level": "ERROR"}}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
