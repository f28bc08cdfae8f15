"""Reads for the curriculum. Each takes the requesting user; a learner's records are only ever theirs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.db.models import Q
from django.utils import timezone

from s2t_learn.models import Membership

from .models import (
    LessonPage,
    LessonProgress,
    ModuleAssignment,
    ModulePage,
    Pathway,
    ReflectiveAnswer,
)
from .navigation import continuum_level_texts
from .progress import my_learning_panels

if TYPE_CHECKING:
    from datetime import date

    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet
    from wagtail.models import Page
    from wagtail.query import PageQuerySet
    from wagtail.rich_text import RichText

    from s2t_learn.models import User

    from .models import ModuleIndexPage, PathwayPlan
    from .navigation import NavPage


class ModuleStatus(Protocol):
    """A learner's progress in one module, as the reader registered with modules.progress gives it
    (the quizzes' ModuleProgress): the attributes these selectors read."""

    @property
    def module(self) -> ModulePage: ...
    @property
    def lessons(self) -> list[LessonPage]: ...
    @property
    def read_ids(self) -> frozenset[int]: ...
    @property
    def quiz(self) -> Page | None: ...
    @property
    def quiz_passed(self) -> bool: ...
    @property
    def is_started(self) -> bool: ...
    @property
    def is_complete(self) -> bool: ...
    @property
    def next_lesson(self) -> LessonPage | None: ...
    @property
    def next_step(self) -> Page | None: ...
    @property
    def due_dates(self) -> list[date]: ...


def live_modules() -> PageQuerySet:
    return ModulePage.objects.live().public().order_by("path")


def lessons_by_module(modules: Sequence[ModulePage]) -> dict[int, list[LessonPage]]:
    """{module_id: [lesson, ...]} in tree order, in one query."""
    grouped: dict[int, list[LessonPage]] = {module.pk: [] for module in modules}
    paths = {module.path: module.pk for module in modules}
    if not modules:
        return grouped
    depth = modules[0].depth + 1
    # Not .public(): that costs a query, and Wagtail checks each page's own view restrictions when it is served.
    lessons = LessonPage.objects.live().filter(depth=depth).order_by("path")
    lessons = lessons.filter(Q(*[Q(path__startswith=module.path) for module in modules], _connector=Q.OR)).only(
        "id", "title", "slug", "url_path", "path", "depth", "summary"
    )
    step = len(modules[0].path)
    for lesson in lessons:
        module_id = paths.get(lesson.path[:step])
        if module_id is not None:
            grouped[module_id].append(lesson)
    return grouped


def completed_lesson_ids(user: User | AnonymousUser, module_ids: Iterable[int] | None = None) -> set[int]:
    if not user.is_authenticated:
        return set()
    progress = LessonProgress.objects.filter(user=user, completed_at__isnull=False)
    if module_ids is not None:
        progress = progress.filter(module_id__in=module_ids)
    return set(progress.values_list("lesson_id", flat=True))


def module_statuses(user: User | AnonymousUser, modules: Iterable[ModulePage]) -> dict[int, ModuleStatus]:
    """{module id: the user's progress}, by the one completion rule (see modules.progress)."""
    from . import progress

    return progress.statuses(user, modules)


def pathways_for_sector(sector: str | None) -> tuple[list[Pathway], list[Pathway]]:
    from .navigation import all_pathways

    pathways = all_pathways()
    mine = [p for p in pathways if sector and sector in p.sectors]
    others = [p for p in pathways if p not in mine]
    return mine, others


def pathway_minutes(pathway: Pathway) -> int:
    return sum(link.module.estimated_minutes for link in pathway.pathway_modules.all() if link.module.live)


def course_overview(user: User | AnonymousUser, index: ModuleIndexPage) -> dict[str, Any]:
    modules = list(live_modules().child_of(index))
    statuses = module_statuses(user, modules)
    sector = getattr(user, "sector", "") if user.is_authenticated else ""
    mine, others = pathways_for_sector(sector)
    return {
        "module_statuses": [statuses[module.pk] for module in modules],
        "my_pathways": [(p, pathway_minutes(p)) for p in mine],
        "other_pathways": [(p, pathway_minutes(p)) for p in others],
    }


def module_overview(user: User | AnonymousUser, module: ModulePage) -> dict[str, Any]:
    status = module_statuses(user, [module])[module.pk]
    return {
        "lessons": [(lesson, lesson.pk in status.read_ids) for lesson in status.lessons],
        "status": status,
        "quiz": status.quiz,
        # The first unread lesson; when every lesson is read, the page offers the quiz instead.
        "next_lesson": status.next_lesson,
    }


@dataclass
class LessonTally:
    """Lessons read in a module, for a lesson page's progress bar (not module completion)."""

    module: object
    lesson_count: int = 0
    completed: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.lesson_count) if self.lesson_count else 0


