"""Writes for knowledge quizzes: attempts, answers, submission and certificates."""

from __future__ import annotations

import random
import secrets
from collections.abc import Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from s2t_learn.errors import (
    Conflict,  # noqa: F401 - re-exported for the API
    NotFound,
)

from .. import scoring
from ..models import Attempt, Certificate, QuizPage, Response
from . import answers as answer_rules
from . import selectors
from .snapshot import question_snapshot, with_display_order

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet

    from modules.models import ModulePage, Pathway
    from s2t_learn.models import User

ATTEMPT_OPEN_DAYS = 14


class AttemptClosed(Conflict):
    message = "This attempt has closed, so it can no longer be changed. Nothing was changed."


class TooSoon(Conflict):
    message = "You cannot start another attempt yet."


def draw_questions(quiz: QuizPage, rng: random.Random) -> list[dict[str, Any]]:
    blocks = {block.id: block for block in quiz.questions}
    lessons = {key: block.value.get("lesson") or "" for key, block in blocks.items()}
    keys = scoring.draw_balanced(lessons, quiz.questions_per_attempt, rng)
    return [with_display_order(question_snapshot(blocks[key]), rng, quiz.shuffle_options) for key in keys]


def _lock_learner(user: User) -> None:
    """Serialise one learner's starts and submissions (a row lock on PostgreSQL; SQLite writes are serial),
    so that the attempt limit is counted and enforced in the same transaction."""
    from django.contrib.auth import get_user_model

    get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True).first()


def _check_attempt_limit(user: User, quiz: QuizPage) -> QuerySet[Attempt]:
    submitted = Attempt.objects.filter(user=user, quiz=quiz, submitted_at__isnull=False)
    if quiz.attempt_limit and submitted.count() >= quiz.attempt_limit:
        raise TooSoon(_("You have used all %(n)s attempts at this quiz.") % {"n": quiz.attempt_limit})
    return submitted


def start_attempt(user: User, quiz: QuizPage, rng: random.Random | None = None) -> Attempt:
    """Resume the open attempt, or start a new one within the quiz's limits. Concurrent starts get the
    same attempt: the learner's row is locked, and a unique constraint allows one open attempt."""
    try:
        with transaction.atomic():
            return _start_attempt(user, quiz, rng)
    except IntegrityError:
        # Another request started it between our check and our insert: resume that one.
        open_attempt = selectors.open_attempt(user, quiz)
        if open_attempt is None:
            raise
        return open_attempt


def _start_attempt(user: User, quiz: QuizPage, rng: random.Random | None) -> Attempt:
    _lock_learner(user)
    open_attempt = selectors.open_attempt(user, quiz)
    if open_attempt is not None:
        return open_attempt
    submitted = _check_attempt_limit(user, quiz)
    last = submitted.order_by("-submitted_at").first()
    last_submitted = last.submitted_at if last else None  # never None for an attempt counted as submitted
    if (
        quiz.cooldown_minutes
        and last_submitted
        and last_submitted + timedelta(minutes=quiz.cooldown_minutes) > timezone.now()
    ):
        wait = last_submitted + timedelta(minutes=quiz.cooldown_minutes)
        raise TooSoon(
            _("You can try again after %(time)s.") % {"time": timezone.localtime(wait).strftime("%H:%M on %d %B")}
        )
    rng = rng or random.Random(secrets.randbits(64))
    return Attempt.objects.create(user=user, quiz=quiz, snapshot=draw_questions(quiz, rng), pass_mark=quiz.pass_mark)


def _editable_attempt(user: User, attempt_id: int) -> Attempt:
    attempt = selectors.attempt_for(user, attempt_id)
    if attempt.is_submitted or attempt.started_at + timedelta(days=ATTEMPT_OPEN_DAYS) < timezone.now():
        raise AttemptClosed
    return attempt


