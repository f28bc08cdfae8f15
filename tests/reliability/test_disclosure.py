"""Aggregates that resist differencing (issue 16, item 9): the pure rule and the attacks."""

import itertools

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from s2t_learn.disclosure import disclosable_views, minimum_group

M = 5


def test_one_setting_read_through_one_function(settings):
    settings.LEARNER_STATS_MINIMUM_GROUP = 7
    assert minimum_group() == 7
    from quizzes.planning.selectors import minimum_group as planning_minimum

    assert planning_minimum() == 7


def test_small_groups_are_withheld():
    assert disclosable_views({"team": range(4)}, M) == set()
    assert disclosable_views({"team": range(5)}, M) == {"team"}


def test_attack_everyone_versus_a_team_that_leaves_one_person_out():
    everyone = set(range(12))
    all_but_one = everyone - {7}
    shown = disclosable_views({"everyone": everyone, "team": all_but_one}, M)
    assert shown == {"everyone"}  # subtracting the two would reveal person 7


def test_attack_cohort_before_and_after_one_person_joins():
    before = set(range(8))
    after = before | {99}
    assert disclosable_views({"before": before, "after": after}, M) == {"after"}


def test_views_that_differ_by_the_minimum_are_both_shown():
    everyone = set(range(20))
    team = set(range(15))
    assert disclosable_views({"everyone": everyone, "team": team}, M) == {"everyone", "team"}


def test_identical_views_do_not_clash():
    group = set(range(6))
    assert disclosable_views({"a": group, "b": set(group)}, M) == {"a", "b"}


def test_a_chain_of_small_differences_cannot_be_walked():
    views = {f"v{n}": set(range(n, n + 10)) for n in range(5)}  # each differs from the next by 2
    shown = disclosable_views(views, M)
    for a, b in itertools.combinations(shown, 2):
        assert len(views[a] ^ views[b]) >= M


@pytest.mark.parametrize("minimum", [1, 3, 5])
def test_the_minimum_is_respected(minimum):
    assert disclosable_views({"x": range(minimum)}, minimum) == {"x"}


views_strategy = st.dictionaries(
    st.text(min_size=1, max_size=3), st.frozensets(st.integers(0, 15), max_size=16), max_size=6
)


@hsettings(max_examples=300, deadline=None)
@given(views_strategy)
def test_no_two_shown_views_can_be_differenced(views):
    shown = disclosable_views(views, M)
    assert all(len(views[key]) >= M for key in shown)
    for a, b in itertools.combinations(shown, 2):
        difference = len(views[a] ^ views[b])
        assert difference == 0 or difference >= M
    # The largest view with enough people is always shown: the rule withholds no more than it must.
    big = [key for key in views if len(views[key]) >= M]
    if big:
        assert any(len(views[key]) == max(len(views[k]) for k in big) for key in shown)
