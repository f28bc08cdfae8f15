"""Load the quizzes (quizzes/content/quizzes/) and the before-and-after measure (measure.yaml).

Idempotent: what editors changed is left alone unless `update=True`.
"""

import json
import uuid
from pathlib import Path

import yaml
from django.db import transaction

from ..content_files import CONTENT_DIR, clean

QUESTION_NAMESPACE = uuid.UUID("0b7e4c9a-6a55-4f8e-9a1e-3f2d6c1b8a77")


def _id(*parts):
    return str(uuid.uuid5(QUESTION_NAMESPACE, ":".join(parts)))


def _option_items(options, prefix):
    return [
        {
            "type": "item",
            "id": _id(prefix, "option", str(n)),
            "value": {"text": o["text"], "correct": bool(o.get("correct")), "feedback": o.get("feedback", "")},
        }
        for n, o in enumerate(options)
    ]


def raw_question(question):
    """A content-file question as Wagtail's stored StreamField data. Its id comes from its key."""
    from modules.loader import md

    kind, key = question["type"], question["key"]
    base = {
        "prompt": question["prompt"],
        "lesson": question.get("lesson", ""),
        "explanation": question.get("explanation", ""),
    }
    if kind in ("single", "multiple"):
        value = {**base, "options": _option_items(question["options"], key)}
    elif kind == "true_false":
        value = {
            **base,
            "answer": bool(question["answer"]),
            "feedback_true": question["feedback_true"],
            "feedback_false": question["feedback_false"],
        }
    elif kind == "scenario":
        value = {
            **base,
            "vignette": md(question["vignette"]),
            "parts": [
                {
                    "type": "item",
                    "id": _id(key, "part", str(n)),
                    "value": {
                        "prompt": part["prompt"],
                        "multiple": part.get("type") == "multiple",
                        "options": _option_items(part["options"], f"{key}:{n}"),
                    },
                }
                for n, part in enumerate(question["parts"])
            ],
        }
    elif kind == "ordering":
        value = {
            **base,
            "items": [
                {"type": "item", "id": _id(key, "item", str(n)), "value": item}
                for n, item in enumerate(question["items"])
            ],
        }
    elif kind == "matching":
        value = {
            **base,
            "pairs": [
                {"type": "item", "id": _id(key, "pair", str(n)), "value": pair}
                for n, pair in enumerate(question["pairs"])
            ],
        }
    else:
        raise ValueError(f"{key}: unknown question type {kind!r}")
    return {"type": kind, "value": value, "id": _id(key)}


@transaction.atomic
def load_quizzes(content_dir=CONTENT_DIR / "quizzes", update=False):
    from modules.loader import LoadReport, content_hash, publish, upsert_page
    from modules.models import ModulePage
    from s2t_learn.models import HomePage

    from ..models import QuizIndexPage, QuizPage

    report = LoadReport()
    home = HomePage.objects.first()
    if home is not None and not QuizIndexPage.objects.exists():
        index = QuizIndexPage(
            title="Check your knowledge",
            slug="check-your-knowledge",
            intro="<p>A short quiz for each module, with an explanation for every answer. Anyone can try "
            "them; sign in to keep your scores and earn a certificate.</p>",
        )
        home.add_child(instance=index)
        publish(index)
    for path in sorted(Path(content_dir).glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        module = ModulePage.objects.filter(slug=data["module"]).first()
        if module is None:
            continue
        fields = {
            "title": data["title"],
            "pass_mark": int(data.get("pass_mark", 70)),
            "questions_per_attempt": int(data.get("questions_per_attempt", 6)),
            "questions": json.dumps([raw_question(q) for q in data["questions"]]),
        }
        upsert_page(module, QuizPage, "quiz", fields, content_hash(fields), update, report)
    return report


@transaction.atomic
def load_measure(path=CONTENT_DIR / "measure.yaml", update=False):
    from ..models import Measure, MeasureItem

    if not Path(path).exists():
        return None
    data = yaml.safe_load(Path(path).read_text())
    measure = Measure.objects.filter(title=data["title"]).first()
    if measure is not None and not update:
        return measure
    measure = measure or Measure(title=data["title"])
    measure.scale = data["scale"]
    measure.save()
    MeasureItem.objects.filter(measure=measure).delete()
    for n, item in enumerate(data["items"]):
        MeasureItem.objects.create(
            measure=measure, key=item["key"], kind=item["kind"], text=clean(item["text"]), sort_order=n
        )
    return measure
