"""Load the self-assessment framework (and, as they arrive, quizzes) from quizzes/content/.

Idempotent. A framework already loaded is left as editors have it unless `update=True`; rounds keep
their own snapshots, so updating a framework never changes a past result.
"""

import json
import uuid
from pathlib import Path

import yaml
from django.db import transaction

from .continuum_levels import GATE_LEVELS, SETTINGS, Kind
from .models import Domain, Framework, Statement

CONTENT_DIR = Path(__file__).resolve().parent / "content"


def clean(text):
    return " ".join((text or "").split())


@transaction.atomic
def load_framework(path=CONTENT_DIR / "framework.yaml", update=False):
    """Returns (framework, created_or_updated)."""
    if not Path(path).exists():
        return None, False
    data = yaml.safe_load(Path(path).read_text())
    framework, created = Framework.objects.get_or_create(
        name=data["name"], version=data["version"], defaults={"is_active": True}
    )
    if not created and not update:
        return framework, False
    validate(data)
    framework.partly_per_gate = int((data.get("rule") or {}).get("partly_per_gate", 1))
    framework.is_active = True
    framework.save(update_fields=["partly_per_gate", "is_active"])
    Domain.objects.filter(framework=framework).delete()
    for order, item in enumerate(data["domains"]):
        domain = Domain.objects.create(
            framework=framework,
            key=item["key"],
            title=item["title"],
            description=clean(item.get("description")),
            sort_order=order,
        )
        for n, statement in enumerate(item["statements"]):
            Statement.objects.create(
                domain=domain,
                key=statement["key"],
                kind=statement["kind"],
                level=statement.get("level") or "",
                text=clean(statement["text"]),
                evidence=clean(statement.get("evidence")),
                basis=clean(statement.get("basis")),
                settings=list(statement.get("settings") or []),
                essential=bool(statement.get("essential")),
                variants={k: clean(v) for k, v in (statement.get("variants") or {}).items()},
                sort_order=n,
            )
    Framework.objects.exclude(pk=framework.pk).update(is_active=False)
    return framework, True


def validate(data):
    keys = set()
    gate_keys = {level.key for level in GATE_LEVELS}
    for domain in data["domains"]:
        for statement in domain["statements"]:
            if statement["key"] in keys:
                raise ValueError(f"duplicate statement key {statement['key']}")
            keys.add(statement["key"])
            if statement["kind"] == Kind.GATE and statement.get("level") not in gate_keys:
                raise ValueError(f"{statement['key']}: a gate statement needs a level")
            if statement["kind"] not in (Kind.GATE, Kind.DESTRUCTIVE):
                raise ValueError(f"{statement['key']}: unknown kind")
            if not clean(statement.get("basis")):
                raise ValueError(f"{statement['key']}: say which level definition it tests (basis)")
            settings = statement.get("settings") or []
            if not settings or set(settings) - {"all", *SETTINGS}:
                raise ValueError(f"{statement['key']}: settings must be 'all' or from {', '.join(SETTINGS)}")
            if set(statement.get("variants") or {}) - set(SETTINGS):
                raise ValueError(f"{statement['key']}: a wording variant must name one setting")


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

    from .models import QuizIndexPage, QuizPage

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
def load_survey(path=CONTENT_DIR / "survey.yaml", update=False):
    from .models import Survey, SurveyItem

    if not Path(path).exists():
        return None
    data = yaml.safe_load(Path(path).read_text())
    survey = Survey.objects.filter(title=data["title"]).first()
    if survey is not None and not update:
        return survey
    survey = survey or Survey(title=data["title"])
    survey.scale = data["scale"]
    survey.save()
    SurveyItem.objects.filter(survey=survey).delete()
    for n, item in enumerate(data["items"]):
        SurveyItem.objects.create(
            survey=survey, key=item["key"], kind=item["kind"], text=clean(item["text"]), sort_order=n
        )
    return survey
