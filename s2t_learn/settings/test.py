import os

from .base import *  # noqa: F403

DEBUG = False
DEMO_LOGINS_ALLOWED = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_ENABLED = True
# Tests that exercise throttling lower the rates themselves.
REST_FRAMEWORK = {**REST_FRAMEWORK}  # noqa: F405
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"anon": "1000/minute", "user": "10000/minute"}
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
MEDIA_ROOT = BASE_DIR / "tests" / ".media"  # noqa: F405
# Tests run tasks in-process even when REDIS_URL is set; the worker round-trip test turns this off
# for itself and sends a task to a real worker through Redis.
CELERY_TASK_ALWAYS_EAGER = True

# A file-backed SQLite test database, so that `pytest --reuse-db` can skip migrations and the
# curriculum load on a local re-run (an in-memory database cannot be reused).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}  # noqa: F405

# The page cache has its own tests, which turn it on; elsewhere a test reads what it just wrote.
ANONYMOUS_PAGE_CACHE_SECONDS = 0
# On, as in production (S2T_TEST_ROUTE_CACHE=0 turns it off); each test starts with an empty cache.
ROUTE_CACHE_SECONDS = int(os.environ.get("S2T_TEST_ROUTE_CACHE", "600"))
CACHES = {**CACHES, "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"}}  # noqa: F405

# A test database name of one's own (e.g. TEST_DATABASE_NAME=test_i16), so that parallel runs against
# one PostgreSQL server do not drop each other's databases.
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}  # noqa: F405

# Parallel workers (pytest-xdist) each keep their cache in a Redis database of their own (1, 2, ...), so
# one worker's cache.clear() never empties another's, nor the broker's queues in database 0.
_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if CACHE_URL and _xdist_worker.startswith("gw"):  # noqa: F405
    from urllib.parse import urlsplit

    _cache_db = 1 + int(_xdist_worker[2:])
    _location = urlsplit(CACHE_URL)._replace(path=f"/{_cache_db}").geturl()  # noqa: F405
    CACHES = {
        name: {**conf, "LOCATION": _location} if "Redis" in conf["BACKEND"] else conf for name, conf in CACHES.items()
    }

# Tests need no durability: SQLite skips its fsyncs (a test database is made again when it is lost).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["OPTIONS"] = {  # noqa: F405
        **DATABASES["default"].get("OPTIONS", {}),  # noqa: F405
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;",
    }
