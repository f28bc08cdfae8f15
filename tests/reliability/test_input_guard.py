"""Input never causes a 500: huge ids, NUL and control characters, unmatched API paths (issue 16, item 6)."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from s2t_learn.middleware import CONTROL_CHARACTERS, json_has_control_characters

pytestmark = pytest.mark.django_db
HUGE = "9" * 30


@pytest.mark.parametrize(
    "path",
    [
        f"/quizzes/attempts/{HUGE}/",
        f"/quizzes/{HUGE}/try/",
        f"/org/northtown-service/members/{HUGE}/",
        f"/api/v1/attempts/{HUGE}/",
        f"/api/v1/quizzes/{HUGE}/attempts/",
    ],
)
def test_an_id_beyond_64_bits_is_a_404_not_a_500(client, people, site_pages, path):
    client.force_login(people["org_admin"])
    assert client.get(path).status_code == 404


def test_an_overflowing_number_in_a_query_or_form_is_a_clear_400(client, people, site_pages, curriculum):
    from modules.models import LessonPage

    client.force_login(people["learner"])
    lesson = LessonPage.objects.live().first()
    response = client.post(lesson.url, {"lesson": HUGE, "complete": "1", "block": HUGE})
    assert response.status_code < 500


@pytest.mark.parametrize("value", ["before\x00after", "bell\x07", "esc\x1b[2J", "del\x7f"])
def test_control_characters_in_a_form_are_refused_clearly(client, people, site_pages, value):
    client.force_login(people["org_admin"])
    response = client.post(reverse("organisation_teams", args=["northtown-service"]), {"name": value})
    html = response.content.decode()
    assert response.status_code == 400
    assert "invisible control character" in html and 'id="exit-this-page"' in html


def test_nul_in_a_query_string_and_in_a_path_is_refused(client, site_pages):
    assert client.get("/search/", {"q": "a\x00b"}).status_code == 400
    assert client.get("/certificates/verify/AB%00CD/").status_code == 400


def test_nul_in_a_json_body_gets_the_json_error(people):
    api = APIClient()
    api.force_authenticate(people["org_admin"])
    response = api.post("/api/v1/organisations/northtown-service/teams/", {"name": "x\u0000y"}, format="json")
    assert response.status_code == 400
    body = response.json()["error"]
    assert body["status"] == 400 and "control character" in body["message"] and "body" in body["fields"]


def test_tabs_and_newlines_are_ordinary_text(client, people, site_pages):
    client.force_login(people["org_admin"])
    response = client.post(reverse("organisation_teams", args=["northtown-service"]), {"name": "Early\tyears\r\n"})
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("path", ["/api/v1/no-such-thing/", "/api/nothing", "/api/v2/attempts/1/"])
def test_unmatched_api_paths_answer_the_json_error_body(client, site_pages, path):
    response = client.get(path)
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json() == {
        "error": {"status": 404, "code": "not_found", "message": "No API endpoint at this address."}
    }


@hsettings(max_examples=200, deadline=None)
@given(st.text())
def test_the_control_character_rule(text):
    has_control = any((ord(c) < 32 and c not in "\t\n\r") or ord(c) == 127 for c in text)
    assert bool(CONTROL_CHARACTERS.search(text)) == has_control


@hsettings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.text() | st.integers() | st.none(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)
    )
)
def test_json_escapes_of_control_characters_are_found(document):
    import json

    def texts(item):
        if isinstance(item, str):
            yield item
        elif isinstance(item, list):
            for value in item:
                yield from texts(value)
        elif isinstance(item, dict):
            for key, value in item.items():
                yield key
                yield from texts(value)

    has_control = any((ord(c) < 32 and c not in "\t\n\r") or ord(c) == 127 for t in texts(document) for c in t)
    for ensure_ascii in (True, False):
        assert json_has_control_characters(json.dumps(document, ensure_ascii=ensure_ascii).encode()) == has_control
    assert json_has_control_characters(b"{not json") is False
