"""Writes for the curriculum: progress, written answers and assignments. Views and the API call these."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from s2t_learn import rules
from s2t_learn.access import require_role
from s2t_learn.errors import NotFound
from s2t_learn.models import Membership, Role

from .blocks import WRITTEN_ANSWER_BLOCKS
from .models import LessonPage, LessonProgress, ModuleAssignment, ModulePage, ReflectiveAnswer

if TYPE_CHECKING:
    from datetime import date

    from s2t_learn.models import User

    from .models import Pathway, PathwayPlan
    from .selectors_api import PlanShown

SECTION_MAX = 100


def live_lesson(lesson_id: int) -> LessonPage:
    lesson = LessonPage.objects.live().public().filter(pk=lesson_id).first()
    if lesson is None:
        raise NotFound
    return lesson


def _module_of(lesson: LessonPage) -> ModulePage:
    return ModulePage.objects.parent_of(lesson).get()


def record_place(user: User, lesson: LessonPage, section: str = "") -> LessonProgress:
    """Remember where the learner is: this lesson and, when known, the section (a heading's anchor)."""
    section = (section or "")[:SECTION_MAX]
    progress, created = LessonProgress.objects.get_or_create(
        user=user, lesson=lesson, defaults={"module": _module_of(lesson), "last_section": section}
    )
    if not created:
        progress.last_section = section or progress.last_section
        progress.updated_at = timezone.now()
        progress.save(update_fields=["last_section", "updated_at"])
    return progress


def complete_lesson(user: User, lesson: LessonPage, completed: bool = True) -> LessonProgress:
    from .signals import lesson_completed

    progress = record_place(user, lesson)
    newly = completed and progress.completed_at is None
    if newly:
        progress.completed_at = timezone.now()
    elif not completed:
        progress.completed_at = None
    progress.save(update_fields=["completed_at"])
    if newly:
        lesson_completed.send(sender=LessonProgress, user=user, module_id=progress.module_id)
    return progress


def update_progress(user: User, lesson_id: int, section: str = "", completed: bool | None = None) -> LessonProgress:
    """Record the learner's place in a live lesson and, when `completed` is given, mark it read or not."""
    lesson = live_lesson(lesson_id)
    progress = record_place(user, lesson, section)
    if completed is not None:
        progress = complete_lesson(user, lesson, completed)
    return progress


def save_pathway_plan(user: User, slug: str, text: str) -> PlanShown:
    from . import selectors, selectors_api

    return selectors_api.plan_shown(slug, save_plan(user, selectors.pathway_by_slug(slug), text))


def written_block_ids(lesson: LessonPage) -> set[str]:
    return {block.id for block in lesson.body if block.block_type in WRITTEN_ANSWER_BLOCKS}


def normalise_newlines(text: str | None) -> str:
    """A form posts each line break as CRLF; count and keep it as one character, as the page counts it."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def too_long_message(what: str, length: int, limit: int) -> str:
    over = length - limit
    return ngettext(
        "%(what)s is %(over)s character too long: it can be up to %(limit)s. Nothing has been saved or lost: "
        "your text is still here to shorten, then save again.",
        "%(what)s is %(over)s characters too long: it can be up to %(limit)s. Nothing has been saved or lost: "
        "your text is still here to shorten, then save again.",
        over,
    ) % {"what": what, "over": f"{over:,}", "limit": f"{limit:,}"}


def save_answer(user: User, lesson: LessonPage, block_id: str, text: str) -> ReflectiveAnswer:
    """Keep what the learner wrote. Saving the same text twice changes nothing."""
    if block_id not in written_block_ids(lesson):
        raise ValidationError({"block_id": _("This lesson has no question to answer with that id.")})
    text = normalise_newlines(text)
    if len(text) > ReflectiveAnswer.MAX_LENGTH:
        raise ValidationError({"text": too_long_message(_("Your answer"), len(text), ReflectiveAnswer.MAX_LENGTH)})
    answer, created = ReflectiveAnswer.objects.get_or_create(
        user=user, lesson=lesson, block_id=block_id, defaults={"text": text}
    )
    if not created and answer.text != text:
        answer.text = text
        answer.updated_at = timezone.now()
        answer.save(update_fields=["text", "updated_at"])
    record_place(user, lesson, f"block-{block_id}")
    return answer


def delete_answer(user: User, lesson: LessonPage, block_id: str) -> None:
    ReflectiveAnswer.objects.filter(user=user, lesson=lesson, block_id=block_id).delete()


def create_assignment(
    *,
    membership: Membership,
    module_id: int | str,
    team_id: int | str | None = None,
    user_id: int | str | None = None,
    user_email: str | None = None,
    due_date: date | str | None = None,
) -> ModuleAssignment:
    """An assessment lead or admin assigns a module to everyone, a team, or one member (by their account or
    the email address they sign in with)."""
    organisation = require_role(membership, Role.ASSESSMENT_LEAD).organisation
    errors: dict[str, str] = {}
    module = ModulePage.objects.live().filter(pk=module_id).first() if module_id else None
    if module is None:
        errors["module"] = _("Choose a module.")
    if team_id and (user_id or user_email):
        errors["team"] = _("Assign to a team or to one person, not both.")
    team = rules.team_of_organisation(membership, team_id, errors)
    member = None
    if user_id:
        member = Membership.objects.filter(organisation=organisation, user_id=user_id).select_related("user").first()
        if member is None:
            errors["user"] = _("Choose a member of this organisation.")
    elif user_email:
        member = (
            Membership.objects.filter(organisation=organisation, user__email__iexact=user_email.strip())
            .select_related("user")
            .first()
        )
        if member is None:
            errors["person_email"] = _("Nobody with this email address is a member of the organisation.")
    due_date = rules.date_from_today(due_date, errors, "due_date", label=_("due date"))
    if errors:
        raise ValidationError(errors)
    assert module is not None  # otherwise errors names it
    return ModuleAssignment.objects.create(
        organisation=organisation,
        module=module,
        team=team,
        user=member.user if member else None,
        due_date=due_date,
        assigned_by=membership.user,
    )


def delete_assignment(*, membership: Membership, assignment_id: int) -> None:
    require_role(membership, Role.ASSESSMENT_LEAD)
    deleted, _count = ModuleAssignment.objects.filter(organisation=membership.organisation, pk=assignment_id).delete()
    if not deleted:
        raise NotFound


def save_plan(user: User, pathway: Pathway, text: str) -> PathwayPlan:
    from .models import PathwayPlan

    text = normalise_newlines(text)
    if len(text) > PathwayPlan.MAX_LENGTH:
        raise ValidationError({"text": too_long_message(_("Your plan"), len(text), PathwayPlan.MAX_LENGTH)})
    plan, created = PathwayPlan.objects.get_or_create(user=user, pathway=pathway, defaults={"text": text})
    if not created and plan.text != text:
        plan.text = text
        plan.updated_at = timezone.now()
        plan.save(update_fields=["text", "updated_at"])
    return plan
