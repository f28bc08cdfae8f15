"""In-lesson checks and scenarios show their options in a per-learner order that stays put."""

import re

import pytest

from modules.option_order import option_order

FLAGS = [False, False, False, True]


def test_the_order_is_a_permutation_and_stable():
    for user_id in (None, 1, 2, 99):
        order = option_order(FLAGS, "block-a", user_id)
        assert sorted(order) == [0, 1, 2, 3]
        assert order == option_order(FLAGS, "block-a", user_id)


def test_learners_and_blocks_get_different_orders():
    orders = {tuple(option_order(FLAGS, "block-a", user_id)) for user_id in range(1, 30)}
    assert len(orders) > 5
    blocks = {tuple(option_order(FLAGS, f"block-{n}", 1)) for n in range(30)}
    assert len(blocks) > 5


def test_signed_out_the_single_right_answer_is_never_last():
    for n in range(200):
        for flags in ([True, False, False], [False, False, False, True], [False, True]):
            order = option_order(flags, f"block-{n}")
            assert flags[order[-1]] is False


def test_signed_in_the_right_answer_lands_in_every_place():
    places = {option_order(FLAGS, "block-a", user_id).index(3) for user_id in range(1, 200)}
    assert places == {0, 1, 2, 3}


def test_short_lists():
    assert option_order([], "b") == []
    assert option_order([True], "b", 4) == [0]


def rendered_order(html, block_id):
    return [int(n) for n in re.findall(rf'name="choice-{block_id}" value="(\d+)"', html)]


@pytest.mark.django_db
def test_lesson_page_shows_each_learners_order(client, people, curriculum, site_pages):
    from modules.models import LessonPage

    lesson = next(p for p in LessonPage.objects.live() if any(b.block_type == "check_understanding" for b in p.body))
    block = next(b for b in lesson.body if b.block_type == "check_understanding")
    flags = [bool(o["correct"]) for o in block.value["options"]]
    anonymous = rendered_order(client.get(lesson.url).content.decode(), block.id)
    assert anonymous == option_order(flags, block.id)
    from quizzes.knowledge.measure import skip_before

    skip_before(people["learner"])  # a first lesson would otherwise ask for the "before" ratings
    client.force_login(people["learner"])
    first = rendered_order(client.get(lesson.url).content.decode(), block.id)
    assert first == option_order(flags, block.id, people["learner"].pk)
    assert first == rendered_order(client.get(lesson.url).content.decode(), block.id)
    # The learner's pick still refers to the original option, so its own feedback shows.
    right = flags.index(True)
    html = client.get(f"{lesson.url}?choice-{block.id}={right}").content.decode()
    assert f'value="{right}" checked' in html
