"""Reads for knowledge quizzes. A learner's attempts and certificates are only ever theirs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypedDict

from modules.models import ModulePage, Pathway
from s2t_learn.errors import NotFound

from ..models import Attempt, Certificate
from . import answers as answer_rules

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet

    from s2t_learn.models import User

    from ..models import QuizPage


class BadgeClass(TypedDict):
    name: str
    description: str
    kind: str  # "module" or "pathway"
    path: str


def attempt_for(user: User | AnonymousUser, attempt_id: int) -> Attempt:
    if not user.is_authenticated:
        raise NotFound
    attempt = Attempt.objects.select_related("quiz").filter(pk=attempt_id, user=user).first()
    if attempt is None:
        raise NotFound
    return attempt


def _public_question(q: Mapping[str, Any]) -> dict[str, Any]:
    """A question as the learner sees it: no correct answers, no feedback, in display order."""
    out: dict[str, Any] = {"key": q["key"], "type": q["type"], "prompt": q["prompt"]}
    if "options" in q:
        order = q.get("display", list(range(len(q["options"]))))
        out["options"] = [{"index": i, "text": q["options"][i]["text"]} for i in order]
    if q["type"] == "scenario":
        out["vignette"] = q["vignette"]
        out["parts"] = [
            {
                "type": p["type"],
                "prompt": p["prompt"],
                "options": [
                    {"index": i, "text": p["options"][i]["text"]} for i in p.get("display", range(len(p["options"])))
                ],
            }
            for p in q["parts"]
        ]
    if q["type"] == "ordering":
        tokens = answer_rules.item_tokens(q)
        # Each item by its opaque per-attempt token: its index would be its right position.
        out["items"] = [{"token": tokens[i], "text": q["items"][i]} for i in q["display"]]
    if q["type"] == "matching":
        out["lefts"] = [{"index": i, "text": q["lefts"][i]} for i in q["display"]]
        out["rights"] = [{"index": i, "text": r} for i, r in enumerate(q["rights"])]
    return out


def learner_view(attempt: Attempt) -> dict[str, Any]:
    """An attempt as its learner's client sees it: the questions without answers, what was saved, the flags."""
    responses = list(attempt.responses.all())
    questions = {q["key"]: q for q in attempt.snapshot}
    return {
        "id": attempt.pk,
        "quiz": attempt.quiz_id,
        "started_at": attempt.started_at,
        "submitted_at": attempt.submitted_at,
        "questions": [_public_question(q) for q in attempt.snapshot],
        "answers": {
            r.question_key: answer_rules.public_answer(questions.get(r.question_key, {}), r.answer)
            for r in responses
            if r.answer is not None
        },
        "flagged": [r.question_key for r in responses if r.flagged],
    }


def result_view(attempt: Attempt) -> dict[str, Any]:
    """A submitted attempt's result: the marks and each question with the right answer and the learner's."""
    from .. import scoring

    given = dict(attempt.responses.values_list("question_key", "answer"))
    return {
        "id": attempt.pk,
        "percent": attempt.percent,
        "marks": attempt.marks,
        "passed": attempt.passed,
        "pass_mark": attempt.pass_mark,
        "review": [
            {**q, "your_answer": given.get(q["key"]), "mark": scoring.mark_question(q, given.get(q["key"]))}
            for q in attempt.snapshot
        ],
    }


def submitted_attempt_for(user: User | AnonymousUser, attempt_id: int) -> Attempt:
    """The learner's attempt, once submitted: Conflict before (there is no result yet)."""
    from s2t_learn.errors import Conflict

    attempt = attempt_for(user, attempt_id)
    if not attempt.is_submitted:
        raise Conflict("Submit the attempt to see its results.")
    return attempt


def open_attempt(user: User, quiz: QuizPage) -> Attempt | None:
    return Attempt.objects.filter(user=user, quiz=quiz, submitted_at__isnull=True).order_by("-started_at").first()


