"""The admin refuses questions a learner could not answer, with the message on the field concerned."""

import pytest
from wagtail.blocks import StructBlockValidationError

from quizzes.blocks import MatchingQuestion, OrderingQuestion, ScenarioPartBlock, SingleChoiceQuestion


def option(text, correct=False):
    return {"text": text, "correct": correct, "feedback": "Why."}


def errors_of(block, raw):
    with pytest.raises(StructBlockValidationError) as caught:
        block.clean(block.to_python(raw))
    return {name: " ".join(e.messages) for name, e in caught.value.block_errors.items()}


def test_a_question_with_no_right_answer_is_refused_on_its_options():
    raw = {"prompt": "Q?", "options": [option("a"), option("b")], "explanation": "E."}
    assert errors_of(SingleChoiceQuestion(), raw) == {"options": "Mark exactly one option as correct."}


def test_a_scenario_part_with_no_right_answer_is_refused():
    raw = {"prompt": "What next?", "multiple": False, "options": [option("a"), option("b")]}
    assert errors_of(ScenarioPartBlock(), raw) == {"options": "Mark exactly one option as correct."}
    raw["options"][0]["correct"] = True
    assert ScenarioPartBlock().clean(ScenarioPartBlock().to_python(raw))["prompt"] == "What next?"


def test_a_matching_question_with_one_pair_is_refused_on_its_pairs():
    raw = {"prompt": "Match", "pairs": [{"left": "Dad's pattern", "right": "Component 1"}], "explanation": "E."}
    assert "at least three pairs" in errors_of(MatchingQuestion(), raw)["pairs"]


def test_a_matching_question_whose_answers_are_all_the_same_is_refused():
    pairs = [{"left": f"Item {n}", "right": "Same"} for n in range(3)]
    raw = {"prompt": "Match", "pairs": pairs, "explanation": "E."}
    assert "two different" in errors_of(MatchingQuestion(), raw)["pairs"]


def test_an_ordering_question_with_one_item_is_refused_on_its_items():
    raw = {"prompt": "Order", "items": ["Only one"], "explanation": "E."}
    assert errors_of(OrderingQuestion(), raw) == {"items": "Give at least three items to put in order."}


def test_an_ordering_question_with_repeated_items_is_refused():
    raw = {"prompt": "Order", "items": ["A", "B", "a"], "explanation": "E."}
    assert errors_of(OrderingQuestion(), raw) == {"items": "Each item must be different."}


def test_good_questions_pass():
    ordering = {"prompt": "Order", "items": ["A", "B", "C"], "explanation": "E."}
    assert list(OrderingQuestion().clean(OrderingQuestion().to_python(ordering))["items"]) == ["A", "B", "C"]
    pairs = [{"left": "L1", "right": "R1"}, {"left": "L2", "right": "R2"}, {"left": "L3", "right": "R1"}]
    matching = {"prompt": "Match", "pairs": pairs, "explanation": "E."}
    assert len(MatchingQuestion().clean(MatchingQuestion().to_python(matching))["pairs"]) == 3
