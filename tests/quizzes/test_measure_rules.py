import itertools
from datetime import date, timedelta

import pytest

from quizzes.knowledge.measure_rules import (
    Quarter,
    Rated,
    closed_cohorts,
    cohort_rows,
    mean,
    my_table,
    validate_ratings,
)

ITEMS = [
    {"key": "k1", "text": "Knowledge one", "kind": "knowledge"},
    {"key": "c1", "text": "Confidence", "kind": "confidence"},
]


def test_my_table_change():
    rows = my_table(ITEMS, {"k1": 2, "c1": 3}, {"k1": 4})
    assert [(r.key, r.before, r.after, r.change) for r in rows] == [("k1", 2, 4, 2), ("c1", 3, None, None)]


def _rated(before, after):
    return Rated(object(), date(2026, 1, 5), date(2026, 2, 5), before, after)


def test_cohort_means_on_known_data():
    rated = [_rated({"k1": b, "c1": 1}, {"k1": a, "c1": 5}) for b, a in [(1, 3), (2, 4), (3, 5), (2, 2), (2, 4)]]
    rows = cohort_rows(ITEMS, rated)
    assert (rows[0].before, rows[0].after, rows[0].change) == (2.0, 3.6, 1.6)
    assert (rows[1].before, rows[1].after, rows[1].change) == (1.0, 5.0, 4.0)


def test_the_minimum_is_never_a_default_of_its_own():
    """The one minimum is the setting (s2t_learn.disclosure.minimum_group): the rule has no other."""
    import inspect

    import quizzes.knowledge.measure_rules

    assert not hasattr(quizzes.knowledge.measure_rules, "MIN_GROUP")
    assert inspect.signature(closed_cohorts).parameters["minimum"].default is inspect.Parameter.empty


def test_mean_ignores_missing():
    assert mean([1, None, 2]) == 1.5 and mean([]) is None


@pytest.mark.parametrize(
    ("ratings", "bad"),
    [
        ({"k1": 1, "c1": 5}, set()),
        ({"k1": "3", "c1": "4"}, set()),
        ({"k1": 0, "c1": 6}, {"k1", "c1"}),
        ({"k1": "x"}, {"k1", "c1"}),
        ({"k1": 2.5, "c1": 2}, {"k1"}),
        ({"k1": 1, "c1": 1, "zz": 3}, {"zz"}),
    ],
)
def test_validate_ratings(ratings, bad):
    assert set(validate_ratings(["k1", "c1"], ratings)) == bad


# ---------------------------------------------------------------- fixed, closed cohorts


def rated(person, after_sent, joined=None, before=None, after=None):
    before = {"k1": 2} if before is None else before
    after = {"k1": 4} if after is None else after
    return Rated(person, joined or after_sent - timedelta(days=1), after_sent, before, after)


def test_every_day_belongs_to_one_quarter():
    day = date(2023, 1, 1)
    while day < date(2028, 1, 1):
        quarter = Quarter.of(day)
        assert quarter.starts <= day <= quarter.last_day < quarter.ends
        assert Quarter.from_key(quarter.key) == quarter and quarter.next().starts == quarter.ends
        assert not quarter.has_ended(day) and quarter.has_ended(quarter.ends)
        day += timedelta(days=1)
    assert Quarter.of(date(2026, 3, 31)).key == "2026-Q1" and Quarter.of(date(2026, 4, 1)).key == "2026-Q2"
    assert Quarter(2026, 4).ends == date(2027, 1, 1)


def test_only_ended_quarters_with_enough_matched_members_are_shown():
    in_q1 = [rated(n, date(2026, 2, 1)) for n in range(5)]
    small_q2 = [rated(10 + n, date(2026, 5, 1)) for n in range(4)]
    open_q3 = [rated(20 + n, date(2026, 8, 1)) for n in range(9)]
    left_out = [
        rated(30, date(2026, 2, 1), joined=date(2026, 2, 2)),  # joined after sending: not the organisation's
        rated(31, date(2026, 2, 1), before={}),  # no "before" ratings (skipped): not matched
    ]
    cohorts = closed_cohorts(in_q1 + small_q2 + open_q3 + left_out, today=date(2026, 8, 15), minimum=5)
    assert [(c.quarter.key, len(c.people), c.shown) for c in cohorts] == [("2026-Q1", 5, True), ("2026-Q2", 4, False)]
    assert closed_cohorts(in_q1, today=date(2026, 3, 31), minimum=5) == []  # the last day is not the end
    assert closed_cohorts(in_q1, today=date(2026, 4, 1), minimum=5)[0].shown


def test_cohort_rows_are_means_over_the_people_given():
    items = [{"key": "k1", "text": "One", "kind": "knowledge"}]
    people = [rated(1, date(2026, 1, 5), before={"k1": 1}, after={"k1": 3}), rated(2, date(2026, 1, 5))]
    [row] = cohort_rows(items, people)
    assert (row.before, row.after, row.change) == (1.5, 3.5, 2.0)


DAYS = [date(2026, 3, 31), date(2026, 4, 1), date(2026, 6, 30), date(2026, 7, 1)]
JOINED = (-1, 1, 100)  # days from sending: before, just after, and after the quarter has ended


def test_exhaustive_no_reading_at_any_time_differs_from_another_by_a_few_people():
    """The attack "read the table, let one person join, read it again", over every timeline of four
    people (each sends "after" ratings on one of four days around quarter ends, and joined before
    sending, just after or in a later quarter), read on every day: each quarter is only ever shown for
    one group of people, and nothing about fewer than the minimum can be worked out from all the
    readings together."""
    from tests.reliability.test_disclosure import derivable_supports

    minimum = 2
    options = [(sent, sent + timedelta(days=k)) for sent in DAYS for k in JOINED]
    readings_days = sorted({d for sent, joined in options for d in (sent, joined, joined + timedelta(days=1))})
    for timeline in itertools.product(options, repeat=4):
        people = [rated(n, sent, joined=joined) for n, (sent, joined) in enumerate(timeline)]
        ever_shown = {}
        for today in readings_days:
            # What exists on that day: people who have joined, ratings that have been sent.
            known = [p for p in people if p.joined <= today and p.after_sent <= today]
            for cohort in closed_cohorts(known, today, minimum=minimum):
                assert cohort.quarter.has_ended(today)
                if cohort.shown:
                    ever_shown.setdefault(cohort.quarter, set()).add(cohort.people)
        assert all(len(groups) == 1 for groups in ever_shown.values()), (timeline, ever_shown)
        groups = [group for quarter_groups in ever_shown.values() for group in quarter_groups]
        for support in derivable_supports(groups, weights=(-1, 0, 1)):
            assert not 0 < len(support) < minimum