def save_answers(
    user: User, attempt_id: int, answers: Mapping[str, Any] | None, flags: Mapping[str, object] | None = None
) -> Attempt:
    """Save answers {question_key: answer} and flags {question_key: bool}. All or nothing."""
    attempt = _editable_attempt(user, attempt_id)
    questions = {q["key"]: q for q in attempt.snapshot}
    errors, clean = {}, {}
    if attempt.quiz.review == attempt.quiz.Review.EACH:
        # Reviewed after each question: an answer already checked is final.
        checked = set(attempt.responses.filter(answer__isnull=False).values_list("question_key", flat=True))
        for key in set(answers or {}) & checked:
            errors[key] = _("You have already checked this answer.")
    for key, answer in (answers or {}).items():
        question = questions.get(key)
        if question is None:
            errors[key] = _("This question is not in this attempt.")
            continue
        try:
            clean[key] = answer_rules.clean_answer(question, answer)
        except ValidationError as error:
            errors[key] = error.messages[0]
    for key in flags or {}:
        if key not in questions:
            errors[key] = _("This question is not in this attempt.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        for key, answer in clean.items():
            Response.objects.update_or_create(
                attempt=attempt, question_key=key, defaults={"answer": answer, "updated_at": now}
            )
        for key, flagged in (flags or {}).items():
            Response.objects.update_or_create(
                attempt=attempt, question_key=key, defaults={"flagged": bool(flagged), "updated_at": now}
            )
    return attempt


@transaction.atomic
def submit_attempt(user: User, attempt_id: int, idempotency_key: str | None = "") -> Attempt:
    """Mark and close the attempt. A replay (double click, or the same Idempotency-Key) returns the
    same submitted attempt and changes nothing."""
    attempt = Attempt.objects.select_for_update().filter(pk=attempt_id).first()
    if attempt is None or attempt.user_id != user.pk:
        raise NotFound
    if attempt.is_submitted:
        return attempt
    if attempt.started_at + timedelta(days=ATTEMPT_OPEN_DAYS) < timezone.now():
        raise AttemptClosed
    _lock_learner(user)
    _check_attempt_limit(user, attempt.quiz)
    given = dict(attempt.responses.values_list("question_key", "answer"))
    result = scoring.mark_attempt(attempt.snapshot, given, attempt.pass_mark)
    attempt.submitted_at = timezone.now()
    attempt.marks, attempt.percent, attempt.passed = result.marks, result.percent, result.passed
    attempt.idempotency_key = (idempotency_key or "")[:100]
    attempt.save()
    if attempt.passed:
        module_id = selectors.module_id_of(attempt.quiz)
        if module_id:
            transaction.on_commit(lambda: queue_certificates(user.pk, module_id))
    return attempt


def queue_certificates(user_id: int, module_id: int) -> None:
    """Ask a worker to issue them. Never fails the caller: if the broker is down, the beat sweep
    (sweep_missing_certificates) issues any certificate a passed, complete attempt has earned."""
    from s2t_learn.queueing import send_now

    from .tasks import issue_certificates

    send_now(issue_certificates, user_id, module_id)


def sweep_missing_certificates() -> list[Certificate]:
    """Issue the certificates of every learner with a passed attempt on a module's quiz and no
    certificate for that module yet (issue_certificates checks the module is complete)."""
    from django.contrib.auth import get_user_model

    from modules.models import ModulePage

    issued = []
    quiz_ids = Attempt.objects.filter(passed=True, submitted_at__isnull=False).values_list("quiz_id", flat=True)
    for quiz in QuizPage.objects.filter(pk__in=set(quiz_ids)):
        module = ModulePage.objects.parent_of(quiz).first()
        if module is None:
            continue
        certified = Certificate.objects.filter(module=module).values("user_id")
        user_ids = (
            Attempt.objects.filter(quiz=quiz, passed=True, submitted_at__isnull=False)
            .exclude(user_id__in=certified)
            .values_list("user_id", flat=True)
            .distinct()
        )
        for user in get_user_model().objects.filter(pk__in=list(user_ids)):
            issued.extend(issue_certificates(user, module))
    return issued


def issue_certificates(user: User, module: ModulePage) -> list[Certificate]:
    """Issue the module's certificate, and any pathway's it completes: exactly once, never without a pass."""
    issued = []
    from .completion import is_complete_for

    if is_complete_for(user, module):
        issued.append(_issue(user, module=module))
        for pathway in selectors.pathways_completed_by(user, module):
            issued.append(_issue(user, pathway=pathway))
    return [c for c in issued if c is not None]


def _issue(user: User, module: ModulePage | None = None, pathway: Pathway | None = None) -> Certificate | None:
    lookup = {"module": module} if module else {"pathway": pathway}
    existing = Certificate.objects.filter(user=user, **lookup).first()
    if existing:
        return existing
    if module:
        title, modules = module.title, [module]
    else:
        assert pathway is not None, "a certificate is for a module or for a pathway"
        title, modules = pathway.name, [link.module for link in pathway.pathway_modules.select_related("module")]
    try:
        with transaction.atomic():
            return Certificate.objects.create(
                user=user,
                title=title,
                modules_list=[m.title for m in modules],
                learning_minutes=sum(m.estimated_minutes for m in modules),
                code=new_code(),
                **lookup,
            )
    except IntegrityError:
        return Certificate.objects.filter(user=user, **lookup).first()


def new_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    while True:
        code = "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3))
        if not Certificate.objects.filter(code=code).exists():
            return code


def set_show_name(user: User, code: str | None, show: bool) -> Certificate:
    certificate = Certificate.objects.filter(user=user, code=code).first()
    if certificate is None:
        raise NotFound
    certificate.show_name = bool(show)
    certificate.save(update_fields=["show_name"])
    return certificate


def require_owner(user: User | AnonymousUser, certificate: Certificate) -> None:
    if certificate.user_id != user.pk:
        raise NotFound
