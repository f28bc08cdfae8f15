import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from modules.models import LessonPage, ModulePage, Pathway, PathwayPlan
from s2t_learn.models import Sector
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LEVELS = ["Destructive", "Neglectful", "Pre-Competent", "Competent", "Proficient"]
SECTOR_MODULES = {
    "social_work": "social-work",
    "education": "schools",
    "early_years": "early-years",
    "health": "health",
    "residential_childcare": "residential-childcare",
}


@pytest.mark.parametrize(("sector", "module_slug"), SECTOR_MODULES.items())
def test_each_sector_pathway_ends_with_its_own_module_and_a_plan(curriculum, sector, module_slug):
    pathway = next(p for p in Pathway.objects.all() if sector in p.sectors)
    modules = [link.module.slug for link in pathway.pathway_modules.order_by("sort_order")]
    assert modules[-1] == module_slug
    assert modules[:4] == ["why-it-matters", "three-principles", "five-critical-components", "continuum-of-practice"]
    assert pathway.next_step_prompt.strip()
    assert len(LessonPage.objects.child_of(ModulePage.objects.get(slug=module_slug))) >= 3


def test_every_page_presenting_the_levels_credits_the_source(curriculum):
    for lesson in LessonPage.objects.live():
        text = str(lesson.body.raw_data)
        presents = all(level in text for level in LEVELS) or "continuum_explorer" in text
        if presents:
            assert "David Mandel" in text, lesson.title


def test_every_reframing_exercise_labels_the_harmful_version(client, curriculum, site_pages):
    lessons = [lesson for lesson in LessonPage.objects.live() if any(b.block_type == "reframing" for b in lesson.body)]
    assert sum(1 for lesson in lessons for b in lesson.body if b.block_type == "reframing") >= 6
    for lesson in lessons:
        html = client.get(lesson.url).content.decode()
        count = sum(1 for b in lesson.body if b.block_type == "reframing")
        assert html.count("Harmful way of asking") == count, lesson.title


def test_explorer_renders_all_five_levels_with_credit(client, curriculum, site_pages):
    lesson = next(x for x in LessonPage.objects.live() if any(b.block_type == "continuum_explorer" for b in x.body))
    html = client.get(lesson.url).content.decode()
    positions = [html.index(f"</span> {level}</h4>") for level in LEVELS]
    assert positions == sorted(positions)
    assert "2015 David Mandel &amp; Associates LLC" in html


def test_write_keep_and_print_the_plan(client, curriculum, site_pages):
    user = UserFactory(sector=Sector.EDUCATION)
    client.force_login(user)
    url = reverse("pathway_detail", args=["schools"])
    response = client.post(url, {"text": "Talk to our designated safeguarding lead about recording."})
    assert response["Location"].endswith("#plan")
    assert "Talk to our designated safeguarding lead" in client.get(url).content.decode()
    printable = client.get(reverse("pathway_plan_print", args=["schools"])).content.decode()
    assert "Talk to our designated safeguarding lead" in printable and "data-print" in printable
    other = UserFactory()
    client.force_login(other)
    assert "Talk to our designated safeguarding lead" not in client.get(url).content.decode()


def test_plan_too_long_keeps_what_was_typed(client, curriculum, site_pages):
    user = UserFactory()
    client.force_login(user)
    url = reverse("pathway_detail", args=["schools"])
    client.post(url, {"text": "first"})
    long_text = "z" * 5001
    response = client.post(url, {"text": long_text})
    assert response.status_code == 400 and long_text in response.content.decode()
    assert PathwayPlan.objects.get(user=user).text == "first"


def test_plan_api(curriculum):
    user = UserFactory()
    api = APIClient()
    api.force_authenticate(user)
    url = reverse("api_pathway_plan", args=["health"])
    assert api.get(url).json()["text"] == ""
    assert api.put(url, {"text": "Ask every parent alone."}, format="json").status_code == 200
    assert api.get(url).json()["text"] == "Ask every parent alone."
    assert api.get(reverse("api_pathway_plan", args=["nope"])).status_code == 404
