"""Whole-page caching for anonymous visitors, cleared whenever published content changes.

wagtail-cache does not support Wagtail 8 yet, so this is Django's cache framework and Wagtail's
publish signals. Rules:
- only GET and HEAD, with no query string, outside the admin, API, accounts and org areas;
- only for a request that carries no session or messages cookie (so never for a signed-in person);
- only a 200 response that sets no cookie and did not use the CSRF token (a form's token is
  per-visitor, so a page with a form is never shared);
- every entry carries a "generation" in its key; publishing, unpublishing, moving or deleting a
  page, saving a snippet or the site settings bumps the generation, so every cached page is
  dropped at once, in every process that shares the cache.
The cache alias `pages` is Redis when configured and a file cache otherwise, so that all the web
processes of one machine see the same generation. A cache outage means no cache, never an error.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, TypeVar, cast

from django.conf import settings
from django.core.cache import caches
from django.utils.cache import patch_cache_control, patch_vary_headers

if TYPE_CHECKING:
    from django.core.cache.backends.base import BaseCache
    from django.db.models import Model
    from django.http import HttpRequest
    from django.http.response import HttpResponseBase
    from django.template.response import SimpleTemplateResponse

logger = logging.getLogger(__name__)
T = TypeVar("T")

CACHE_ALIAS = "pages"
GENERATION_KEY = "page-cache:generation"
SKIPPED_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/api/",
    "/accounts/",
    "/org/",
    "/profile/",
    "/my-learning/",
    "/invitations/",
    "/join/",
    "/certificates/",
    "/healthz",
    "/readyz",
    "/static/",
    "/media/",
    "/documents/",
)
HIT_HEADER = "X-Page-Cache"


def page_cache() -> BaseCache:
    return caches[CACHE_ALIAS]


def enabled() -> bool:
    return getattr(settings, "ANONYMOUS_PAGE_CACHE_SECONDS", 0) > 0


def request_is_cacheable(*, method: str | None, path: str, query_string: str, cookies: Mapping[str, str]) -> bool:
    """Whether a request may be answered from, or stored in, the shared page cache."""
    if method not in ("GET", "HEAD") or query_string:
        return False
    if path.startswith(SKIPPED_PREFIXES):
        return False
    personal_cookies = (settings.SESSION_COOKIE_NAME, getattr(settings, "MESSAGES_COOKIE_NAME", "messages"))
    return not any(name in cookies for name in personal_cookies)


def response_is_cacheable(*, status_code: int, sets_cookies: bool, used_csrf: bool, streaming: bool) -> bool:
    return status_code == 200 and not sets_cookies and not used_csrf and not streaming


def _generation(cache: BaseCache) -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY) or 1
    return int(value)


def current_generation(cache: BaseCache | None = None) -> int:
    """The number every cached page and route carries in its key; bumped when published content changes."""
    return _generation(cache or page_cache())


def kept(store: BaseCache, key: str, load: Callable[[], T], timeout: int) -> T:
    """`load()`, kept in `store` under `key` for `timeout` seconds; read afresh when the cache is down."""
    try:
        found = store.get(key)
    except Exception:  # noqa: BLE001 - a cache outage means reading afresh, never an error
        return load()
    if found is None:
        found = load()
        try:
            store.set(key, found, timeout)
        except Exception:  # noqa: BLE001
            logger.warning("Could not keep %s in the cache", key.split(":", 1)[0], exc_info=True)
    return found


def kept_under_generation(name: str, load: Callable[[], T], timeout: int) -> T:
    """`load()`, kept in the shared page cache under the current generation, so that any publish (see
    connect_signals) retires it in every process; read afresh when the cache is down."""
    try:
        store = page_cache()
        key = f"{name}:{_generation(store)}"
    except Exception:  # noqa: BLE001
        return load()
    return kept(store, key, load, timeout)


def _key(cache: BaseCache, host: str, path: str) -> str:
    digest = hashlib.sha256(f"{host}{path}".encode()).hexdigest()
    return f"page-cache:{_generation(cache)}:{digest}"


def clear_page_cache(**_kwargs: object) -> None:
    """Drop every cached page (a signal receiver, too)."""
    try:
        cache = page_cache()
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, 2, timeout=None)
    except Exception:  # noqa: BLE001 - a cache outage must never break a publish
        logger.warning("Could not clear the page cache", exc_info=True)


class AnonymousPageCacheMiddleware:
    """Serve anonymous visitors a stored copy of the page, and store what may be shared."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not enabled() or not request_is_cacheable(
            method=request.method,
            path=request.path_info,
            query_string=request.META.get("QUERY_STRING", ""),
            cookies=request.COOKIES,
        ):
            return self.get_response(request)
        host = request.get_host()  # an unknown host is refused (400) here, as it would be anyway
        try:
            cache = page_cache()
            key = _key(cache, host, request.path_info)
            cached = cache.get(key)
        except Exception:  # noqa: BLE001 - no cache means no caching, never a 500
            logger.warning("Page cache unavailable", exc_info=True)
            return self.get_response(request)
        if cached is not None:
            cached[HIT_HEADER] = "hit"
            return cached
        response = self.get_response(request)
        if response_is_cacheable(
            status_code=response.status_code,
            sets_cookies=bool(response.cookies),
            used_csrf=bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE")),
            streaming=response.streaming,
        ):
            seconds = settings.ANONYMOUS_PAGE_CACHE_SECONDS
            patch_cache_control(response, public=True, max_age=min(seconds, 60))
            patch_vary_headers(response, ["Cookie"])
            if (
                hasattr(response, "render")
                and callable(response.render)
                and not cast("SimpleTemplateResponse", response).is_rendered
            ):
                response.render()
            try:
                cache.set(key, response, timeout=seconds)
            except Exception:  # noqa: BLE001
                logger.warning("Could not store a page in the cache", exc_info=True)
            response[HIT_HEADER] = "miss"
        return response


def _clear_when_content_changes(sender: type[Model], **_kwargs: object) -> None:
    from wagtail.models import Site
    from wagtail.snippets.models import get_snippet_models

    from .models import SiteSettings

    if sender in (SiteSettings, Site) or sender in get_snippet_models():
        clear_page_cache()


def connect_signals() -> None:
    """Clear the cache whenever anything a public page shows is published or changed."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move, published

    page_published.connect(clear_page_cache, dispatch_uid="page-cache-published")
    page_unpublished.connect(clear_page_cache, dispatch_uid="page-cache-unpublished")
    page_slug_changed.connect(clear_page_cache, dispatch_uid="page-cache-slug")
    post_page_move.connect(clear_page_cache, dispatch_uid="page-cache-move")
    published.connect(clear_page_cache, dispatch_uid="page-cache-snippet-published")
    post_delete.connect(clear_page_cache, sender=Page, dispatch_uid="page-cache-page-deleted")
    # Snippets and settings: checked by sender in the receiver, because snippets register after this runs.
    post_save.connect(_clear_when_content_changes, dispatch_uid="page-cache-model-saved")
    post_delete.connect(_clear_when_content_changes, dispatch_uid="page-cache-model-deleted")
