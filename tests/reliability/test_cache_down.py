"""Redis down for the cache only: pages, sign-in, sessions and the API keep working (issue 16, item 2).

CACHE_URL points at a closed port (no mock): every cache call meets a refused connection."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from .conftest import closed_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_down(settings):
    url = f"redis://127.0.0.1:{closed_port()}/0"
    settings.CACHE_URL = url
    settings.CACHES = {
        "default": {
            "BACKEND": "s2t_learn.cache.ForgivingRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    cache.set("probe", 1)  # refused, and forgiven
    assert cache.get("probe") is None
    return url


def test_cache_outage_degrades_to_no_cache(cache_down):
    assert cache.get("anything", "fallback") == "fallback"
    assert cache.add("k", 1) is True  # a lock taken with add does not spin
    assert cache.get_many(["a", "b"]) == {}
    assert cache.get_or_set("k", 5) == 5
    assert cache.incr("k") == 0
    cache.delete("k")
    cache.set_many({"a": 1})


def test_pages_sign_in_and_sessions_work_without_the_cache(client, people, site_pages, cache_down, curriculum):
    assert client.get("/").status_code == 200
    assert client.get("/modules/").status_code in (200, 301, 302)
    learner = people["learner"]
    response = client.post(reverse("account_login"), {"login": learner.email, "password": "a-long-test-password-1"})
    assert response.status_code == 302
    # The session was written to the database and is read back from it.
    assert client.get(reverse("profile")).status_code == 200
    assert client.get("/my-learning/").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["checks"]["cache"] == "degraded"


def test_the_api_and_its_throttles_work_without_the_cache(people, cache_down):
    api = APIClient()
    api.force_authenticate(people["learner"])
    response = api.get("/api/v1/me/")
    assert response.status_code == 200 and response.json()["email"] == people["learner"].email


def test_kept_reads_afresh_when_the_cache_refuses(settings):
    """page_cache.kept, which the navigation, the lesson blocks and a closed round's counts go through,
    loads the value itself from a cache at a closed port (the plain Redis backend, which raises)."""
    from django.core.cache.backends.redis import RedisCache

    from s2t_learn.page_cache import kept

    store = RedisCache(f"redis://127.0.0.1:{closed_port()}/0", {"OPTIONS": {"socket_connect_timeout": 0.2}})
    loads = []
    assert kept(store, "key", lambda: loads.append(1) or "fresh", 60) == "fresh"
    assert kept(store, "key", lambda: loads.append(1) or "fresh", 60) == "fresh"
    assert len(loads) == 2  # nothing kept, nothing raised
