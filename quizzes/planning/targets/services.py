"""Writes for targets and the action plan."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from s2t_learn import rules
from s2t_learn.access import require_role
from s2t_learn.errors import NotFound
from s2t_learn.models import Membership, Role

from ...continuum_levels import ContinuumLevel
from ...models import ActionItem, Recommendation, TargetLevel
from .. import shared
from . import selectors as target_selectors

if TYPE_CHECKING:
    from collections.abc import Mapping

# ---------------------------------------------------------------- targets


def set_targets(
    *, membership: Membership, targets: Mapping[str, int | str | None] | None, team_id: int | str | None = None
) -> dict[str, int]:
    """Set (or, with an empty value, clear) the target level for each area given: {domain key: level},
    for the organisation's plan or (team_id) one team's."""
    require_role(membership, Role.ASSESSMENT_LEAD)
    organisation = membership.organisation
    team = target_selectors.scope_team(membership=membership, team_id=team_id)
    known = {d["key"] for d in target_selectors.known_domains(membership=membership)}
    allowed = {int(level) for level in ContinuumLevel if level > ContinuumLevel.DESTRUCTIVE}
    errors: dict[str, str] = {}
    clean: dict[str, int | None] = {}
    for key, value in (targets or {}).items():
        if key not in known:
            errors[key] = _("This area is not part of the self-assessment.")
            continue
        if value in (None, ""):
            clean[key] = None
            continue
        try:
            level = int(value)
        except (TypeError, ValueError):
            level = None
        if level not in allowed:
            errors[key] = _("Choose a level from Neglectful to Proficient, or no target.")
        else:
            clean[key] = level
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        for key, level in clean.items():
            if level is None:
                TargetLevel.objects.filter(organisation=organisation, team=team, domain_key=key).delete()
            else:
                TargetLevel.objects.update_or_create(
                    organisation=organisation,
                    team=team,
                    domain_key=key,
                    defaults={"level": level, "set_by": membership.user, "updated_at": now},
                )
    return target_selectors.target_levels(membership=membership, team=team)


# ---------------------------------------------------------------- the action plan

ITEM_FIELDS = ("outcome", "action", "lead_person", "target_date", "status", "progress_note", "domain_key")


def default_outcome(recommendation: Recommendation, domain_title: str) -> str:
    if recommendation.outcome:
        return recommendation.outcome
    level = ContinuumLevel.from_key(recommendation.level)
    following = ContinuumLevel(min(int(level) + 1, int(ContinuumLevel.PROFICIENT)))
    return _(
        "Practice in '%(area)s' moves up from %(level)s to %(next)s: the statements holding it back are met, "
        "seen in records, supervision and the next self-assessment."
    ) % {"area": domain_title, "level": level.label, "next": following.label}


def validate_action_item(
    data: Mapping[str, Any], *, membership: Membership, instance: ActionItem | None = None
) -> dict[str, Any]:
    """Check an action item's fields without saving, so a form can show every problem at once."""
    return _clean_item(data, membership, instance)


_ITEM_MODEL_FIELDS: dict[str, models.Field] = {
    name: field for name in ITEM_FIELDS if isinstance(field := ActionItem._meta.get_field(name), models.Field)
}
# Read from the model, so a new field needs no edit here: its free-text fields (stripped of surrounding
# space; a slug or a choice is not free text) and the fields a new item cannot go without.
TEXT_FIELDS = tuple(
    name
    for name, field in _ITEM_MODEL_FIELDS.items()
    if isinstance(field, (models.CharField, models.TextField))
    and not isinstance(field, models.SlugField)
    and not field.choices
)
REQUIRED_FIELDS = tuple(
    name for name, field in _ITEM_MODEL_FIELDS.items() if not field.blank and not field.has_default()
)
# Checked by the services, not by the model's full_clean: the relations are set by the services themselves.
SET_BY_THE_SERVICE = ("organisation", "team", "recommendation", "source_round", "created_by")


def _clean_item(data: Mapping[str, Any], membership: Membership, instance: ActionItem | None = None) -> dict[str, Any]:
    """The fields given, cleaned, or a ValidationError naming every problem at once.

    Each field's own rule (required, length, choice) is the model's, run by `full_clean` on a copy of
    the item with the new values; the two rules that need more than the item are checked here: a target
    date from today onwards (s2t_learn.rules) and an area of the organisation's self-assessment."""
    item = copy.copy(instance) if instance is not None else ActionItem()
    given = [name for name in ITEM_FIELDS if name in data or (instance is None and name in REQUIRED_FIELDS)]
    errors: dict[str, list[str]] = {}
    for name in given:
        value = data.get(name)
        if name in TEXT_FIELDS:
            setattr(item, name, (value or "").strip())
        elif name == "status":
            item.status = value or ActionItem.Status.NOT_STARTED
        elif name == "target_date":
            unchanged = instance.target_date if instance is not None else None
            found: dict[str, str] = {}
            item.target_date = rules.date_from_today(
                value, found, "target_date", label=_("target date"), unchanged=unchanged
            )
            errors.update({key: [message] for key, message in found.items()})
        elif name == "domain_key":
            item.domain_key = value or ""
            if item.domain_key and item.domain_key not in {
                d["key"] for d in target_selectors.known_domains(membership=membership)
            }:
                errors["domain_key"] = [_("Choose one of the self-assessment's areas, or none.")]
    for name, message in rules.model_field_problems(item, exclude=[*SET_BY_THE_SERVICE, *errors]).items():
        errors[name] = [message]
    if errors:
        raise ValidationError(errors)
    return {name: getattr(item, name) for name in given}


