"""Writes for moderating a round's results: agreed answers and their record."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from s2t_learn.selectors import membership_for

from ... import continuum, continuum_levels
from ...models import AgreedAnswer
from .. import anonymity, selectors
from .. import snapshot as snap
from ..errors import ResultsWithheld

REASON_MAX = 2000


def _results_round_for_lead(actor, slug, round_id):
    round_ = selectors.round_for_lead(membership=membership_for(actor, slug), round_id=round_id)
    if not anonymity.results_visible(selectors.release(round_)):
        raise ResultsWithheld
    return round_


def _check_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        return reason, _("Say why the group agreed this answer, so the decision can be understood later.")
    if len(reason) > REASON_MAX:
        return reason, _("Keep the reason under %(n)s characters.") % {"n": REASON_MAX}
    return reason, None


def _record(round_, statement, actor, value, reason):
    answers = selectors.raw_answers(round_).get(statement["key"], [])
    return AgreedAnswer.objects.create(
        round=round_,
        statement_key=statement["key"],
        value=value,
        group_value=continuum.median_answer(statement["kind"], answers) or "",
        reason=reason,
        decided_by=actor,
        decided_at=timezone.now(),
    )


def moderate(actor, slug, round_id, statement_key, value, reason):
    """Add an entry to the statement's moderation record. Earlier entries are kept as they were."""
    round_ = _results_round_for_lead(actor, slug, round_id)
    statement = snap.statements_by_key(round_.snapshot).get(statement_key)
    if statement is None:
        raise Http404
    errors = {}
    if value not in continuum_levels.valid_answers(statement["kind"], statement.get("applicability", False)):
        errors["value"] = _("Choose one of the answers offered.")
    reason, problem = _check_reason(reason)
    if problem:
        errors["reason"] = problem
    if errors:
        raise ValidationError(errors)
    return _record(round_, statement, actor, value, reason)


def leave_as_group_said(actor, slug, round_id, statement_key, reason=None):
    """Record that the lead discussed the statement and left the group's answer standing (or withdrew an
    earlier agreed answer). A new entry: nothing is deleted."""
    round_ = _results_round_for_lead(actor, slug, round_id)
    statement = snap.statements_by_key(round_.snapshot).get(statement_key)
    if statement is None:
        raise Http404
    reason, problem = _check_reason(reason or _("Discussed; the group's answer stands."))
    if problem:
        raise ValidationError({"reason": problem})
    return _record(round_, statement, actor, "", reason)


def remove_moderation(actor, slug, round_id, statement_key):
    return leave_as_group_said(actor, slug, round_id, statement_key)
