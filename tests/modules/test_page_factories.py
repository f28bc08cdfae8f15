"""The page factories build real, published pages that the site serves (no curriculum needed)."""

import pytest

from tests.page_factories import LessonPageFactory, build_module, module_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(site_pages):
    return module_index(site_pages)


def test_a_module_with_lessons_and_a_quiz_spread_over_them(index):
    module, lessons, quiz = build_module(index, lessons=3, questions=9)
    assert [lesson.get_parent().specific for lesson in lessons] == [module] * 3
    assert quiz.get_parent().pk == module.pk and quiz.live
    tagged = [block.value["lesson"] for block in quiz.questions]
    assert sorted(tagged) == sorted([lesson.slug for lesson in lessons] * 3)
    for block in quiz.questions:
        assert sum(option["correct"] for option in block.value["options"]) == 1
    body = [block.block_type for block in lessons[0].body]
    assert body == ["heading", "text", "check_understanding"]
    check = lessons[0].body[2].value
    assert [option["correct"] for option in check["options"]] == [True, False, False]


def test_the_pages_are_served(client, index):
    module, lessons, quiz = build_module(index, lessons=2, questions=4)
    lesson_page = client.get(lessons[1].url)
    assert lesson_page.status_code == 200
    assert "Lesson 2 of" in lesson_page.content.decode()
    assert client.get(module.url).status_code == 200


def test_a_lesson_body_of_ones_own(index):
    module, _lessons, _quiz = build_module(index, lessons=1, questions=1)
    lesson = LessonPageFactory(parent=module, body__0__heading__value="Only a heading")
    assert [(b.block_type, b.value) for b in lesson.body] == [("heading", "Only a heading")]
