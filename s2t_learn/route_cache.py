"""Wagtail's routing, cached between publishes, for every visitor (issue 17, item 2).

Finding the site and the page for a path costs Wagtail four or five queries on every request (the
site, the root page, the path lookup, the specific page, its translations), and the answer is the same
for everyone until something is published. This middleware keeps, in the shared `pages` cache and
under the page cache's generation (s2t_learn/page_cache.py), the site for each host and the page for
each path; a request then loads only the page itself, in one query, and hands both to Wagtail through
the attributes Wagtail caches them on (`request._wagtail_site`, `request._wagtail_route_for_request`).

What it never skips: the page must still be live (else Wagtail routes it afresh, which gives 404), and
Wagtail's `before_serve_page` hooks (view restrictions, the editor's privacy settings) still run on
every request. Only plain pages are kept; a routable page's sub-route (a quiz's start, say) is routed
by Wagtail each time. Publishing, unpublishing, moving or deleting a page, or saving a site, bumps the
generation and so retires every kept route at once. `ROUTE_CACHE_SECONDS=0` turns it off; a cache
outage means Wagtail routes as usual.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.http.request import split_domain_port

from . import page_cache

if TYPE_CHECKING:
    from django.core.cache.backends.base import BaseCache
    from django.http import HttpRequest
    from django.http.response import HttpResponseBase

logger = logging.getLogger(__name__)

# Paths no Wagtail page answers: Django's own views, the admin and files.
NOT_PAGES = ("/admin/", "/django-admin/", "/api/", "/static/", "/media/", "/documents/", "/healthz", "/readyz")


def enabled() -> bool:
    return getattr(settings, "ROUTE_CACHE_SECONDS", 0) > 0


def _site_key(generation: int, host: str, port: str) -> str:
    return f"route:{generation}:site:{host}:{port}"


def _page_key(generation: int, site_id: int, path: str) -> str:
    return f"route:{generation}:page:{site_id}:{hashlib.sha256(path.encode()).hexdigest()}"


def _cached_site(cache: BaseCache, generation: int, request: HttpRequest) -> Any:
    from wagtail.models import Site

    host = split_domain_port(request._get_raw_host())[0]
    key = _site_key(generation, host, request.get_port())
    site = cache.get(key)
    if site is None:
        site = Site.find_for_request(request)
        if site is not None:
            cache.set(key, site, timeout=settings.ROUTE_CACHE_SECONDS)
    return site


def _cached_page(cache: BaseCache, key: str) -> Any:
    found = cache.get(key)
    if found is None:
        return None
    label, pk = found
    page = apps.get_model(label).objects.filter(pk=pk).first()
    return page if page is not None and page.live else None


class RouteCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not enabled() or request.method not in ("GET", "HEAD") or request.path_info.startswith(NOT_PAGES):
            return self.get_response(request)
        try:
            cache = page_cache.page_cache()
            generation = page_cache.current_generation(cache)
            site = _cached_site(cache, generation, request)
            key = _page_key(generation, site.pk, request.path_info) if site is not None else None
            page = _cached_page(cache, key) if key else None
        except Exception:  # noqa: BLE001 - no cache means Wagtail routes as usual, never a 500
            logger.warning("Route cache unavailable", exc_info=True)
            return self.get_response(request)
        if site is not None:
            request._wagtail_site = site  # type: ignore[attr-defined]
        if page is not None:
            from wagtail.url_routing import RouteResult

            request._wagtail_route_for_request = RouteResult(page)  # type: ignore[attr-defined]
        response = self.get_response(request)
        route = getattr(request, "_wagtail_route_for_request", None)
        if key and page is None and route is not None and response.status_code < 500:
            routed, args, kwargs = route[0], route[1], route[2]
            if not args and not kwargs:
                try:
                    cache.set(key, (routed._meta.label, routed.pk), timeout=settings.ROUTE_CACHE_SECONDS)
                except Exception:  # noqa: BLE001
                    logger.warning("Could not keep a route", exc_info=True)
        return response
