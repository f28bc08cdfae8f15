"""Writes for moderating a round's results: agreed answers and their record. Each takes the lead's checked
membership (s2t_learn/access.py); the actor is `membership.user`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from s2t_learn.errors import NotFound
from s2t_learn.models import Membership

from ... import continuum, continuum_levels
from ...models import AgreedAnswer
from .. import anonymity, selectors
from .. import snapshot as snap
from ..errors import ResultsWithheld

if TYPE_CHECKING:
    from ...models import Round

REASON_MAX = 2000


def _results_round_for_lead(membership: Membership, round_id: int) -> Round:
    round_ = selectors.round_for_lead(membership=membership, round_id=round_id)
    if not anonymity.results_visible(selectors.release(round_, membership=membership)):
        raise ResultsWithheld
    return round_


def _check_reason(reason: str | None) -> tuple[str, str | None]:
    reason = (reason or "").strip()
    if not reason:
        return reason, _("Say why the group agreed this answer, so the decision can be understood later.")
    if len(reason) > REASON_MAX:
        return reason, _("Keep the reason under %(n)s characters.") % {"n": REASON_MAX}
    return reason, None


def _record(membership: Membership, round_: Round, statement: dict[str, Any], value: str, reason: str) -> AgreedAnswer:
    answers = selectors.raw_answers(round_, membership=membership).get(statement["key"], [])
    return AgreedAnswer.objects.create(
        round=round_,
        statement_key=statement["key"],
        value=value,
        group_value=continuum.median_answer(statement["kind"], answers) or "",
        reason=reason,
        decided_by=membership.user,
        decided_at=timezone.now(),
    )


def moderate(
    *, membership: Membership, round_id: int, statement_key: str, value: str, reason: str | None
) -> AgreedAnswer:
    """Add an entry to the statement's moderation record. Earlier entries are kept as they were."""
    round_ = _results_round_for_lead(membership, round_id)
    statement = snap.statements_by_key(round_.snapshot).get(statement_key)
    if statement is None:
        raise NotFound
    errors: dict[str, str] = {}
    if value not in continuum_levels.valid_answers(statement["kind"], statement.get("applicability", False)):
        errors["value"] = _("Choose one of the answers offered.")
    reason, problem = _check_reason(reason)
    if problem:
        errors["reason"] = problem
    if errors:
        raise ValidationError(errors)
    return _record(membership, round_, statement, value, reason)


def leave_as_group_said(
    *, membership: Membership, round_id: int, statement_key: str, reason: str | None = None
) -> AgreedAnswer:
    """Record that the lead discussed the statement and left the group's answer standing (or withdrew an
    earlier agreed answer). A new entry: nothing is deleted."""
    round_ = _results_round_for_lead(membership, round_id)
    statement = snap.statements_by_key(round_.snapshot).get(statement_key)
    if statement is None:
        raise NotFound
    reason, problem = _check_reason(reason or _("Discussed; the group's answer stands."))
    if problem:
        raise ValidationError({"reason": problem})
    return _record(membership, round_, statement, "", reason)


def remove_moderation(*, membership: Membership, round_id: int, statement_key: str) -> AgreedAnswer:
    return leave_as_group_said(membership=membership, round_id=round_id, statement_key=statement_key)
