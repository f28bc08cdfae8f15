"""Settings shared by every environment. Everything that differs comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
# After changing SECRET_KEY, keep the old one here (comma-separated) for as long as anything signed or
# encrypted with it must still work: two-step sign-in keys are encrypted with it (s2t_learn/adapters.py).
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "s2t_learn",
    "modules",
    "quizzes",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "auditlog",
    "django_celery_beat",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Compress every response that passes through, including cached pages (set
    # COMPRESS_RESPONSES=false when the proxy in front compresses).
    *(["django.middleware.gzip.GZipMiddleware"] if env_bool("COMPRESS_RESPONSES", True) else []),
    "s2t_learn.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session: an anonymous page served from the cache touches nothing else.
    "s2t_learn.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Wagtail's site and page for a path, kept between publishes (s2t_learn/route_cache.py).
    "s2t_learn.route_cache.RouteCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "s2t_learn.middleware.InputGuardMiddleware",
    "s2t_learn.middleware.SessionSecurityMiddleware",
    # Names the signed-in person on audit log entries (s2t_learn/audit_log.py); records no address.
    "s2t_learn.audit_log.AuditActorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # After the two framing middlewares: an admin preview may be framed by the admin (same origin) only.
    "s2t_learn.middleware.PreviewFramingMiddleware",
    "s2t_learn.middleware.PermissionsPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After authentication and messages: sends a person who must use two-step sign-in, and has not set
    # it up, to the setup page from the admin paths (s2t_learn/mfa.py holds the rule).
    "s2t_learn.mfa.MfaRequirementMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Axes last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "s2t_learn.urls"
WSGI_APPLICATION = "s2t_learn.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "s2t_learn.context_processors.site_chrome",
            ],
        },
    },
]

# An empty DATABASE_URL means the default, SQLite, as an unset one does.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite under concurrent requests: WAL lets readers run beside the writer, IMMEDIATE takes the
    # write lock at the start of a transaction (no deadlocked upgrade), and a writer waits up to
    # 20 s for the lock instead of answering "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "s2t_learn.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "my_learning"  # a ?next= address still wins

# Accounts, two-step sign-in and the lockout: s2t_learn/settings/accounts.py
from .accounts import *  # noqa: E402, F403

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English"))]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files a browser asks for at the site's root (/favicon.ico), served by WhiteNoise before any session or
# database is touched.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Cache and Celery. REDIS_URL is the default for both; CACHE_URL and CELERY_BROKER_URL separate them,
# so that a cache outage and a broker outage are different faults. Unset: local memory, eager tasks.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_URL = os.environ.get("CACHE_URL", REDIS_URL)
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
# Seconds a Redis call may take before the cache gives up and the page is served without it.
CACHE_TIMEOUT_SECONDS = float(os.environ.get("CACHE_TIMEOUT_SECONDS", "0.5"))
if CACHE_URL:
    _redis_cache = {
        # Errors are logged and treated as a miss: a cache outage slows pages, never breaks them.
        "BACKEND": "s2t_learn.cache.ForgivingRedisCache",
        "LOCATION": CACHE_URL,
        "OPTIONS": {
            "socket_connect_timeout": CACHE_TIMEOUT_SECONDS,
            "socket_timeout": CACHE_TIMEOUT_SECONDS,
        },
    }
    CACHES = {"default": _redis_cache, "pages": {**_redis_cache, "KEY_PREFIX": "pages"}}
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # A file cache is shared by every web process on the machine, so one publish clears it for all.
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(BASE_DIR / ".cache" / "pages"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }
if CELERY_BROKER_URL:
    CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
# A worker whose pool child dies puts the message back rather than acknowledging it.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The longest task (a PDF report) is stopped after this many seconds; the broker redelivers a message
# whose worker vanished (a container killed) a few minutes after that, not after Redis's default hour.
CELERY_TASK_TIME_LIMIT = int(os.environ.get("CELERY_TASK_TIME_LIMIT", "300"))
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 30
CELERY_VISIBILITY_TIMEOUT = int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", str(CELERY_TASK_TIME_LIMIT + 300)))
# Publishing never holds a request for long: a short connect timeout and no retry loop. A message
# that could not be sent is left in its row (the outbox) for the sweeps below.
BROKER_TIMEOUT_SECONDS = float(os.environ.get("BROKER_TIMEOUT_SECONDS", "2"))
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_TIMEOUT_SECONDS
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "socket_connect_timeout": BROKER_TIMEOUT_SECONDS,
    "socket_timeout": BROKER_TIMEOUT_SECONDS * 5,
    # Publishing connects once, without kombu's retry loop (which held a request for about 19 s).
    "max_retries": 0,
    # Workers look for messages whose worker vanished every this many seconds (kombu's default sweep is
    # about 100 s: 10 s times a throttle of 10), so redelivery follows the visibility timeout closely.
    "unacked_restore_interval": int(os.environ.get("CELERY_UNACKED_RESTORE_INTERVAL", "10")),
    "unacked_restore_throttle": 1,
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"socket_connect_timeout": BROKER_TIMEOUT_SECONDS}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = BROKER_TIMEOUT_SECONDS
# Outbox sweeps leave a row this long for its own message before sending it again.
OUTBOX_GRACE_SECONDS = int(os.environ.get("OUTBOX_GRACE_SECONDS", "60"))
# A report job pending or running longer than this is stuck (its worker died): it is requeued, and a
# new request for the same report starts a fresh job.
REPORT_JOB_DEADLINE_SECONDS = int(os.environ.get("REPORT_JOB_DEADLINE_SECONDS", str(CELERY_TASK_TIME_LIMIT + 120)))
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# Email: the console by default; SMTP when EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "S2T Learn <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Wagtail
WAGTAIL_SITE_NAME = "S2T Learn"
# The admin's own sign-in page would skip the second step: every sign-in goes through allauth's.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # the admin sends nothing to third parties: no avatars from Gravatar
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt", "csv", "xlsx", "pptx"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]

# Anonymous visitors get whole pages from the cache (s2t_learn/page_cache.py); 0 turns it off.
ANONYMOUS_PAGE_CACHE_SECONDS = int(os.environ.get("ANONYMOUS_PAGE_CACHE_SECONDS", "600"))
# Wagtail's routing (the site for a host, the page for a path) kept between publishes; 0 turns it off.
ROUTE_CACHE_SECONDS = int(os.environ.get("ROUTE_CACHE_SECONDS", "3600"))

# Sessions are read from the cache (Redis when configured) and kept in the database, so when the
# cache is down they are read from the database (the cache backend treats its errors as misses).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# A signed-in session ends after this long without a request (8 hours), the admins' sooner (1 hour);
# it never lasts longer than SESSION_COOKIE_AGE (one working day plus a night) in any case.
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", str(8 * 60 * 60)))
SESSION_ADMIN_IDLE_TIMEOUT = int(os.environ.get("SESSION_ADMIN_IDLE_TIMEOUT", str(60 * 60)))
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(24 * 60 * 60)))
# Flash messages ("Invitation sent to x@...") live in the session, not in a cookie: no personal data in cookies.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Organisations: a deployment can require a site administrator to approve new organisations.
ORGANISATIONS_REQUIRE_APPROVAL = env_bool("ORGANISATIONS_REQUIRE_APPROVAL", False)
INVITATION_VALID_DAYS = int(os.environ.get("INVITATION_VALID_DAYS", "14"))
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# API
KNOX_TOKEN_MODEL = "s2t_learn.ApiToken"
# Knox's own migrations create its default token table even when the model is swapped for ours.
MIGRATION_MODULES = {"knox": None}
# Tokens expire: the person creating one chooses 30 to 365 days (90 by default, also the TTL here).
REST_KNOX = {"TOKEN_TTL": timedelta(days=90), "AUTO_REFRESH": False, "TOKEN_PREFIX": "s2t_"}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that an anonymous request is answered 401 with WWW-Authenticate.
        "s2t_learn.api.authentication.ScopedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "s2t_learn.api.permissions.TokenScopeAllows",
    ],
    "DEFAULT_PAGINATION_CLASS": "s2t_learn.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "60/minute"),
        "user": os.environ.get("API_THROTTLE_USER", "600/minute"),
    },
    "EXCEPTION_HANDLER": "s2t_learn.api.exceptions.json_error_handler",
    # The throttles' client address: the same trusted proxy count, never a raw X-Forwarded-For.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON bodies only: the schema's types (integer, boolean) then mean what they say, and the strict
    # fields in s2t_learn.api.fields can refuse a string where a number belongs. Tests send JSON too.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "S2T Learn API",
    "DESCRIPTION": "Learning, quizzes and continuum self-assessment for the Safe & Together Model. "
    "Independent of the Safe & Together Institute.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "PREPROCESSING_HOOKS": ["s2t_learn.api.schema.only_public_api"],
    "COMPONENT_SPLIT_REQUEST": True,
    # Deep links put a link inside each operation's toggle button: nested controls that axe flags.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
}

# Security headers and the content security policy: s2t_learn/settings/security.py
from .security import *  # noqa: E402, F403

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_tokens": {"()": "s2t_learn.logging.RedactTokensFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_tokens"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "s2t_learn": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# Background jobs: each part's tasks and the beat schedule (s2t_learn/settings/schedule.py).
# Privacy: retention, account deletion and the minimum groups shown: s2t_learn/settings/privacy.py
from .privacy import *  # noqa: E402, F403
from .schedule import *  # noqa: E402, F403

# Leads are reminded this many days after a round closed, once, when no newer round has started.
REASSESSMENT_DUE_DAYS = int(os.environ.get("REASSESSMENT_DUE_DAYS", "365"))
SPECTACULAR_SETTINGS = {
    **SPECTACULAR_SETTINGS,
    "ENUM_NAME_OVERRIDES": {
        **SPECTACULAR_SETTINGS.get("ENUM_NAME_OVERRIDES", {}),
        "ActionItemStatusEnum": "quizzes.planning.models.ActionItem.Status",
        "ReportJobStatusEnum": "quizzes.planning.models.ReportJob.Status",
        "StatusEnum": "quizzes.assessment.models.Round.Status",  # the name it had before these two arrived
        "AuditReportKindEnum": [("audit_pdf", "PDF report"), ("audit_csv", "CSV data")],  # quizzes.audit.api
        "KindEnum": "quizzes.planning.models.ReportJob.Kind",  # the name it had before the audit kinds arrived
    },
}
