"""The one definition of module completion, and the learner's state in each module.

A module is complete when every lesson in it is read and, where the module has a quiz, the quiz
is passed. ``is_module_complete`` is that rule, as a pure function; ``module_progress`` reads what
it needs for any number of people and modules in a fixed number of queries (at most five, however
many people, modules, lessons or attempts; four once the modules' quizzes are cached), and every
page, the API, the certificate rule, the assignment counts, the reminders and the measure use it.

It lives here, in quizzes, because the rule needs both lessons (modules) and quizzes, and
dependencies point one way: quizzes may import modules, never the reverse. The modules app reads
it through the small hook in ``modules.progress``, which ``QuizzesConfig.ready`` fills in.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from django.db.models import Count, Max, Q
from django.utils import timezone

from modules.models import LessonProgress
from modules.selectors import lessons_by_module

from ..models import Attempt, QuizPage


class QuizState(StrEnum):
    NO_QUIZ = "no_quiz"
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    PASSED = "passed"
    FAILED = "failed"


def is_module_complete(lesson_count: int, lessons_read: int, has_quiz: bool, quiz_passed: bool) -> bool:
    """The rule. Every lesson read and, if there is a quiz, the quiz passed. A module with
    neither lessons nor a quiz has nothing to complete."""
    if lesson_count == 0 and not has_quiz:
        return False
    return lessons_read >= lesson_count and (quiz_passed or not has_quiz)


def quiz_state(has_quiz: bool, passes: int, submitted: int, open_attempts: int) -> QuizState:
    if not has_quiz:
        return QuizState.NO_QUIZ
    if passes:
        return QuizState.PASSED
    if open_attempts:
        return QuizState.IN_PROGRESS
    if submitted:
        return QuizState.FAILED
    return QuizState.NOT_STARTED


def retry_rules(quiz, submitted: int, last_submitted: datetime | None, now: datetime):
    """(attempts left or None for no limit, the time a new attempt opens or None)."""
    left = max(quiz.attempt_limit - submitted, 0) if quiz and quiz.attempt_limit else None
    wait = None
    if quiz and quiz.cooldown_minutes and last_submitted:
        opens = last_submitted + timedelta(minutes=quiz.cooldown_minutes)
        wait = opens if opens > now else None
    return left, wait


@dataclass
class ModuleProgress:
    """One person's state in one module. Templates and serializers read these attributes."""

    module: object
    lessons: list = field(default_factory=list)
    read_ids: frozenset = frozenset()
    quiz: QuizPage | None = None
    quiz_state: QuizState = QuizState.NO_QUIZ
    best_percent: float | None = None
    attempts_left: int | None = None
    retry_after: datetime | None = None
    due_dates: list = field(default_factory=list)

    @property
    def lesson_count(self) -> int:
        return len(self.lessons)

    @property
    def completed(self) -> int:
        """Lessons read (the name the progress bars have always used)."""
        return sum(1 for lesson in self.lessons if lesson.pk in self.read_ids)

    @property
    def lessons_left(self) -> int:
        return self.lesson_count - self.completed

    @property
    def lessons_done(self) -> bool:
        return self.lessons_left == 0

    @property
    def has_quiz(self) -> bool:
        return self.quiz is not None

    @property
    def quiz_passed(self) -> bool:
        return self.quiz_state == QuizState.PASSED

    @property
    def is_complete(self) -> bool:
        return is_module_complete(self.lesson_count, self.completed, self.has_quiz, self.quiz_passed)

    @property
    def quiz_to_take(self) -> bool:
        """Every lesson read, the quiz not yet passed: 'Lessons read, quiz to take'."""
        return self.has_quiz and self.lessons_done and not self.quiz_passed

    @property
    def is_started(self) -> bool:
        return self.completed > 0 or self.quiz_state not in (QuizState.NO_QUIZ, QuizState.NOT_STARTED)

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.lesson_count) if self.lesson_count else 0

    @property
    def next_due(self):
        return min(self.due_dates) if self.due_dates else None

    @property
    def can_retry(self) -> bool:
        return self.attempts_left != 0 and self.retry_after is None

    @property
    def next_lesson(self):
        """The first unread lesson, or None when all are read."""
        return next((lesson for lesson in self.lessons if lesson.pk not in self.read_ids), None)

    @property
    def next_step(self):
        """The next thing to do in this module: the first unread lesson, else the quiz, else None."""
        if self.next_lesson is not None:
            return self.next_lesson
        if self.has_quiz and not self.quiz_passed:
            return self.quiz
        return None


NO_QUIZ = 0  # cached for a module without a quiz


