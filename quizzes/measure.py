"""The before-and-after measure: a learner's own table and an organisation's cohort table.
Pure functions over plain data.

Privacy (DESIGN.md): an organisation never sees figures for a group smaller than MIN_GROUP people.
Only learners who answered both before and after count (matched pairs), unlike the published CORE
evaluation, whose before and after figures came from different groups of people.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

MIN_GROUP = 5


@dataclass(frozen=True)
class Row:
    key: str
    text: str
    kind: str
    before: float | None
    after: float | None
    follow_up: float | None = None

    @property
    def change(self):
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 2)


def my_table(items: Sequence[Mapping], before=None, after=None, follow_up=None):
    before, after, follow_up = before or {}, after or {}, follow_up or {}
    return [
        Row(i["key"], i["text"], i["kind"], before.get(i["key"]), after.get(i["key"]), follow_up.get(i["key"]))
        for i in items
    ]


def mean(values):
    values = [v for v in values if v is not None]
    return round(sum(values) / len(values), 2) if values else None


def cohort_table(items: Sequence[Mapping], pairs: Sequence[tuple[Mapping, Mapping]], minimum=MIN_GROUP):
    """(rows, matched_count), or (None, matched_count) when fewer than `minimum` learners answered both."""
    matched = [(b, a) for b, a in pairs if b and a]
    if len(matched) < minimum:
        return None, len(matched)
    rows = [
        Row(
            i["key"],
            i["text"],
            i["kind"],
            mean(b.get(i["key"]) for b, _ in matched),
            mean(a.get(i["key"]) for _, a in matched),
        )
        for i in items
    ]
    return rows, len(matched)


def validate_ratings(item_keys: Sequence[str], ratings: Mapping) -> dict:
    """Every item rated with a whole number from 1 to 5. Returns {key: message} for each problem."""
    errors = {}
    for key in item_keys:
        value = ratings.get(key)
        try:
            number = int(value)
        except (TypeError, ValueError):
            errors[key] = "Choose a rating from 1 to 5."
            continue
        if str(number) != str(value).strip() or not 1 <= number <= 5:
            errors[key] = "Choose a rating from 1 to 5."
    for key in ratings:
        if key not in item_keys:
            errors[key] = "This item is not part of the survey."
    return errors
