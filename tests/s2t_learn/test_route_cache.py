"""Wagtail's routing kept between publishes (s2t_learn/route_cache.py): fewer queries, never a stale page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.page_factories import build_module, module_index

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def route_cache_on(settings):
    settings.ROUTE_CACHE_SECONDS = 600


@pytest.fixture
def lessons(site_pages):
    _module, lessons, _quiz = build_module(module_index(site_pages), lessons=2, questions=2)
    return lessons


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def warm_count(client, url):
    client.get(url)
    return count(client, url)


def test_a_kept_route_saves_the_routing_queries_and_shows_the_same_page(client, lessons, settings):
    settings.ROUTE_CACHE_SECONDS = 0
    routed, without = warm_count(client, lessons[0].url)
    settings.ROUTE_CACHE_SECONDS = 600
    kept, with_it = warm_count(client, lessons[0].url)
    assert routed.status_code == kept.status_code == 200
    assert kept.content.decode().count(lessons[0].title) == routed.content.decode().count(lessons[0].title) > 0
    assert with_it <= without - 3, (without, with_it)


def test_signed_in_visits_use_it_too(client, lessons, people, settings):
    client.force_login(people["learner"])
    settings.ROUTE_CACHE_SECONDS = 0
    routed, without = warm_count(client, lessons[1].url)
    settings.ROUTE_CACHE_SECONDS = 600
    kept, with_it = warm_count(client, lessons[1].url)
    assert routed.status_code == kept.status_code
    assert with_it <= without - 3, (without, with_it)


def test_an_unpublished_page_is_not_served_from_a_kept_route(client, lessons):
    assert client.get(lessons[0].url).status_code == 200
    url = lessons[0].url
    lessons[0].unpublish()
    assert client.get(url).status_code == 404


def test_a_renamed_page_moves_and_its_old_address_is_gone(client, lessons):
    old = lessons[0].url
    assert client.get(old).status_code == 200
    lessons[0].slug = "a-new-address"
    lessons[0].save_revision().publish()
    assert client.get(old).status_code == 404
    assert client.get(old.replace(old.rstrip("/").rsplit("/", 1)[1], "a-new-address")).status_code == 200


def test_a_page_made_private_after_its_route_was_kept_still_asks_for_sign_in(client, lessons):
    assert client.get(lessons[0].url).status_code == 200
    PageViewRestriction.objects.create(page=lessons[0], restriction_type=PageViewRestriction.LOGIN)
    response = client.get(lessons[0].url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_cache_outage_serves_the_page_uncached(client, lessons, settings):
    from tests.reliability.conftest import closed_port

    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "s2t_learn.cache.ForgivingRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    from django.core.cache import caches

    assert caches["pages"].get("anything") is None  # the cache is really down (a refused connection)
    assert client.get(lessons[0].url).status_code == 200
    assert client.get(lessons[0].url).status_code == 200