def quizzes_by_module(modules) -> dict:
    """{module id: its live quiz or None}. A module's quiz is its first quiz child. Cached between
    publishes under the page cache's generation, like lesson navigation (any publish retires every entry);
    one query for those missing, and one for all of them when the cache is down."""
    from modules.navigation import TIMEOUT
    from s2t_learn import page_cache

    found = {module.pk: None for module in modules}
    if not modules:
        return found
    try:
        store = page_cache.page_cache()
        generation = page_cache.current_generation(store)
        keys = {f"module-quiz:{generation}:{module.pk}": module for module in modules}
        cached = store.get_many(list(keys))
    except Exception:  # noqa: BLE001 - a cache outage means reading them, never an error
        keys = {f"module-quiz:{module.pk}": module for module in modules}
        cached, store = {}, None
    missing = [module for key, module in keys.items() if key not in cached]
    for key, value in cached.items():
        found[keys[key].pk] = value or None
    if missing:
        paths = {module.path: module.pk for module in missing}
        quizzes = (
            QuizPage.objects.live()
            .filter(depth__in={module.depth + 1 for module in missing})
            .filter(Q(*[Q(path__startswith=module.path) for module in missing], _connector=Q.OR))
            .only("id", "title", "slug", "url_path", "path", "depth", "attempt_limit", "cooldown_minutes", "pass_mark")
            .order_by("path")
        )
        fresh = {module.pk: None for module in missing}
        for quiz in quizzes:
            module_id = paths.get(quiz.path[: -QuizPage.steplen])
            if module_id is not None and fresh[module_id] is None:
                fresh[module_id] = quiz
        found.update(fresh)
        by_id = {module.pk: key for key, module in keys.items()}
        if store is not None:
            try:
                store.set_many({by_id[pk]: quiz or NO_QUIZ for pk, quiz in fresh.items()}, TIMEOUT)
            except Exception:  # noqa: BLE001
                pass
    return found


def live_lessons_by_module(modules) -> dict:
    """{module id: [its live lessons, in order]} for modules at any depth."""
    by_depth = defaultdict(list)
    for module in sorted(modules, key=lambda m: m.path):  # lessons_by_module takes modules at one depth
        by_depth[module.depth].append(module)
    lessons = {}
    for group in by_depth.values():
        lessons.update(lessons_by_module(group))
    return lessons


def module_progress(user_ids, modules, now=None) -> dict:
    """{user id: {module id: ModuleProgress}} for these people (ids; None for a signed-out visitor)
    and modules. Four queries at most, however many of each (the quizzes are cached between publishes)."""
    modules = list(modules)
    user_ids = list(dict.fromkeys(user_ids))
    now = now or timezone.now()
    lessons = live_lessons_by_module(modules)
    quizzes = quizzes_by_module(modules) if modules else {}
    known = [u for u in user_ids if u is not None]
    read = defaultdict(set)  # (user id, module id) -> {lesson id}
    attempts = {}  # (user id, quiz id) -> aggregate row
    every_lesson = {lesson.pk for items in lessons.values() for lesson in items}
    if known and every_lesson:
        for user_id, module_id, lesson_id in LessonProgress.objects.filter(
            user_id__in=known, lesson_id__in=every_lesson, completed_at__isnull=False
        ).values_list("user_id", "module_id", "lesson_id"):
            read[(user_id, module_id)].add(lesson_id)
    quiz_ids = [quiz.pk for quiz in quizzes.values() if quiz is not None]
    if known and quiz_ids:
        rows = (
            Attempt.objects.filter(user_id__in=known, quiz_id__in=quiz_ids)
            .order_by()
            .values("user_id", "quiz_id")
            .annotate(
                passes=Count("id", filter=Q(passed=True, submitted_at__isnull=False)),
                submitted=Count("id", filter=Q(submitted_at__isnull=False)),
                open=Count("id", filter=Q(submitted_at__isnull=True)),
                best=Max("percent", filter=Q(submitted_at__isnull=False)),
                last=Max("submitted_at"),
            )
        )
        attempts = {(row["user_id"], row["quiz_id"]): row for row in rows}
    result = {}
    for user_id in user_ids:
        mine = {}
        for module in modules:
            quiz = quizzes.get(module.pk)
            row = attempts.get((user_id, quiz.pk), {}) if quiz else {}
            left, wait = retry_rules(quiz, row.get("submitted", 0), row.get("last"), now)
            mine[module.pk] = ModuleProgress(
                module=module,
                lessons=lessons.get(module.pk, []),
                read_ids=frozenset(read.get((user_id, module.pk), ())),
                quiz=quiz,
                quiz_state=quiz_state(
                    quiz is not None, row.get("passes", 0), row.get("submitted", 0), row.get("open", 0)
                ),
                best_percent=row.get("best"),
                attempts_left=left,
                retry_after=wait,
            )
        result[user_id] = mine
    return result


def progress_for(user, modules) -> dict:
    """{module id: ModuleProgress} for one person (signed in or not)."""
    user_id = user.pk if getattr(user, "is_authenticated", False) else None
    return module_progress([user_id], modules)[user_id]


def is_complete_for(user, module) -> bool:
    return progress_for(user, [module])[module.pk].is_complete
