"""Every public page says what it is (meta description) and carries the site's own icon."""

import html as html_lib
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from modules.models import LessonPage, ModulePage
from quizzes.models import QuizPage
from s2t_learn.templatetags.meta_tags import default_description, description_for

pytestmark = pytest.mark.django_db


def meta_description(html):
    found = re.findall(r'<meta name="description" content="([^"]*)">', html)
    assert len(found) == 1, f"{len(found)} meta descriptions"
    return html_lib.unescape(found[0])


def public_pages():
    from quizzes.knowledge.loader import load_quizzes

    load_quizzes()
    module = ModulePage.objects.live().get(slug="three-principles")
    lesson = LessonPage.objects.live().child_of(module).first()
    quiz = QuizPage.objects.live().child_of(module).first()
    return {
        "home": ("/", None),
        "standard page": ("/about/", None),
        "module index": ("/modules/", None),
        "module": (module.url, module.summary),
        "lesson": (lesson.url, lesson.summary),
        "quiz": (quiz.url, None),
        "pathway": (reverse("pathway_detail", args=["schools"]), None),
        "search": (reverse("lesson_search") + "?q=pattern", None),
        "verify form": (reverse("certificate_verify_form"), None),
        "sign in": (reverse("account_login"), None),
        "sign up": (reverse("account_signup"), None),
    }


def test_every_public_page_type_has_a_meta_description_and_favicon(client, curriculum, site_pages):
    for label, (url, expected) in public_pages().items():
        response = client.get(url)
        assert response.status_code == 200, (label, url, response.status_code)
        html = response.content.decode()
        description = meta_description(html)
        assert len(description) >= 40, (label, description)
        assert "<" not in description and "  " not in description, (label, description)
        assert len(description) <= 200, (label, len(description))
        if expected:
            assert description == " ".join(expected.split())[:200] or description.startswith(expected[:150]), label
        assert 'rel="icon" href="/static/img/favicon.svg"' in html, label
        assert 'rel="icon" href="/static/img/favicon.png"' in html, label


def test_an_editors_search_description_wins(client, curriculum, site_pages):
    module = ModulePage.objects.live().get(slug="three-principles")
    module.search_description = "Written by an editor for search engines."
    module.save_revision().publish()
    assert meta_description(client.get(module.url).content.decode()) == "Written by an editor for search engines."


def test_description_rules():
    class Page:
        search_description = ""
        summary = ""
        intro = "<p>An <b>intro</b> in rich text.</p>"

    assert description_for(Page()) == "An intro in rich text."
    Page.summary = "A summary."
    assert description_for(Page()) == "A summary."
    Page.search_description = "Chosen."
    assert description_for(Page()) == "Chosen."
    assert description_for(None) == default_description()

    class Empty:
        pass

    assert description_for(Empty()) == default_description()


def test_the_icon_files_exist():
    for name in ("img/favicon.svg", "img/favicon.png", "img/apple-touch-icon.png"):
        assert finders.find(name), name
    with open(finders.find("img/favicon.svg")) as svg:
        assert svg.read().startswith("<svg")