def finish_summary(attempt: Attempt) -> dict[str, Any]:
    """Before submitting: each question numbered as on the page, and which are unanswered or flagged."""
    saved = {r.question_key: r for r in attempt.responses.all()}
    rows: list[dict[str, Any]] = []
    for number, question in enumerate(attempt.snapshot, start=1):
        response = saved.get(question["key"])
        answer = response.answer if response else None
        answered = answer not in (None, "", [], {})
        parts = {"ordering": "items", "matching": "lefts", "scenario": "parts"}.get(question["type"])
        partly = bool(answered and parts and len(answer or ()) < len(question[parts]))
        rows.append(
            {
                "number": number,
                "q": question,
                "answered": answered and not partly,
                "partly": partly,
                "flagged": bool(response and response.flagged),
            }
        )
    return {
        "unanswered": [row for row in rows if not row["answered"]],
        "flagged": [row for row in rows if row["flagged"]],
        "total": len(rows),
        "answered": sum(1 for row in rows if row["answered"]),
    }


def after_attempt(user: User, attempt: Attempt) -> dict[str, Any]:
    """For the result page: the module, the learner's state in it by the one completion rule, the
    lessons still to read and the module's certificate if it has been issued."""
    from .completion import progress_for

    module = ModulePage.objects.parent_of(attempt.quiz).first()
    if module is None:
        return {"module": None, "status": None, "certificate": None, "lessons_left": []}
    status = progress_for(user, [module])[module.pk]
    return {
        "module": module,
        "status": status,
        "lessons_left": [lesson for lesson in status.lessons if lesson.pk not in status.read_ids],
        "certificate": Certificate.objects.filter(user=user, module=module).first(),
    }


def module_id_of(quiz: QuizPage) -> int | None:
    parent = ModulePage.objects.parent_of(quiz).first()
    return parent.pk if parent else None


def pathways_completed_by(user: User, module: ModulePage) -> list[Pathway]:
    """The pathways holding this module whose every live module is complete, by the one rule."""
    from .completion import progress_for

    pathways = list(
        Pathway.objects.filter(pathway_modules__module=module).distinct().prefetch_related("pathway_modules__module")
    )
    modules = {link.module.pk: link.module for p in pathways for link in p.pathway_modules.all() if link.module.live}
    statuses = progress_for(user, list(modules.values()))
    return [
        p
        for p in pathways
        if all(statuses[link.module.pk].is_complete for link in p.pathway_modules.all() if link.module.live)
    ]


def quiz_overview(user: User | AnonymousUser, quiz: QuizPage) -> dict[str, Any]:
    """The quiz page's state for this person: their attempts, an open one, the module and certificate."""
    module = ModulePage.objects.parent_of(quiz).first()
    if not user.is_authenticated:
        return {"attempts": [], "open_attempt": None, "module": module}
    attempts = list(Attempt.objects.filter(user=user, quiz=quiz).order_by("started_at"))
    return {
        "attempts": [a for a in attempts if a.is_submitted],
        "open_attempt": next((a for a in reversed(attempts) if not a.is_submitted), None),
        "module": module,
        "certificate": Certificate.objects.filter(user=user, module=module).first() if module else None,
    }


def my_certificates(user: User) -> QuerySet[Certificate]:
    return Certificate.objects.filter(user=user).select_related("module", "pathway")


def live_quiz(quiz_id: int) -> QuizPage:
    from ..models import QuizPage

    quiz = QuizPage.objects.live().filter(pk=quiz_id).first()
    if quiz is None:
        raise NotFound
    return quiz


def certificate_by_code(code: str) -> Certificate:
    """The certificate a code names, typed in any case, with or without dashes or spaces."""
    from .certificates import normalise_code

    certificate = (
        Certificate.objects.select_related("user", "module", "pathway").filter(code=normalise_code(code)).first()
    )
    if certificate is None:
        raise NotFound
    return certificate


def badge_class(slug: str | None) -> BadgeClass:
    """What a public badge class says: the live module or the pathway a badge slug names."""
    kind, _, rest = (slug or "").partition("-")
    if kind == "module":
        module = ModulePage.objects.live().public().filter(slug=rest).first()
        if module is not None:
            return {
                "name": module.title,
                "description": module.summary,
                "kind": "module",
                "path": module.url,
            }
    elif kind == "pathway":
        pathway = Pathway.objects.filter(slug=rest).first()
        if pathway is not None:
            return {
                "name": pathway.name,
                "description": pathway.description,
                "kind": "pathway",
                "path": f"/pathways/{pathway.slug}/",
            }
    raise NotFound
