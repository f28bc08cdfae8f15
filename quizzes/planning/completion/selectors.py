"""Reads for assigned learning and its completion, counted for audiences by the disclosure rule."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist

from s2t_learn.access import require_role
from s2t_learn.models import Membership, Role

from .. import shared

if TYPE_CHECKING:
    from collections.abc import Hashable, Iterable, Sequence
    from datetime import datetime

    from modules.models import ModuleAssignment, ModulePage
    from s2t_learn.models import Organisation

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


def _assignment_completion(organisation: Organisation, assignments: Iterable[ModuleAssignment]) -> list[Completion]:
    """Counts only, per assignment: how many of the people it is for have completed, started or not
    started the module (complete: the one rule, lessons read and quiz passed). Withheld below the minimum
    group, and withheld when the audience is too close to another that can be shown for the same module
    (shown_audiences). Six queries, however many assignments."""
    assignments = list(assignments)
    if not assignments:
        return []
    members = organisation_members([organisation.pk])[organisation.pk]
    modules = list({a.module_id: a.module for a in assignments}.values())
    progress = completion_by_person(modules, {m[0] for m in members})
    minimum = shared.minimum_group()
    shown = shown_audiences(assignments, members, minimum)
    rows: list[Completion] = []
    for assignment in assignments:
        people = audience(assignment, members)
        row = Completion(assignment, len(people), recommendation_title=_planned_title(assignment), minimum=minimum)
        if len(people) < minimum:
            row.withheld_because = WITHHELD_SMALL
        elif audience_key(assignment) not in shown[assignment.module_id]:
            row.withheld_because = WITHHELD_CLOSE
        else:
            states = [progress[assignment.module_id].get(u) for u in people]
            row.completed = sum(1 for s in states if s and s.is_complete)
            row.started = sum(1 for s in states if s and s.is_started and not s.is_complete)
            row.not_started = len(people) - row.completed - row.started
        rows.append(row)
    return rows


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
    return _assignment_completion(organisation, assignments)
