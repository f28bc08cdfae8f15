"""Reads for assigned learning and its completion, counted for audiences by the disclosure rule."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Q

from s2t_learn.access import require_role
from s2t_learn.models import Membership, Role

from .. import shared

if TYPE_CHECKING:
    from collections.abc import Hashable, Iterable, Sequence
    from datetime import datetime

    from modules.models import ModuleAssignment, ModulePage

    from ...knowledge.completion import ModuleProgress

    Member = tuple[int, int | None, datetime]  # (user id, team id, joined at)
    AudienceKey = tuple[str, int] | str  # ("person", user id), ("team", team id) or EVERYONE

# ---------------------------------------------------------------- assigned learning and its completion


WITHHELD_SMALL = "small"
WITHHELD_CLOSE = "close"


@dataclass
class Completion:
    assignment: object
    audience: int
    completed: int | None = None  # None: withheld (see reason)
    started: int | None = None
    not_started: int | None = None
    recommendation_title: str = ""
    minimum: int = 5
    withheld_because: str = ""  # WITHHELD_SMALL, WITHHELD_CLOSE, or "" when shown

    @property
    def withheld(self) -> bool:
        return self.completed is None

    @property
    def reason(self) -> str:
        """Why the counts are withheld, in plain words ("" when they are shown)."""
        from django.utils.translation import gettext as _

        if self.withheld_because == WITHHELD_CLOSE:
            return _("Withheld: too close to another group whose counts can be shown")
        if self.withheld_because == WITHHELD_SMALL:
            return _("Withheld: fewer than %(n)s people") % {"n": self.minimum}
        return ""


def completion_by_person(
    modules: Sequence[ModulePage], user_ids: Iterable[int]
) -> defaultdict[int, dict[int, ModuleProgress]]:
    """{module id: {user id: ModuleProgress}} for these modules and people, by the one completion rule
    (quizzes.knowledge.completion). Five queries, however many modules and people."""
    from ...knowledge.completion import module_progress

    progress = module_progress(list(user_ids), modules)
    by_module: defaultdict[int, dict[int, ModuleProgress]] = defaultdict(dict)
    for user_id, mine in progress.items():
        for module_id, status in mine.items():
            by_module[module_id][user_id] = status
    return by_module


def audience(assignment: ModuleAssignment, members: Sequence[Member]) -> list[int]:
    """The user ids an assignment is for, from [(user id, team id, joined at)] of the organisation."""
    if assignment.user_id:
        return [m[0] for m in members if m[0] == assignment.user_id]
    if assignment.team_id:
        return [m[0] for m in members if m[1] == assignment.team_id]
    return [m[0] for m in members]


def organisation_members(organisation_ids: Iterable[int]) -> defaultdict[int, list[Member]]:
    """{organisation id: [(user id, team id, joined at)]} in one query."""
    grouped: defaultdict[int, list[Member]] = defaultdict(list)
    for org_id, user_id, team_id, joined in Membership.objects.filter(organisation_id__in=organisation_ids).values_list(
        "organisation_id", "user_id", "team_id", "joined_at"
    ):
        grouped[org_id].append((user_id, team_id, joined))
    return grouped


EVERYONE = "everyone"


def audience_key(assignment: ModuleAssignment) -> AudienceKey:
    if assignment.user_id:
        return ("person", assignment.user_id)
    if assignment.team_id:
        return ("team", assignment.team_id)
    return EVERYONE


def shown_audiences(
    assignments: Iterable[ModuleAssignment], members: Sequence[Member], minimum: int
) -> dict[int, set[AudienceKey]]:
    """{module id: the audience keys whose counts may be shown}, by the one disclosure rule.

    Each audience an assignment is for is a view: the people whose progress in that module is counted.
    Two views clash only if they count the same module. The differencing attack subtracts one figure
    from another about the same thing; "completed module A" for everyone minus "completed module B" for
    a team says nothing about anyone, because A and B are different records. So the rule runs once per
    module, over that module's views only.

    The views for a module are not only the assignments on the page now. A lead can add and remove
    assignments at will: read the counts for a team, assign the same module to everyone, read again,
    and subtract. So every audience the module could be assigned to is a view: everyone, and each team
    (a team nobody is in has no people and changes nothing), and each person it is assigned to. Which
    audiences are shown then depends on the organisation's members and teams, never on what has been
    assigned, and the lead cannot bring the two figures of a close pair onto the page one after the
    other. Everyone is the largest view, so it is shown whenever it has the minimum; a team is withheld
    when it is small, or when the people outside the shown teams would be too few (the cell rule in
    s2t_learn.disclosure: everyone minus the teams would give them away).

    Not covered: two readings taken before and after someone joins, leaves or changes team. Those are
    live counts of people's progress; the before-and-after table (quizzes.knowledge.measure) uses fixed,
    closed cohorts for that reason.
    """
    from s2t_learn.disclosure import disclosable_views

    team_ids = sorted({m[1] for m in members if m[1] is not None})
    by_module: defaultdict[int, set[AudienceKey]] = defaultdict(set)
    for assignment in assignments:
        by_module[assignment.module_id].add(audience_key(assignment))
    shown: dict[int, set[AudienceKey]] = {}
    for module_id, keys in by_module.items():
        views: dict[Hashable, list[int]] = {EVERYONE: [m[0] for m in members]}
        for team_id in team_ids:
            views[("team", team_id)] = [m[0] for m in members if m[1] == team_id]
        for key in sorted(k for k in keys if k != EVERYONE and k[0] == "person"):
            views[key] = [m[0] for m in members if m[0] == key[1]]
        shown[module_id] = disclosable_views(views, minimum)
    return shown


def _assignment_completion(membership: Membership, assignments: Iterable[ModuleAssignment]) -> list[Completion]:
    """Counts only, per assignment: how many of the people it is for have completed, started or not
    started the module (complete: the one rule, lessons read and quiz passed). Withheld below the minimum
    group, and withheld when the audience is too close to another that can be shown for the same module
    (shown_audiences). The counts are worked out by the database (progress_counts); a fixed number of
    queries, however many assignments and members."""
    assignments = list(assignments)
    if not assignments:
        return []
    members = organisation_members([membership.organisation_id])[membership.organisation_id]
    modules = list({a.module_id: a.module for a in assignments}.values())
    persons = {a.user_id for a in assignments if a.user_id}
    counts = progress_counts(membership=membership, modules=modules, person_ids=persons)
    sizes = _audience_sizes(members)
    minimum = shared.minimum_group()
    shown = shown_audiences(assignments, members, minimum)
    rows: list[Completion] = []
    for assignment in assignments:
        key = audience_key(assignment)
        size = sizes.get(key, 0)
        row = Completion(assignment, size, recommendation_title=_planned_title(assignment), minimum=minimum)
        if size < minimum:
            row.withheld_because = WITHHELD_SMALL
        elif key not in shown[assignment.module_id]:
            row.withheld_because = WITHHELD_CLOSE
        else:
            completed, started = counts.get((assignment.module_id, key), (0, 0))
            row.completed, row.started = completed, started - completed
            row.not_started = size - started
        rows.append(row)
    return rows


def _audience_sizes(members: Sequence[Member]) -> dict[AudienceKey, int]:
    sizes: dict[AudienceKey, int] = {EVERYONE: len(members)}
    for user_id, team_id, _joined in members:
        sizes[("person", user_id)] = 1
        if team_id is not None:
            sizes[("team", team_id)] = sizes.get(("team", team_id), 0) + 1
    return sizes


def _module_filters(lesson_ids: Sequence[int], quiz_id: int | None) -> tuple[Q, Q] | None:
    """(has completed, has started) as conditions on a membership's user, by the one completion rule:
    every live lesson read and, if there is a quiz, the quiz passed; started once a lesson is read or the
    quiz tried. None for a module with neither lessons nor a quiz (nothing to complete or start)."""
    from modules.models import LessonProgress

    from ...models import Attempt

    if not lesson_ids and quiz_id is None:
        return None
    read = LessonProgress.objects.filter(lesson_id__in=lesson_ids, completed_at__isnull=False).order_by()
    tried = Attempt.objects.filter(quiz_id=quiz_id).order_by()
    complete, started = Q(), []
    if lesson_ids:
        read_all = read.values("user_id").annotate(lessons=Count("lesson_id", distinct=True))
        complete &= Q(user_id__in=read_all.filter(lessons__gte=len(lesson_ids)).values("user_id"))
        started.append(Q(user_id__in=read.values("user_id")))
    if quiz_id is not None:
        complete &= Q(user_id__in=tried.filter(passed=True, submitted_at__isnull=False).values("user_id"))
        started.append(Q(user_id__in=tried.values("user_id")))
    return complete, Q(*started, _connector=Q.OR)


def _pair(row: dict[str, Any], module_id: int) -> tuple[int, int]:
    return int(row.get(f"completed_{module_id}", 0)), int(row.get(f"started_{module_id}", 0))


def progress_counts(
    *, membership: Membership, modules: Sequence[ModulePage], person_ids: Iterable[int] = ()
) -> dict[tuple[int, AudienceKey], tuple[int, int]]:
    """{(module id, audience key): (people who completed it, people who started it)} among the lead's
    organisation's members: for everyone, each team, and each person named. Worked out in the database,
    two grouped queries (by team, and by person for those named) beside reading the modules' lessons."""
    from ...knowledge.completion import live_lessons_by_module, quizzes_by_module

    require_role(membership, Role.ASSESSMENT_LEAD)

    lessons = live_lessons_by_module(modules)
    quizzes = quizzes_by_module(modules)
    columns = {}
    for module in modules:
        quiz = quizzes.get(module.pk)
        filters = _module_filters([lesson.pk for lesson in lessons.get(module.pk, [])], quiz.pk if quiz else None)
        if filters is not None:
            columns[f"completed_{module.pk}"] = Count("pk", filter=filters[0])
            columns[f"started_{module.pk}"] = Count("pk", filter=filters[1])
    counts: dict[tuple[int, AudienceKey], tuple[int, int]] = {}
    if not columns:
        return counts
    members = Membership.objects.filter(organisation_id=membership.organisation_id).order_by()
    team_rows = cast("list[dict[str, Any]]", list(members.values("team_id").annotate(**columns)))
    for team_row in team_rows:
        for module in modules:
            found = _pair(team_row, module.pk)
            everyone = counts.get((module.pk, EVERYONE), (0, 0))
            counts[(module.pk, EVERYONE)] = (everyone[0] + found[0], everyone[1] + found[1])
            if team_row["team_id"] is not None:
                counts[(module.pk, ("team", team_row["team_id"]))] = found
    named = sorted(set(person_ids))
    if named:
        by_person = members.filter(user_id__in=named).values("user_id").annotate(**columns)
        person_rows = cast("list[dict[str, Any]]", list(by_person))
        for person_row in person_rows:
            for module in modules:
                counts[(module.pk, ("person", person_row["user_id"]))] = _pair(person_row, module.pk)
    return counts


def _planned_title(assignment: ModuleAssignment) -> str:
    try:
        planned = assignment.planned
    except ObjectDoesNotExist:
        return ""
    return planned.recommendation.title if planned.recommendation else ""


def assignments_with_completion(*, membership: Membership) -> list[Completion]:
    from modules.models import ModuleAssignment

    require_role(membership, Role.ASSESSMENT_LEAD)
    organisation = membership.organisation
    assignments = (
        ModuleAssignment.objects.filter(organisation=organisation)
        .select_related("module", "team", "user", "planned__recommendation")
        .order_by("due_date", "created_at")
    )
    return _assignment_completion(membership, assignments)