def _apply_status(item: ActionItem, previous_status: str | None) -> None:
    if item.status == ActionItem.Status.COMPLETED and previous_status != ActionItem.Status.COMPLETED:
        item.completed_at = timezone.now()
    elif item.status != ActionItem.Status.COMPLETED:
        item.completed_at = None


def create_action_item(
    *,
    membership: Membership,
    data: Mapping[str, Any],
    recommendation_key: str | None = None,
    round_id: int | None = None,
    team_id: int | str | None = None,
) -> ActionItem:
    """A new item in one scope's plan: the source round's scope, else the team given, else the organisation."""
    require_role(membership, Role.ASSESSMENT_LEAD)
    organisation = membership.organisation
    team = target_selectors.scope_team(membership=membership, team_id=team_id)
    recommendation = None
    if recommendation_key:
        recommendation = Recommendation.objects.filter(key=recommendation_key).first()
        if recommendation is None:
            raise ValidationError({"recommendation": _("There is no recommendation with this key.")})
    clean = _clean_item(data, membership)
    source = shared.round_of(membership=membership, round_id=round_id)
    item = ActionItem(
        organisation=organisation,
        team=source.team if source else team,
        recommendation=recommendation,
        source_round=source,
        created_by=membership.user,
        **clean,
    )
    if recommendation and not item.domain_key:
        item.domain_key = recommendation.domain_key
    _apply_status(item, None)
    item.save()
    return item


def add_from_recommendation(
    *, membership: Membership, recommendation_key: str, round_id: int | None = None
) -> tuple[ActionItem, bool]:
    """Make a chosen recommendation an action item, its action and outcome filled in to edit.
    Choosing it twice returns the item already in the plan. Returns (item, created)."""
    require_role(membership, Role.ASSESSMENT_LEAD)
    organisation = membership.organisation
    recommendation = Recommendation.objects.filter(key=recommendation_key).first()
    if recommendation is None:
        raise NotFound
    round_ = shared.round_of(membership=membership, round_id=round_id)
    existing = (
        # django-stubs takes no None for a foreign key's id; Django reads team_id=None as team IS NULL.
        ActionItem.objects.filter(  # type: ignore[misc]
            organisation=organisation, team_id=round_.team_id if round_ else None, recommendation=recommendation
        )
        .exclude(status=ActionItem.Status.COMPLETED)
        .first()
    )
    if existing:
        return existing, False
    titles = shared.domain_titles(round_.snapshot) if round_ else {}
    title = titles.get(recommendation.domain_key) or recommendation.domain_key.replace("_", " ")
    item = ActionItem.objects.create(
        organisation=organisation,
        team_id=round_.team_id if round_ else None,
        recommendation=recommendation,
        domain_key=recommendation.domain_key,
        source_round=round_,
        outcome=default_outcome(recommendation, title),
        action=f"{recommendation.title}. {recommendation.action}"[: ActionItem.TEXT_MAX],
        created_by=membership.user,
    )
    return item, True


def update_action_item(*, membership: Membership, item_id: int, data: Mapping[str, Any]) -> ActionItem:
    item = target_selectors.action_item_for(membership=membership, item_id=item_id)
    clean = _clean_item(data, membership, instance=item)
    previous_status = item.status
    for name, value in clean.items():
        setattr(item, name, value)
    _apply_status(item, previous_status)
    item.updated_at = timezone.now()
    item.save()
    return item


def delete_action_item(*, membership: Membership, item_id: int) -> None:
    target_selectors.action_item_for(membership=membership, item_id=item_id).delete()


def add_action_item(
    *, membership: Membership, data: dict[str, Any], recommendation_key: str | None = None, round_id: int | None = None
) -> ActionItem:
    """An item by hand, or from a recommendation: its action and outcome fill in what `data` leaves out,
    and the fields `data` does give are then applied to it."""
    if recommendation_key and not (data.get("outcome") and data.get("action")):
        item, _created = add_from_recommendation(
            membership=membership, recommendation_key=recommendation_key, round_id=round_id
        )
        if data:
            item = update_action_item(membership=membership, item_id=item.pk, data=data)
        return item
    return create_action_item(
        membership=membership, data=data, recommendation_key=recommendation_key, round_id=round_id
    )
