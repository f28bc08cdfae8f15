import itertools
import random

import pytest

from quizzes.scoring import draw, mark_attempt, mark_matching, mark_multiple, mark_ordering, mark_question, mark_single


@pytest.mark.parametrize(("correct", "chosen", "marks"), [(0, 0, 1.0), (0, 1, 0.0), (2, "2", 1.0), (1, None, 0.0)])
def test_single(correct, chosen, marks):
    assert mark_single(correct, chosen) == marks


@pytest.mark.parametrize(
    ("correct", "chosen", "marks"),
    [
        ([0, 2], [0, 2], 1.0),
        ([0, 2], [0], 0.5),
        ([0, 2], [0, 1], 0.0),  # one right, one wrong
        ([0, 2], [0, 1, 2], 0.5),
        ([0, 2], [0, 1, 2, 3], 0.0),  # choosing everything gains nothing
        ([0, 2], [1, 3], 0.0),  # never below zero
        ([0, 2], [], 0.0),
        ([1], [1], 1.0),
        ([], [0], 0.0),
    ],
)
def test_multiple_partial_credit(correct, chosen, marks):
    assert mark_multiple(correct, chosen) == marks


def test_multiple_is_never_negative_and_never_above_one():
    for chosen in itertools.chain.from_iterable(itertools.combinations(range(5), n) for n in range(6)):
        assert 0.0 <= mark_multiple([1, 3], list(chosen)) <= 1.0


@pytest.mark.parametrize(
    ("positions", "marks"),
    [({0: 0, 1: 1, 2: 2, 3: 3, 4: 4}, 1.0), ({0: 1, 1: 0, 2: 2, 3: 3, 4: 4}, 0.6), ({}, 0.0), ({"0": "0"}, 0.2)],
)
def test_ordering(positions, marks):
    assert mark_ordering(5, positions) == pytest.approx(marks)


@pytest.mark.parametrize(
    ("given", "marks"), [({0: 1, 1: 0, 2: 1}, 1.0), ({0: 1, 1: 1, 2: 1}, 2 / 3), ({"0": "0"}, 0.0), ({9: 1}, 0.0)]
)
def test_matching(given, marks):
    assert mark_matching([1, 0, 1], given) == pytest.approx(marks)


def test_scenario_is_the_mean_of_its_parts():
    question = {
        "key": "s",
        "type": "scenario",
        "parts": [{"type": "single", "correct": [1]}, {"type": "multiple", "correct": [0, 1]}],
    }
    assert mark_question(question, {"0": 1, "1": [0]}) == pytest.approx(0.75)
    assert mark_question(question, {}) == 0.0
    assert mark_question(question, None) == 0.0


def test_true_false_and_unknown_type():
    assert mark_question({"type": "true_false", "correct": [1]}, 1) == 1.0
    with pytest.raises(ValueError):
        mark_question({"type": "essay"}, "x")


def test_attempt_result_and_pass_mark():
    questions = [
        {"key": "a", "type": "single", "correct": [0]},
        {"key": "b", "type": "multiple", "correct": [0, 1]},
        {"key": "c", "type": "ordering", "items": ["x", "y"]},
        {"key": "d", "type": "matching", "answer_key": [0, 1]},
    ]
    answers = {"a": 0, "b": [0], "c": {0: 0, 1: 1}}
    result = mark_attempt(questions, answers, pass_mark=70)
    assert result.marks == 2.5 and result.out_of == 4 and result.percent == 62.5 and not result.passed
    assert mark_attempt(questions, {**answers, "d": {0: 0, 1: 1}}, 70).passed
    assert mark_attempt([], {}, 70).percent == 0.0


def test_draw_never_repeats():
    pool = [f"q{n}" for n in range(12)]
    for seed in range(200):
        drawn = draw(pool, 6, random.Random(seed))
        assert len(drawn) == 6 == len(set(drawn)) and set(drawn) <= set(pool)
    assert sorted(draw(["a", "b", "a"], 5, random.Random(1))) == ["a", "b"]
