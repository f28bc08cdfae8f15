"""Diagram blocks (inline SVG with a text alternative and table) and the printable module summary."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from modules.models import LessonPage, ModulePage

# Some of these read the real modules, lessons and quizzes (the opt-in curriculum).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("curriculum")]


@pytest.mark.parametrize(
    "slug,diagram,words",
    [
        ("how-the-model-fits-together", "three_principles", ["Safe and together", "Partner", "Intervene"]),
        ("using-the-components", "five_components", ["coercive control", "protective efforts", "Adverse impact"]),
        ("five-levels", "continuum", ["Destructive", "Neglectful", "Pre-Competent", "Competent", "Proficient"]),
    ],
)
def test_lessons_show_their_diagram_with_a_text_alternative(client, curriculum, site_pages, slug, diagram, words):
    lesson = LessonPage.objects.get(slug=slug)
    html = client.get(lesson.url).content.decode()
    assert f"diagram--{diagram}" in html
    assert 'role="img"' in html and "<title id=" in html and "<desc id=" in html
    assert "<figcaption" in html and "Text description of the diagram" in html and "<table" in html
    for word in words:
        assert word in html
    assert "style=" not in html.split(f"diagram--{diagram}")[1].split("</figure>")[0]


def test_the_continuum_diagram_credits_its_source(client, curriculum, site_pages):
    html = client.get(LessonPage.objects.get(slug="five-levels").url).content.decode()
    assert "David Mandel &amp; Associates LLC" in html


def test_module_page_links_to_its_summary(client, curriculum, site_pages):
    module = ModulePage.objects.get(slug="schools")
    assert reverse("module_summary_pdf", args=["schools"]) in client.get(module.url).content.decode()


def test_summary_html_has_outcomes_and_key_points():
    from modules.summary import summary_html

    module = ModulePage.objects.get(slug="three-principles")
    html = summary_html(module)
    assert module.title in html and "Key points" in html
    assert "not made, endorsed or certified by the Safe &amp; Together Institute" in html
    assert all(escape(outcome.value) in html for outcome in module.learning_outcomes)


def test_summary_pdf_downloads_for_anyone(client, curriculum, site_pages, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = client.get(reverse("module_summary_pdf", args=["schools"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_summary_of_an_unknown_module_is_404(client, curriculum):
    assert client.get(reverse("module_summary_pdf", args=["no-such-module"])).status_code == 404
