"""Knowledge-quiz marking, as pure functions over plain data. No ORM.

Every question is worth 1 mark:
- single choice and true/false: 1 if the chosen option is the correct one, else 0;
- multiple response (the partial-credit rule): (correct options chosen - wrong options chosen)
  / correct options, never below 0. Choosing everything therefore scores no better than guessing;
- ordering: the share of items placed in their correct position;
- matching: the share of left-hand items matched to their correct right-hand item;
- scenario: the mean of its parts' marks (each part is single or multiple choice).
An unanswered question scores 0. The percentage is marks / questions * 100, rounded to 1 place.
"""

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


def mark_single(correct_index: int, chosen: int | str | None) -> float:
    return 1.0 if chosen is not None and int(chosen) == int(correct_index) else 0.0


def mark_multiple(correct_indexes: Sequence[int], chosen: Sequence[int] | None) -> float:
    correct = {int(i) for i in correct_indexes}
    picked = {int(i) for i in (chosen or [])}
    if not correct:
        return 0.0
    return max(0.0, (len(picked & correct) - len(picked - correct)) / len(correct))


def mark_ordering(item_count: int, positions: Mapping[Any, int | str] | None) -> float:
    """positions: {item_index: position_given (0-based)}; item i belongs at position i."""
    if not item_count or not positions:
        return 0.0
    right = sum(1 for item, position in positions.items() if int(item) == int(position))
    return right / item_count


def mark_matching(answers_key: Sequence[int], given: Mapping[Any, int | str] | None) -> float:
    """answers_key[i] is the right-hand index that left item i matches; given maps left index to choice."""
    if not answers_key or not given:
        return 0.0
    right = sum(
        1 for left, choice in given.items() if int(left) < len(answers_key) and int(choice) == answers_key[int(left)]
    )
    return right / len(answers_key)


def mark_question(question: Mapping[str, Any], answer: Any) -> float:
    """Mark one question (a snapshot dict, see quizzes.knowledge.snapshot) against one answer."""
    kind = question["type"]
    if answer in (None, "", [], {}):
        return 0.0
    if kind in ("single", "true_false"):
        return mark_single(question["correct"][0], answer)
    if kind == "multiple":
        return mark_multiple(question["correct"], answer)
    if kind == "ordering":
        return mark_ordering(len(question["items"]), answer)
    if kind == "matching":
        return mark_matching(question["answer_key"], answer)
    if kind == "scenario":
        parts = question["parts"]
        given = answer if isinstance(answer, Mapping) else {}
        return sum(mark_question(part, given.get(str(n))) for n, part in enumerate(parts)) / len(parts)
    raise ValueError(f"unknown question type {kind!r}")


@dataclass(frozen=True)
class Result:
    marks: float
    out_of: int
    percent: float
    passed: bool
    per_question: dict[str, float]


def mark_attempt(questions: Sequence[Mapping[str, Any]], answers: Mapping[str, Any], pass_mark: float) -> Result:
    per_question = {q["key"]: mark_question(q, answers.get(q["key"])) for q in questions}
    marks = sum(per_question.values())
    percent = round(100 * marks / len(questions), 1) if questions else 0.0
    return Result(round(marks, 3), len(questions), percent, percent >= pass_mark, per_question)


def draw(pool_keys: Sequence[str], count: int, rng: random.Random) -> list[str]:
    """Draw `count` questions from the pool without repeats (all of them if the pool is smaller)."""
    keys = list(dict.fromkeys(pool_keys))
    return rng.sample(keys, min(count, len(keys)))


def draw_balanced(lesson_of: Mapping[str, str | None], count: int, rng: random.Random) -> list[str]:
    """Draw `count` questions without repeats, spread evenly across lessons.

    `lesson_of` maps each question key to its lesson ("" when untagged, which counts as one more
    group). Lessons take turns in a shuffled order, each giving a random question not yet drawn,
    so no lesson gives two more than another while it still has questions left.
    """
    groups: dict[str, list[str]] = {}
    for key, lesson in lesson_of.items():
        groups.setdefault(lesson or "", []).append(key)
    for keys in groups.values():
        rng.shuffle(keys)
    order = sorted(groups)
    rng.shuffle(order)
    drawn: list[str] = []
    while len(drawn) < count and any(groups.values()):
        for lesson in order:
            if groups[lesson] and len(drawn) < count:
                drawn.append(groups[lesson].pop())
    return drawn
