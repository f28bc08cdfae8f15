"""The question-quality check: its rules, and the content's share of flagged items."""

from pathlib import Path

import pytest
import yaml
from django.urls import reverse

from quizzes import quality

ROOT = Path(__file__).resolve().parents[2]


def opt(text, correct=False):
    return {"text": text, "correct": correct}


def codes(item):
    return [flag.code for flag in quality.check_item(item)]


def single(*options):
    return {"ref": "x", "where": "t", "kind": "single", "prompt": "Q?", "options": list(options)}


def test_a_clean_item_has_no_flags():
    assert codes(single(opt("Name the abuser", True), opt("Name the couple"), opt("Name the house"))) == []


def test_keyed_longest_by_more_than_30_percent():
    assert "keyed_longest" in codes(single(opt("a" * 14, True), opt("b" * 10), opt("c" * 10)))
    assert "keyed_longest" not in codes(single(opt("a" * 13, True), opt("b" * 10), opt("c" * 10)))


def test_keyed_longest_needs_a_single_right_answer():
    item = single(opt("a" * 20, True), opt("b" * 20, True), opt("c" * 10))
    assert "keyed_longest" not in codes(item)


def test_uneven_lengths():
    assert "uneven" in codes(single(opt("a" * 26), opt("b" * 10, True), opt("c" * 12)))
    assert "uneven" not in codes(single(opt("a" * 25), opt("b" * 10, True), opt("c" * 12)))


def test_absolutes_in_wrong_options_only():
    assert "absolute" in codes(single(opt("He is always to blame", True), opt("She never calls")))
    assert "absolute" not in codes(single(opt("She never calls", True), opt("He calls her")))
    assert "absolute" in codes(single(opt("Only the police can act"), opt("Many roles can act", True)))
    assert "absolute" not in codes(single(opt("Not only the police act"), opt("Many roles can act", True)))


def test_absolutes_in_false_statements():
    false = {
        "ref": "x",
        "where": "t",
        "kind": "true_false",
        "prompt": "Abuse always stops at separation.",
        "answer": False,
    }
    true = {**false, "answer": True}
    assert codes(false) == ["absolute"]
    assert codes(true) == []


def test_all_or_none_of_the_above():
    assert "above" in codes(single(opt("All of the above", True), opt("Something"), opt("Something else")))
    assert "above" in codes(single(opt("None of the Above"), opt("Something", True), opt("Something else")))


def test_duplicate_options_ignore_case_and_punctuation():
    assert "duplicate" in codes(single(opt("Name him.", True), opt("name him"), opt("Something")))


def test_share():
    clean = single(opt("Name the abuser", True), opt("Name the couple"))
    dirty = single(opt("All of the above", True), opt("x"))
    assert quality.flagged_share([clean, clean, clean, dirty]) == 0.25
    assert quality.flagged_share([]) == 0.0


def test_items_from_quiz_and_lesson_shapes():
    questions = [
        {"key": "k1", "type": "single", "prompt": "P", "options": [opt("a", True), opt("b")]},
        {"key": "k2", "type": "true_false", "prompt": "P", "answer": False},
        {"key": "k3", "type": "scenario", "prompt": "P", "parts": [{"prompt": "P1", "options": [opt("a", True)]}]},
        {"key": "k4", "type": "ordering", "prompt": "P", "items": ["a", "b", "c"]},
    ]
    assert [i["ref"] for i in quality.quiz_items(questions, "q")] == ["k1", "k2", "k3 part 1"]
    body = [
        {"type": "text", "value": "x"},
        {"type": "check_understanding", "value": {"question": "Q", "options": [opt("a", True)]}},
        {"type": "scenario", "value": {"question": "Q", "options": [opt("a", True)]}, "id": "abc"},
    ]
    assert [i["ref"] for i in quality.lesson_items(body, "l")] == ["block 2", "abc"]


def content_items():
    items = []
    for path in sorted((ROOT / "quizzes/content/quizzes").glob("*.yaml")):
        items += quality.quiz_items(yaml.safe_load(path.read_text())["questions"], path.stem)
    for path in sorted((ROOT / "modules/content/modules").glob("*.yaml")):
        for lesson in yaml.safe_load(path.read_text())["lessons"]:
            items += quality.lesson_items(lesson["body"], f"{path.stem}/{lesson['slug']}")
    return items


def test_at_most_ten_percent_of_content_items_are_flagged():
    items = content_items()
    flagged = quality.check_items(items)
    listing = "\n".join(f"{i['where']} {i['ref']}: {[f.code for f in fl]}" for i, fl in flagged)
    assert len(items) > 100
    assert len(flagged) <= quality.MAX_FLAGGED_SHARE * len(items), f"{len(flagged)}/{len(items)} flagged:\n{listing}"


def test_no_content_item_uses_all_or_none_of_the_above_or_duplicates():
    bad = [
        (i["ref"], f.code)
        for i, fl in quality.check_items(content_items())
        for f in fl
        if f.code in ("above", "duplicate")
    ]
    assert bad == []


@pytest.mark.django_db
def test_editors_see_the_question_quality_report(client, people, curriculum, django_assert_max_num_queries):
    from modules.models import LessonPage

    lesson = LessonPage.objects.filter(body__icontains="check_understanding").first()
    body = [{"type": b.block_type, "value": b.block.get_prep_value(b.value), "id": b.id} for b in lesson.body]
    check = next(b for b in body if b["type"] == "check_understanding")
    check["value"]["options"][0]["value"]["text"] = "All of the above"
    lesson.body = body
    lesson.save()
    client.force_login(people["superuser"])
    client.get(reverse("question_quality_report"))  # warm the site settings cache and the session stamp
    with django_assert_max_num_queries(10):
        response = client.get(reverse("question_quality_report"))
    html = response.content.decode()
    assert response.status_code == 200
    assert lesson.title in html and "all of the above" in html.lower()
    client.force_login(people["learner"])
    assert client.get(reverse("question_quality_report")).status_code == 302
