"""The anonymous page cache: who may be served from it, what may be stored, and what clears it."""

import itertools

import pytest
from django.core.cache import caches
from django.test import override_settings

from s2t_learn import page_cache
from s2t_learn.page_cache import request_is_cacheable, response_is_cacheable

# Some of these read the real modules, lessons and quizzes (the opt-in curriculum).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("curriculum")]

ON = override_settings(ANONYMOUS_PAGE_CACHE_SECONDS=600)


@pytest.fixture(autouse=True)
def _empty_page_cache():
    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.mark.parametrize(
    "method,path,query,cookies,expected",
    [
        ("GET", "/modules/", "", {}, True),
        ("HEAD", "/modules/", "", {}, True),
        ("GET", "/modules/", "", {"csrftoken": "x"}, True),
        ("POST", "/modules/", "", {}, False),
        ("GET", "/modules/", "page=2", {}, False),
        ("GET", "/modules/", "", {"sessionid": "x"}, False),
        ("GET", "/modules/", "", {"messages": "x"}, False),
        ("GET", "/admin/", "", {}, False),
        ("GET", "/api/v1/modules/", "", {}, False),
        ("GET", "/accounts/login/", "", {}, False),
        ("GET", "/org/northtown/", "", {}, False),
        ("GET", "/my-learning/", "", {}, False),
        ("GET", "/certificates/verify/", "", {}, False),
    ],
)
def test_which_requests_may_use_the_cache(method, path, query, cookies, expected):
    assert request_is_cacheable(method=method, path=path, query_string=query, cookies=cookies) is expected


def test_only_a_plain_200_without_cookies_or_csrf_is_stored():
    for status, cookies, csrf, streaming in itertools.product(
        [200, 301, 404, 500], [False, True], [False, True], [False, True]
    ):
        expected = status == 200 and not cookies and not csrf and not streaming
        assert (
            response_is_cacheable(status_code=status, sets_cookies=cookies, used_csrf=csrf, streaming=streaming)
            is expected
        )


@ON
def test_second_anonymous_visit_is_served_from_the_cache_with_no_query(
    client, site_pages, curriculum, django_assert_num_queries
):
    first = client.get("/modules/")
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    assert "public" in first["Cache-Control"] and "Cookie" in first["Vary"]
    with django_assert_num_queries(0):
        second = client.get("/modules/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


@ON
def test_a_signed_in_person_never_gets_the_shared_copy(client, people, site_pages, curriculum):
    anonymous = client.get("/modules/").content.decode()
    client.force_login(people["learner"])
    response = client.get("/modules/")
    assert "X-Page-Cache" not in response
    assert "/accounts/logout/" in response.content.decode()
    assert "/accounts/logout/" not in anonymous


@ON
def test_a_page_with_a_form_token_is_never_shared(client, site_pages):
    from quizzes.models import QuizPage

    quiz = QuizPage.objects.live().first()
    response = client.get(quiz.url)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    client.cookies.clear()
    assert "X-Page-Cache" not in client.get(quiz.url)


@ON
def test_publishing_a_page_clears_the_cache(client, people, site_pages, curriculum):
    from modules.models import LessonPage

    lesson = LessonPage.objects.live().first()
    assert client.get(lesson.url)["X-Page-Cache"] == "miss"
    assert client.get(lesson.url)["X-Page-Cache"] == "hit"
    lesson.title = "A title the editor just published"
    lesson.save_revision(user=people["superuser"]).publish()
    response = client.get(lesson.url)
    assert response["X-Page-Cache"] == "miss"
    assert "A title the editor just published" in response.content.decode()


@ON
def test_changing_the_site_settings_clears_the_cache(client, site_pages):
    from s2t_learn.models import SiteSettings

    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    site_settings = SiteSettings.objects.get()
    site_settings.site_name = "Riverside Learning"
    site_settings.save()
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "Riverside Learning" in response.content.decode()


@ON
def test_saving_a_snippet_clears_the_cache(client, site_pages, curriculum):
    from modules.models import Pathway

    client.get("/modules/")
    assert client.get("/modules/")["X-Page-Cache"] == "hit"
    pathway = Pathway.objects.first()
    pathway.save()
    assert client.get("/modules/")["X-Page-Cache"] == "miss"


@override_settings(
    ANONYMOUS_PAGE_CACHE_SECONDS=600,
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # Nothing listens on port 1: a real connection refused, not a mock.
        "pages": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    },
)
def test_a_cache_outage_serves_the_page_uncached(client, site_pages):
    response = client.get("/")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    page_cache.clear_page_cache()  # publishing while the cache is down does not fail either
