"""Long answers: a stated limit, counted as the page counts it, never cut, and refused clearly."""

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from modules import services
from modules.models import LessonPage, ModulePage, PathwayPlan, ReflectiveAnswer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson(curriculum):
    module = ModulePage.objects.get(slug="three-principles")
    return next(
        lesson
        for lesson in LessonPage.objects.child_of(module).live()
        if any(b.block_type == "reflective_question" for b in lesson.body)
    )


def block_id_of(lesson):
    return next(b.id for b in lesson.body if b.block_type == "reflective_question")


@pytest.mark.parametrize(
    "given, kept",
    [("", ""), (None, ""), ("a\r\nb", "a\nb"), ("a\rb", "a\nb"), ("a\nb", "a\nb"), ("\r\n\r\n", "\n\n")],
)
def test_line_breaks_count_as_one_character(given, kept):
    assert services.normalise_newlines(given) == kept


def test_a_form_post_at_the_limit_with_line_breaks_is_kept_whole(client, lesson, site_pages):
    """The browser counts each line break as one; the form posts it as two (CRLF). Both agree here."""
    user = UserFactory()
    client.force_login(user)
    lines = "x" * 99 + "\r\n"
    text = lines * 50  # 5,050 characters as posted, exactly 5,000 as counted
    response = client.post(reverse("lesson_answer", args=[lesson.pk, block_id_of(lesson)]), {"text": text})
    assert response.status_code == 302
    stored = ReflectiveAnswer.objects.get(user=user).text
    assert len(stored) == 5000 and stored == text.replace("\r\n", "\n")


def test_over_the_limit_is_refused_with_the_count_and_shown_back_to_edit(client, lesson, site_pages):
    user = UserFactory()
    client.force_login(user)
    block_id = block_id_of(lesson)
    services.save_answer(user, lesson, block_id, "first draft")
    text = "y" * 5012
    response = client.post(reverse("lesson_answer", args=[lesson.pk, block_id]), {"text": text})
    html = response.content.decode()
    assert response.status_code == 400
    assert "12 characters too long" in html and "up to 5,000" in html
    # The text comes back whole, in a form that saves it again once shortened.
    assert re.search(r'<textarea[^>]*name="text"[^>]*>' + text + "</textarea>", html)
    assert f'action="{reverse("lesson_answer", args=[lesson.pk, block_id])}"' in html
    assert ReflectiveAnswer.objects.get(user=user).text == "first draft"


def test_the_api_returns_exactly_what_it_stored(lesson):
    """Autosave compares this with what it sent before it says "Saved."."""
    user = UserFactory()
    api = APIClient()
    api.force_authenticate(user)
    url = reverse("api_reflective_answer", args=[lesson.pk, block_id_of(lesson)])
    text = "  Leading and trailing spaces stay.\nA second line, and an emoji 🙂  "
    body = api.put(url, {"text": text}, format="json").json()
    assert body["text"] == text == ReflectiveAnswer.objects.get(user=user).text
    plan = api.put(reverse("api_pathway_plan", args=["schools"]), {"text": text}, format="json").json()
    assert plan["text"] == text == PathwayPlan.objects.get(user=user).text


def test_plan_over_the_limit_is_refused_and_kept(client, curriculum, site_pages):
    user = UserFactory()
    client.force_login(user)
    url = reverse("pathway_detail", args=["schools"])
    client.post(url, {"text": "first"})
    response = client.post(url, {"text": "z" * 5001})
    html = response.content.decode()
    assert response.status_code == 400 and "Your plan is 1 character too long: it can be up to 5,000" in html
    assert "z" * 5001 in html
    assert PathwayPlan.objects.get(user=user).text == "first"


def test_text_areas_state_their_limit_without_javascript(client, lesson, site_pages):
    from quizzes.knowledge.measure import skip_before

    learner = UserFactory()
    skip_before(learner)  # a first lesson would otherwise ask for the "before" ratings
    client.force_login(learner)
    for url in (lesson.url, reverse("pathway_detail", args=["schools"])):
        html = client.get(url).content.decode()
        for textarea in re.findall(r"<textarea[^>]*>", html):
            limit = re.search(r'maxlength="(\d+)"', textarea)
            assert limit, textarea
            described = re.search(r'aria-describedby="([^"]+)"', textarea).group(1).split()
            hint_id = next(i for i in described if i.endswith("-limit"))
            assert re.search(rf'id="{hint_id}">You can enter up to 5,000 characters<', html), url
        assert "js/character-count.js" in html
