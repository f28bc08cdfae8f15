"""Rules several services share, one function each (issue 14): a team must be one of the caller's
organisation, a chosen date must be a real date from today onwards, and a model's own field rules are
reported field by field (model_field_problems). Each of the first two returns the checked value
and, on a problem, puts its message in `errors` under the field's name, so a service reports every
problem at once (its ValidationError)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from .models import Team

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.db.models import Model
    from django.utils.functional import _StrPromise as StrPromise

    from .models import Membership

TEAM_NOT_IN_ORGANISATION = _("Choose one of this organisation's teams, or the whole organisation.")


def as_date(value: object) -> datetime.date | None:
    """A date from a date, a datetime or ISO text; None for nothing; ValueError for text that is no date
    (including a well-formed impossible one such as 2027-02-30)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date) or value is None:
        return value
    text = str(value).strip()
    if not text:
        return None
    parsed = parse_date(text)
    if parsed is None:
        raise ValueError(text)
    return parsed


def team_of_organisation(
    membership: Membership, team_id: int | str | None, errors: dict, field: str = "team"
) -> Team | None:
    """The caller's organisation's team `team_id`, or None for the whole organisation (no team given)."""
    if not team_id:
        return None
    team = Team.objects.filter(organisation_id=membership.organisation_id, pk=team_id).first()
    if team is None:
        errors[field] = TEAM_NOT_IN_ORGANISATION
    return team


def date_from_today(
    value: object,
    errors: dict,
    field: str,
    *,
    label: StrPromise | str,
    required: StrPromise | str | None = None,
    unchanged: datetime.date | None = None,
    today: datetime.date | None = None,
) -> datetime.date | None:
    """A real date, today or later. `label` names it in messages ("due date"); `required` is the message
    when none is given (None: it may be left empty); `unchanged`, an earlier value that may stay as it is
    even once past (an item saved before its date went by)."""
    try:
        parsed = as_date(value)
    except ValueError:
        errors[field] = _("Enter the %(label)s as a real date, for example 2027-03-31.") % {"label": label}
        return None
    if parsed is None:
        if required:
            errors[field] = required
        return None
    if parsed != unchanged and parsed < (today or timezone.localdate()):
        errors[field] = _("The %(label)s must be today or later.") % {"label": label}
    return parsed


def model_field_problems(instance: Model, *, exclude: Iterable[str] = ()) -> dict[str, str]:
    """{field: its first problem} by the model's own rules for each field (full_clean, without the
    constraints, which need the database), for the fields not excluded: a service adds these to the
    problems it finds itself and reports them all at once."""
    try:
        instance.full_clean(exclude=list(exclude), validate_constraints=False)
    except ValidationError as error:
        return {name: messages[0] for name, messages in error.message_dict.items()}
    return {}
