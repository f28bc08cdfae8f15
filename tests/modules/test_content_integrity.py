"""The loaded course is complete, named correctly, in order, and accessible."""

import pytest

from modules.models import ContinuumLevelText, LessonPage, ModulePage, Pathway

# Some of these read the real modules, lessons and quizzes (the opt-in curriculum).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("curriculum")]

PRINCIPLES = [
    "Keeping the child safe and together with the non-offending parent",
    "Partnering with the non-offending parent as the default position",
    "Intervening with the perpetrator to reduce risk and harm to the child",
]
COMPONENTS = [
    "pattern of coercive control",
    "actions taken by the perpetrator to harm the child",
    "non-offending parent's efforts",
    "adverse impact of the perpetrator's behaviour on the child",
    "substance use, mental health, culture and other socio-economic factors",
]


def lessons_of(slug):
    module = ModulePage.objects.get(slug=slug)
    return list(LessonPage.objects.child_of(module).live().order_by("path"))


def all_blocks():
    for lesson in LessonPage.objects.live():
        for block in lesson.body:
            yield lesson, block


def test_every_module_is_complete(curriculum):
    modules = ModulePage.objects.live().child_of(curriculum)
    assert modules.count() >= 3
    for module in modules:
        assert len(module.learning_outcomes) >= 3, module.title
        assert module.estimated_minutes > 0, module.title
        assert module.last_reviewed, module.title
        lessons = lessons_of(module.slug)
        assert len(lessons) >= 3, module.title
        kinds = {block.block_type for lesson in lessons for block in lesson.body}
        assert {"scenario", "check_understanding"} <= kinds, module.title


def test_core_modules_come_first_in_order(curriculum):
    slugs = list(ModulePage.objects.live().child_of(curriculum).order_by("path").values_list("slug", flat=True))
    assert slugs[:3] == ["why-it-matters", "three-principles", "five-critical-components"]


def test_three_principles_named_and_in_order():
    titles = [lesson.title for lesson in lessons_of("three-principles") if lesson.title.startswith("Principle")]
    assert len(titles) == 3
    for number, (title, name) in enumerate(zip(titles, PRINCIPLES, strict=True), start=1):
        assert title == f"Principle {number}: {name}"


def test_five_critical_components_named_and_in_order():
    titles = [lesson.title for lesson in lessons_of("five-critical-components") if lesson.title.startswith("Component")]
    assert len(titles) == 5
    for number, (title, phrase) in enumerate(zip(titles, COMPONENTS, strict=True), start=1):
        assert title.startswith(f"Component {number}:") and phrase in title, title


def test_continuum_levels_named_and_in_order():
    assert list(ContinuumLevelText.objects.order_by("number").values_list("name", flat=True)) == [
        "Destructive",
        "Neglectful",
        "Pre-Competent",
        "Competent",
        "Proficient",
    ]
    assert all("David Mandel" in level.credit for level in ContinuumLevelText.objects.all())


def test_images_have_alt_text_and_videos_transcripts():
    for lesson, block in all_blocks():
        if block.block_type == "image":
            assert block.value["alt_text"].strip(), lesson.title
        if block.block_type == "video":
            assert block.value["transcript"].source.strip(), lesson.title


def test_interactive_blocks_are_well_formed():
    for lesson, block in all_blocks():
        if block.block_type == "check_understanding":
            assert sum(1 for option in block.value["options"] if option["correct"]) == 1, lesson.title
        if block.block_type in {"scenario", "check_understanding"}:
            assert all(option["feedback"].strip() for option in block.value["options"]), lesson.title
        if block.block_type == "reframing":
            assert block.value["harmful"].strip() and block.value["model_answer"].strip(), lesson.title


def test_every_sector_has_a_pathway():
    from s2t_learn.models import Sector

    covered = {sector for pathway in Pathway.objects.all() for sector in pathway.sectors}
    assert set(Sector.values) <= covered
    for pathway in Pathway.objects.all():
        assert pathway.pathway_modules.count() >= 3


def test_links_between_lessons_reach_a_live_lesson(client, curriculum, site_pages):
    import json
    import re

    links = set()
    for lesson in LessonPage.objects.live():
        links |= set(re.findall(r'href=\\?"(/modules/[^"\\]+)', json.dumps(list(lesson.body.raw_data))))
    assert "/modules/practice-skills/power-privilege-and-culture/" in links
    for link in sorted(links):
        response = client.get(link)
        assert response.status_code == 200, link
        assert isinstance(response.context["page"].specific, LessonPage), link