def _module_quiz(user: User | AnonymousUser, module_id: int) -> Page | None:
    """The module's quiz, while the learner still has it to pass."""
    module = live_modules().filter(pk=module_id).first()
    if module is None:
        return None
    status = module_statuses(user, [module])[module.pk]
    return None if status.quiz_passed else status.quiz


def answers_for(user: User | AnonymousUser, lesson: LessonPage) -> dict[str, str]:
    if not user.is_authenticated:
        return {}
    return dict(ReflectiveAnswer.objects.filter(user=user, lesson=lesson).values_list("block_id", "text"))


def lesson_context(user: User | AnonymousUser, lesson: LessonPage, *, chosen: dict[str, str]) -> dict[str, Any]:
    """What a lesson page shows beside its body: its place in the module, the learner's progress and
    answers, and `chosen`, the options a learner picked without JavaScript (from the query string)."""
    from .navigation import module_navigation

    module, lessons = module_navigation(lesson)
    ids = [item.pk for item in lessons]
    position = ids.index(lesson.pk) if lesson.pk in ids else 0
    done = completed_lesson_ids(user, [module.pk])
    uses_explorer = any(block.block_type == "continuum_explorer" for block in lesson.body)
    return {
        "module": module,
        "lessons": lessons,
        "position": position + 1,
        "previous_lesson": lessons[position - 1] if position > 0 else None,
        "next_lesson": lessons[position + 1] if position + 1 < len(lessons) else None,
        "status": LessonTally(module=module, lesson_count=len(lessons), completed=len(done & set(ids))),
        "is_complete": lesson.pk in done,
        # Only the last lesson needs the module's quiz: its "continue" goes there.
        "quiz": _module_quiz(user, module.pk) if position + 1 >= len(lessons) else None,
        "answers": answers_for(user, lesson),
        "chosen": chosen,
        "continuum_levels": continuum_level_texts() if uses_explorer else [],
    }


def next_in_module(user: User | AnonymousUser, lesson: LessonPage) -> tuple[ModuleStatus, None] | tuple[None, NavPage]:
    """(module progress, next lesson or None) for where 'Mark as complete' goes: the next lesson, or,
    after the last, the module's quiz or page."""
    from .navigation import module_navigation

    nav_module, lessons = module_navigation(lesson)
    ids = [item.pk for item in lessons]
    position = ids.index(lesson.pk) if lesson.pk in ids else len(ids)
    following = lessons[position + 1] if position + 1 < len(lessons) else None
    if following:
        return None, following
    module = ModulePage.objects.get(pk=nav_module.pk)
    return module_statuses(user, [module])[module.pk], None


def last_place(user: User | AnonymousUser) -> LessonProgress | None:
    """The lesson and section the learner was last in."""
    if not user.is_authenticated:
        return None
    return (
        LessonProgress.objects.filter(user=user, lesson__live=True)
        .select_related("lesson")
        .order_by("-updated_at")
        .first()
    )


@dataclass
class NextStep:
    """What 'Continue' on My learning leads to."""

    page: object  # a lesson or a quiz
    module: object
    kind: str  # "lesson", "quiz"
    section: str = ""
    new_module: bool = False  # the learner finished a module and this starts the next


def next_step(
    place: LessonProgress | None, statuses: Mapping[int, ModuleStatus], pathway_modules: Iterable[ModulePage]
) -> NextStep | None:
    """The next thing to do. Pure: takes the last place (a LessonProgress or None), {module id:
    progress} and the learner's pathway's modules in order.

    In the module last worked in: the lesson left part-read, else the next unread lesson, else its
    quiz. Once that module is complete: the first module of the pathway not yet complete."""
    if place is not None:
        status = statuses.get(place.module_id)
        if status is not None and not status.is_complete:
            if place.lesson_id not in status.read_ids:
                return NextStep(place.lesson, status.module, "lesson", place.last_section)
            step = status.next_step
            if step is not None:
                return NextStep(step, status.module, "quiz" if step == status.quiz else "lesson")
    for module in pathway_modules:
        status = statuses.get(module.pk)
        if status is None or status.is_complete or status.next_step is None:
            continue
        step = status.next_step
        return NextStep(
            step,
            module,
            "quiz" if step == status.quiz else "lesson",
            new_module=place is not None and not status.is_started,
        )
    return None


def assignments_for(user: User | AnonymousUser) -> QuerySet[ModuleAssignment]:
    """Modules assigned to the user by organisations they belong to now (whole organisation, their team, or them)."""
    if not user.is_authenticated:
        return ModuleAssignment.objects.none()
    memberships = Membership.objects.filter(user=user)
    team_ids = [team_id for team_id in memberships.values_list("team_id", flat=True) if team_id]
    return (
        ModuleAssignment.objects.filter(organisation__memberships__user=user, module__live=True)
        .filter(Q(user=user) | Q(team_id__in=team_ids) | Q(user__isnull=True, team__isnull=True))
        .select_related("module", "organisation", "team")
        .distinct()
        .order_by("due_date", "created_at")
    )


