"""Writes for assigning a recommendation's learning."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from modules import services as module_services
from modules.models import ModuleAssignment
from s2t_learn import rules
from s2t_learn.access import require_role
from s2t_learn.errors import NotFound
from s2t_learn.models import Membership, Role

from ...models import PlannedAssignment, Recommendation
from .. import shared

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from modules.models import ModulePage


def default_due_date() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(weeks=8)


# ---------------------------------------------------------------- assigning a recommendation's learning


def linked_modules(recommendation: Recommendation, setting: str = "") -> QuerySet[ModulePage]:
    """The live modules a step assigns; in a round for one setting, with that setting's module in
    place of another setting's (an early-years round gets the early-years module)."""
    from modules.models import ModulePage

    from ...assessment.settings import modules_for_setting

    through = Recommendation.modules.through.objects.filter(recommendation=recommendation)
    linked = ModulePage.objects.live().filter(pk__in=through.values("modulepage_id")).order_by("path")
    if not setting:
        return linked
    slugs = modules_for_setting(linked.values_list("slug", flat=True), setting)
    return ModulePage.objects.live().filter(slug__in=slugs).order_by("path")


@dataclass
class AssignResult:
    recommendation: Recommendation
    created: list[ModuleAssignment] = field(default_factory=list)
    already: list[ModuleAssignment] = field(default_factory=list)


@transaction.atomic
def assign_recommendation(
    *,
    membership: Membership,
    recommendation_key: str,
    team_id: int | str | None = None,
    due_date: datetime.date | str | None = None,
    round_id: int | None = None,
) -> AssignResult:
    """In one step, assign every module linked to a recommendation to the whole organisation or a team,
    with a due date. A module already assigned to the same people is not assigned twice."""
    require_role(membership, Role.ASSESSMENT_LEAD)
    organisation = membership.organisation
    recommendation = Recommendation.objects.filter(key=recommendation_key).first()
    if recommendation is None:
        raise NotFound
    round_ = shared.round_of(membership=membership, round_id=round_id)
    errors: dict[str, str] = {}
    modules = list(linked_modules(recommendation, round_.snapshot.get("setting") or "" if round_ else ""))
    if not modules:
        errors["__all__"] = _("This step has no learning linked to it, so there is nothing to assign.")
    team = rules.team_of_organisation(membership, team_id, errors)
    due = rules.date_from_today(
        due_date,
        errors,
        "due_date",
        label=_("due date"),
        required=_("Choose a due date, so people know when to finish the learning."),
    )
    if errors:
        raise ValidationError(errors)
    result = AssignResult(recommendation)
    existing = {
        a.module_id: a
        for a in ModuleAssignment.objects.filter(
            organisation=organisation, module__in=modules, team=team, user__isnull=True
        )
    }
    for module in modules:
        if module.pk in existing:
            result.already.append(existing[module.pk])
            continue
        assignment = module_services.create_assignment(
            membership=membership, module_id=module.pk, team_id=team.pk if team else None, due_date=due
        )
        PlannedAssignment.objects.create(assignment=assignment, recommendation=recommendation, round=round_)
        result.created.append(assignment)
    return result
