"""What the learning API reads for the signed-in learner: their own progress, answers, plans and modules."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from s2t_learn.errors import NotFound

from . import selectors
from .models import LessonProgress, PathwayPlan, ReflectiveAnswer

if TYPE_CHECKING:
    from datetime import datetime

    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet

    from s2t_learn.models import User

    from .models import ModulePage
    from .selectors import ModuleStatus


class PlanShown(TypedDict):
    pathway: str
    text: str
    updated_at: datetime | None


def my_lesson_progress(user: User) -> QuerySet[LessonProgress]:
    return LessonProgress.objects.filter(user=user).order_by("-updated_at")


def my_reflective_answers(user: User) -> QuerySet[ReflectiveAnswer]:
    return ReflectiveAnswer.objects.filter(user=user).order_by("-updated_at")


def plan_shown(slug: str, plan: PathwayPlan | None) -> PlanShown:
    """A learner's plan for a pathway as the API shows it: blank, never saved, when there is none."""
    return {"pathway": slug, "text": plan.text if plan else "", "updated_at": plan.updated_at if plan else None}


def my_plan(user: User | AnonymousUser, slug: str) -> PlanShown:
    pathway = selectors.pathway_by_slug(slug)
    plan = PathwayPlan.objects.filter(user=user, pathway=pathway).first() if user.is_authenticated else None
    return plan_shown(slug, plan)


def live_module(module_id: int) -> ModulePage:
    module = selectors.live_modules().filter(pk=module_id).first()
    if module is None:
        raise NotFound
    return module


def my_module_statuses(user: User | AnonymousUser) -> list[ModuleStatus]:
    """The learner's state in every live module, in curriculum order."""
    modules = list(selectors.live_modules())
    statuses = selectors.module_statuses(user, modules)
    return [statuses[module.pk] for module in modules]
