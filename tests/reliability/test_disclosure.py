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
    from quizzes.planning.shared import minimum_group as planning_minimum

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


def test_attack_everyone_minus_two_teams_leaves_the_one_person_in_neither():
    everyone = set(range(11))
    team_a, team_b = set(range(5)), set(range(5, 10))  # person 10 is in no team
    views = {"everyone": everyone, "a": team_a, "b": team_b}
    for x, y in itertools.combinations(views.values(), 2):
        assert len(x ^ y) >= M  # every pair passes the pair rule...
    shown = disclosable_views(views, M)
    assert shown != set(views)  # ...but all three would give away person 10
    assert shown == {"everyone", "a"}  # the larger first; a tie goes to the view listed first


def test_teams_are_shown_when_the_rest_of_the_organisation_is_big_enough():
    everyone = set(range(20))
    views = {"everyone": everyone, "a": set(range(5)), "b": set(range(5, 10))}  # 10 people in neither
    assert disclosable_views(views, M) == set(views)


def derivable_supports(groups, weights=(-2, -1, 0, 1, 2)):
    """Every set of people a figure is about, when the figures of these groups are added and subtracted
    with these weights (a sum of counts or of ratings): the people whose weight does not cancel."""
    universe = set().union(*groups) if groups else set()
    for combination in itertools.product(weights, repeat=len(groups)):
        support = {p for p in universe if sum(w for w, g in zip(combination, groups, strict=True) if p in g)}
        yield support


def check_nothing_small_can_be_derived(views, minimum):
    shown = disclosable_views(views, minimum)
    groups = [frozenset(views[key]) for key in shown]
    for support in derivable_supports(groups):
        assert not 0 < len(support) < minimum, (views, shown, support)
    return shown


def small_figure_derivable(groups, minimum):
    return any(0 < len(support) < minimum for support in derivable_supports(groups))


def test_exhaustive_two_views_over_six_people():
    """Every pair of groups of six people, every minimum: no figure about fewer than the minimum can be
    worked out from the shown ones. When one group holds the other or they do not meet, exactly the pair
    rule: both are shown when they are big enough and differ by 0 or at least the minimum. Groups that
    overlap only in part may be withheld more often (the safe side)."""
    subsets = [frozenset(c) for r in range(7) for c in itertools.combinations(range(6), r)]
    for minimum in (1, 2, 3):
        for a, b in itertools.product(subsets, repeat=2):
            shown = check_nothing_small_can_be_derived({"a": a, "b": b}, minimum)
            if a <= b or b <= a or not a & b:
                fine = len(a) >= minimum and len(b) >= minimum and len(a ^ b) not in range(1, minimum)
                assert (shown == {"a", "b"}) is fine


def test_exhaustive_three_views_over_four_people():
    subsets = [frozenset(c) for r in range(5) for c in itertools.combinations(range(4), r)]
    for minimum in (2, 3):
        for a, b, c in itertools.combinations_with_replacement(subsets, 3):
            check_nothing_small_can_be_derived({"a": a, "b": b, "c": c}, minimum)


def test_exhaustive_everyone_and_teams_withhold_only_what_they_must():
    """Everyone and disjoint teams, as assignments are made (teams of 0 to 6, 0 to 6 people in no team):
    nothing small can be derived, everyone is shown when big enough, and each withheld view, if shown
    too, would let a figure about fewer than the minimum be worked out."""
    for sizes in itertools.product(range(7), repeat=3):
        start, teams = 0, {}
        for n, size in enumerate(sizes):
            teams[f"t{n}"] = frozenset(range(start, start + size))
            start += size
        for rest in range(7):
            views = {"everyone": frozenset(range(start + rest)), **teams}
            shown = check_nothing_small_can_be_derived(views, M)
            assert ("everyone" in shown) is (len(views["everyone"]) >= M)
            for key in set(views) - shown:
                more = [views[k] for k in shown] + [views[key]]
                assert len(views[key]) < M or small_figure_derivable(more, M), (views, shown, key)


@hsettings(max_examples=300, deadline=None)
@given(views_strategy)
def test_no_sum_or_difference_of_shown_views_is_about_a_small_group(views):
    groups = [frozenset(views[key]) for key in disclosable_views(views, M)]
    for support in derivable_supports(groups[:4], weights=(-1, 0, 1)):
        assert not 0 < len(support) < M
