"""Read the stored quizzes and lessons (as editors have them now) into quality-check items."""

from modules.models import LessonPage

from . import quality
from .models import QuizPage


def _stream_question(block):
    value = block.value
    question = {"key": block.id, "type": block.block_type, "prompt": str(value.get("prompt", ""))}
    if block.block_type in ("single", "multiple"):
        question["options"] = list(value["options"])
    elif block.block_type == "true_false":
        question["answer"] = bool(value["answer"])
    elif block.block_type == "scenario":
        question["parts"] = [{"prompt": str(p["prompt"]), "options": list(p["options"])} for p in value["parts"]]
    return question


def _stream_block(block):
    return {"type": block.block_type, "value": block.value, "id": block.id}


def flagged_content():
    """Flagged items grouped by page, with the page to edit: [(page, [(item, flags)])], and totals."""
    groups, total, flagged = [], 0, 0
    pages = [
        (quiz, quality.quiz_items([_stream_question(b) for b in quiz.questions], quiz.title))
        for quiz in QuizPage.objects.order_by("path")
    ] + [
        (
            lesson,
            quality.lesson_items(
                [{"type": b.block_type, "value": b.value, "id": b.id} for b in lesson.body], lesson.title
            ),
        )
        for lesson in LessonPage.objects.order_by("path")
    ]
    for page, items in pages:
        total += len(items)
        results = quality.check_items(items)
        flagged += len(results)
        if results:
            groups.append((page, results))
    return {
        "groups": groups,
        "total": total,
        "flagged": flagged,
        "limit_percent": int(quality.MAX_FLAGGED_SHARE * 100),
    }