def my_learning(user: User) -> dict[str, Any]:
    assignments = list(assignments_for(user))
    modules = list(live_modules())
    statuses = module_statuses(user, modules)
    for assignment in assignments:
        status = statuses.get(assignment.module_id)
        if status and assignment.due_date:
            status.due_dates.append(assignment.due_date)
    assigned_ids = {a.module_id for a in assignments}
    mine, _others = pathways_for_sector(user.sector)
    place = last_place(user)
    pathway = _pathway_of(place, mine)
    pathway_modules = [link.module for link in pathway.pathway_modules.all() if link.module.live] if pathway else []
    return {
        "assigned": [(a, statuses[a.module_id]) for a in assignments if a.module_id in statuses],
        "in_progress": [
            s for s in statuses.values() if s.is_started and not s.is_complete and s.module.pk not in assigned_ids
        ],
        "completed": [s for s in statuses.values() if s.is_complete],
        "my_pathways": [
            (p, pathway_minutes(p), [statuses.get(link.module_id) for link in p.pathway_modules.all()]) for p in mine
        ],
        "last_place": place,
        "next_step": next_step(place, statuses, pathway_modules),
        "today": timezone.localdate(),
        "panels": my_learning_panels(user),
    }


def _pathway_of(place: LessonProgress | None, pathways: Sequence[Pathway]) -> Pathway | None:
    """The learner's pathway that holds the module they last worked in, else their first pathway."""
    if place is not None:
        for pathway in pathways:
            if any(link.module_id == place.module_id for link in pathway.pathway_modules.all()):
                return pathway
    return pathways[0] if pathways else None


def organisation_assignments(*, membership: Membership) -> QuerySet[ModuleAssignment]:
    """The organisation's assignments, for its assessment leads and admins."""
    from s2t_learn.access import require_role
    from s2t_learn.models import Role

    require_role(membership, Role.ASSESSMENT_LEAD)
    return (
        ModuleAssignment.objects.filter(organisation=membership.organisation)
        .select_related("module", "team", "user")
        .order_by("due_date", "created_at", "pk")
    )


def members_to_list(*, membership: Membership, at_most: int) -> list[Membership] | None:
    """The organisation's members with their accounts, to list by name, or None when there are more than
    `at_most` (a form then asks for an email address)."""
    from s2t_learn.access import require_role
    from s2t_learn.models import Role

    require_role(membership, Role.ASSESSMENT_LEAD)
    members = Membership.objects.filter(organisation_id=membership.organisation_id)
    if len(members.order_by().values_list("pk", flat=True)[: at_most + 1]) > at_most:
        return None  # found without sorting every member
    return list(members.select_related("user").order_by("user__full_name", "user__email", "pk"))


REVIEW_AFTER_DAYS = 365


def review_schedule(today: date) -> dict[str, Any]:
    """Modules due for review (last reviewed more than 12 months ago) and the rest, oldest first."""
    from datetime import timedelta

    cutoff = today - timedelta(days=REVIEW_AFTER_DAYS)
    modules = list(ModulePage.objects.order_by("last_reviewed", "title"))
    return {
        "due": [m for m in modules if m.last_reviewed < cutoff],
        "current": [m for m in modules if m.last_reviewed >= cutoff],
        "cutoff": cutoff,
    }


def pathway_detail(user: User | AnonymousUser, pathway: Pathway) -> dict[str, Any]:
    from .models import PathwayPlan

    links = [link for link in pathway.pathway_modules.all() if link.module.live]
    statuses = module_statuses(user, [link.module for link in links])
    plan: PathwayPlan | None = (
        PathwayPlan.objects.filter(user=user, pathway=pathway).first() if user.is_authenticated else None
    )
    ordered = [statuses[link.module.pk] for link in links]
    return {
        "next_step": next_step(None, statuses, [link.module for link in links]),
        "started": any(status.is_started for status in ordered),
        "pathway": pathway,
        "statuses": ordered,
        "minutes": sum(link.module.estimated_minutes for link in links),
        "plan": plan,
        "all_complete": bool(ordered) and all(status.is_complete for status in ordered),
    }


def pathway_by_slug(slug: str) -> Pathway:
    from s2t_learn.errors import NotFound

    pathway = Pathway.objects.prefetch_related("pathway_modules__module").filter(slug=slug).first()
    if pathway is None:
        raise NotFound
    return pathway


def module_summary(module: ModulePage) -> dict[str, Any]:
    """What a module's one-page printable summary shows: its outcomes and each lesson's key points."""
    points: list[dict[str, str | RichText]] = []  # a key point's text is rich text
    for lesson in LessonPage.objects.child_of(module).live().order_by("path"):
        for block in lesson.body:
            if block.block_type == "callout" and block.value["kind"] == "key_point":
                points.append({"lesson": lesson.title, "title": block.value["title"], "text": block.value["text"]})
    return {
        "module": module,
        "outcomes": [outcome.value for outcome in module.learning_outcomes],
        "points": points,
    }
