"""Lesson content notes: the terms, the loader's rule, and a walk over every loaded lesson."""

import shutil

import pytest
import yaml

from modules.content_notes import STANDARD_NOTE, distressing_terms, needs_note, note_for, plain_text
from modules.loader import CONTENT_DIR, load_curriculum
from modules.models import LessonPage


@pytest.mark.parametrize(
    "text, expected",
    [
        ("He strangled her while the children were upstairs.", ["strangl"]),
        ("She had injuries to her arms; the injury was old.", ["injur"]),
        ("Staff used restraint on the young person.", ["restrain"]),
        ("A history of sexual abuse and an assault.", ["sexual abuse", "assault"]),
        ("He threatened to kill her and to take his own life; suicide was mentioned.", ["kill", "suicid"]),
        ("Physical VIOLENCE against the mother.", ["violence"]),
    ],
)
def test_distressing_terms_are_found(text, expected):
    assert distressing_terms(text) == expected
    assert needs_note(text)


@pytest.mark.parametrize(
    "text",
    [
        "Partnering with the non-offending parent is the default position.",
        "A domestic violence-informed continuum of practice.",
        "Practitioners build skills in recording.",  # 'skills' is not 'kill'
        "",
    ],
)
def test_ordinary_text_needs_no_note(text):
    assert not needs_note(text)


def test_note_for_prefers_the_lessons_own_note():
    assert note_for("He punched the wall.", "  This lesson describes  a punch.  ") == "This lesson describes a punch."
    assert note_for("He punched the wall.", "") == STANDARD_NOTE
    assert note_for("A calm lesson about recording.", "") == ""
    assert note_for("A calm lesson.", "An editor's note anyway.") == "An editor's note anyway."


def test_plain_text_reads_nested_stream_data():
    raw = [{"type": "scenario", "id": "x", "value": {"title": "T", "vignette": "<p>He <b>hit</b> her.</p>"}}]
    assert "He hit her." in plain_text(raw)
    assert "scenario" not in plain_text(raw)


@pytest.mark.django_db
def test_every_loaded_lesson_that_describes_distressing_material_has_a_note(curriculum):
    lessons = list(LessonPage.objects.all())
    assert len(lessons) > 20

    def text(lesson):
        return plain_text([lesson.title, lesson.summary, list(lesson.body.raw_data)])

    missing = [lesson.slug for lesson in lessons if needs_note(text(lesson)) and not lesson.content_note]
    assert missing == []
    assert any(lesson.content_note for lesson in lessons)


@pytest.mark.django_db
def test_the_loader_reads_a_lessons_own_content_note(curriculum, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    path = content / "modules" / "02-three-principles.yaml"
    data = yaml.safe_load(path.read_text())
    data["lessons"][0]["content_note"] = "This lesson mentions a fictional family and what he did to them."
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    load_curriculum(content)
    lesson = LessonPage.objects.get(slug=data["lessons"][0]["slug"])
    assert lesson.content_note == "This lesson mentions a fictional family and what he did to them."


@pytest.mark.django_db
def test_a_lesson_shows_its_own_note_at_the_top_with_support_one_click_away(client, curriculum, site_pages):
    lesson = next(lesson for lesson in LessonPage.objects.live() if lesson.content_note)
    html = client.get(lesson.url).content.decode()
    note_at = html.index('aria-labelledby="content-note-label"')
    assert note_at < html.index('class="block ')
    assert lesson.content_note in html
    assert 'href="#signposting-heading"' in html[note_at:]
    assert 'id="signposting-heading"' in html


@pytest.mark.django_db
def test_a_lesson_without_a_note_shows_none(client, curriculum, site_pages):
    lesson = next(lesson for lesson in LessonPage.objects.live() if not lesson.content_note)
    html = client.get(lesson.url).content.decode()
    assert "content-note-label" not in html
