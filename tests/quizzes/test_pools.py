"""Quiz pools: big enough that a retake is mostly new, and each attempt drawn evenly across lessons."""

import math
import random
from collections import Counter
from pathlib import Path

import pytest
import yaml

from quizzes.scoring import draw_balanced

ROOT = Path(__file__).resolve().parents[2]
QUIZ_FILES = sorted((ROOT / "quizzes/content/quizzes").glob("*.yaml"))


def test_draw_balanced_never_repeats_and_spreads_across_lessons():
    lesson_of = {f"q{n}": f"lesson-{n % 4}" for n in range(16)}
    for seed in range(200):
        drawn = draw_balanced(lesson_of, 6, random.Random(seed))
        assert len(drawn) == 6 == len(set(drawn))
        per_lesson = Counter(lesson_of[key] for key in drawn)
        assert len(per_lesson) == 4 and max(per_lesson.values()) - min(per_lesson.values()) <= 1


def test_draw_balanced_uses_up_small_lessons_then_fills_from_the_rest():
    lesson_of = {"a1": "a", "b1": "b", "b2": "b", "b3": "b", "b4": "b", "x": ""}
    drawn = draw_balanced(lesson_of, 5, random.Random(3))
    assert len(set(drawn)) == 5 and "a1" in drawn and "x" in drawn
    assert sorted(draw_balanced({"a": "l", "b": "l"}, 5, random.Random(1))) == ["a", "b"]
    assert draw_balanced({}, 3, random.Random(1)) == []


def test_draw_balanced_is_random_within_a_lesson():
    lesson_of = {f"q{n}": "one" for n in range(10)}
    draws = {tuple(sorted(draw_balanced(lesson_of, 3, random.Random(seed)))) for seed in range(50)}
    assert len(draws) > 20


def quizzes():
    for path in QUIZ_FILES:
        quiz = yaml.safe_load(path.read_text())
        module = yaml.safe_load((ROOT / "modules/content/modules" / path.name).read_text())
        yield path.stem, quiz, [lesson["slug"] for lesson in module["lessons"]]


@pytest.mark.parametrize("name,quiz,lessons", list(quizzes()), ids=[p.stem for p in QUIZ_FILES])
def test_pool_is_at_least_two_and_a_half_times_an_attempt(name, quiz, lessons):
    assert len(quiz["questions"]) >= math.ceil(2.5 * quiz["questions_per_attempt"])


@pytest.mark.parametrize("name,quiz,lessons", list(quizzes()), ids=[p.stem for p in QUIZ_FILES])
def test_every_question_tests_a_lesson_of_its_module_and_every_lesson_is_tested(name, quiz, lessons):
    tags = Counter(q.get("lesson") for q in quiz["questions"])
    assert set(tags) <= set(lessons), f"unknown lessons: {set(tags) - set(lessons)}"
    assert all(tags[lesson] >= 2 for lesson in lessons), tags


@pytest.mark.parametrize("name,quiz,lessons", list(quizzes()), ids=[p.stem for p in QUIZ_FILES])
def test_a_retake_is_mostly_new_questions(name, quiz, lessons):
    lesson_of = {q["key"]: q["lesson"] for q in quiz["questions"]}
    count = quiz["questions_per_attempt"]
    rng = random.Random(7)
    overlap = [
        len(set(draw_balanced(lesson_of, count, rng)) & set(draw_balanced(lesson_of, count, rng))) for _ in range(300)
    ]
    assert sum(overlap) / len(overlap) < count / 2
