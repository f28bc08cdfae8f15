"""The before-and-after measure: a learner's own table and an organisation's cohort table.
Pure functions over plain data.

Privacy (DESIGN.md): an organisation never sees figures for a group smaller than the minimum group
(s2t_learn.disclosure), and sees before-and-after tables only for fixed, closed cohorts (closed_cohorts).
Only learners who answered both before and after count (matched pairs), unlike the published CORE
evaluation, whose before and after figures came from different groups of people.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from s2t_learn.disclosure import disclosable_views


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
            errors[key] = "This item is not part of the measure."
    return errors


# ---------------------------------------------------------------- fixed, closed cohorts


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter: number 1 is January to March."""

    year: int
    number: int

    @property
    def key(self):
        return f"{self.year}-Q{self.number}"

    @property
    def starts(self):
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def ends(self):
        """The first day after the quarter."""
        return self.next().starts

    @property
    def last_day(self):
        return self.ends - timedelta(days=1)

    def next(self):
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def has_ended(self, today):
        return today >= self.ends

    @classmethod
    def of(cls, day):
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def from_key(cls, key):
        year, number = key.split("-Q")
        return cls(int(year), int(number))


@dataclass(frozen=True)
class Rated:
    """One person's matched ratings: the day their "after" ratings were sent, and the day they joined."""

    person: object
    joined: date
    after_sent: date
    before: Mapping
    after: Mapping


@dataclass(frozen=True)
class Cohort:
    quarter: Quarter
    people: frozenset
    shown: bool


def closed_cohorts(rated: Sequence[Rated], today: date, *, minimum: int):
    """The cohorts a before-and-after table may be published for, oldest first.

    A cohort is the people who sent their "after" ratings in one calendar quarter while members of the
    organisation, with "before" ratings too. A quarter's cohort is published only once the quarter has
    ended, and only with at least `minimum` people; the caller fixes each quarter's figures the first
    time they are worked out and shows those ever after (quizzes.knowledge.measure.cohort).

    Why this stops "the table before and after one person joins": while a quarter is open nothing about
    it is shown, so nobody can read it before and after someone sends their ratings. Once it has ended
    nobody can join it: a person's "after" ratings are sent once, and someone who joins the organisation
    later was not a member when they sent theirs. Leaving cannot change it either, because its figures
    are fixed when first worked out. So each quarter has one table, ever; and tables of different
    quarters are about different people (each person is in one quarter at most), so no two tables differ
    by a few people, and the cell rule (s2t_learn.disclosure) holds by adding or subtracting them too.
    disclosable_views is applied across the quarters all the same, so that the one rule decides.
    """
    by_quarter = {}
    for person in rated:
        if not (person.before and person.after) or person.joined > person.after_sent:
            continue
        quarter = Quarter.of(person.after_sent)
        if quarter.has_ended(today):
            by_quarter.setdefault(quarter, set()).add(person.person)
    views = {quarter.key: people for quarter, people in sorted(by_quarter.items())}
    shown = disclosable_views(views, minimum)
    return [Cohort(quarter, frozenset(people), quarter.key in shown) for quarter, people in sorted(by_quarter.items())]


def cohort_rows(items: Sequence[Mapping], rated: Sequence[Rated]):
    """Mean ratings before and after over these people (the caller has checked they may be shown)."""
    return [
        Row(
            i["key"],
            i["text"],
            i["kind"],
            mean(r.before.get(i["key"]) for r in rated),
            mean(r.after.get(i["key"]) for r in rated),
        )
        for i in items
    ]
