"""The pure parts of action planning: the order of next steps, gaps, and comparing rounds and frameworks."""

import itertools

from quizzes.continuum import DomainPlacement
from quizzes.continuum_levels import ContinuumLevel as L
from quizzes.planning.comparison import compare
from quizzes.planning.recommendations.ordering import DomainLevel, Group, Step, gap, grouped, order_next_steps


def levels(**by_domain):
    return [DomainLevel(key, level) for key, level in by_domain.items()]


def keys(ordered):
    return [o.key for o in ordered]


def test_destructive_first_then_several_then_the_rest_weakest_first():
    domains = levels(a=L.COMPETENT, b=L.DESTRUCTIVE, c=L.NEGLECTFUL, d=L.PRE_COMPETENT, e=L.PRE_COMPETENT)
    steps = [
        Step("rest-d", "d", L.PRE_COMPETENT),
        Step("several-e", "e", L.PRE_COMPETENT, lifts=("a",)),
        Step("rest-c", "c", L.NEGLECTFUL),
        Step("harm-b", "b", L.DESTRUCTIVE),
        Step("rest-a", "a", L.COMPETENT),
        Step("wrong-level", "a", L.NEGLECTFUL),  # written for a level the area is not at
    ]
    ordered = order_next_steps(domains, steps)
    # A Destructive area makes the overall level Destructive, so it is the limiting area: its steps come
    # first, and the Neglectful area sorts first among the rest.
    assert keys(ordered) == ["harm-b", "several-e", "rest-c", "rest-d", "rest-a"]
    assert [o.group for o in ordered] == [Group.DESTRUCTIVE, Group.LIFTS_SEVERAL, Group.REST, Group.REST, Group.REST]


def test_limiting_area_comes_before_steps_that_lift_several():
    domains = levels(a=L.COMPETENT, c=L.NEGLECTFUL, d=L.PRE_COMPETENT, e=L.PRE_COMPETENT)
    steps = [
        Step("rest-d", "d", L.PRE_COMPETENT),
        Step("several-e", "e", L.PRE_COMPETENT, lifts=("a", "d")),
        Step("limiting-c", "c", L.NEGLECTFUL),
        Step("rest-a", "a", L.COMPETENT),
    ]
    ordered = order_next_steps(domains, steps)
    assert keys(ordered) == ["limiting-c", "several-e", "rest-d", "rest-a"]
    assert [o.group for o in ordered] == [Group.LIMITING, Group.LIFTS_SEVERAL, Group.REST, Group.REST]
    assert ordered[1].lifted == ["e", "a", "d"]


def test_lifting_only_proficient_areas_does_not_count_as_several():
    domains = levels(a=L.PROFICIENT, c=L.NEGLECTFUL, e=L.PRE_COMPETENT)
    ordered = order_next_steps(domains, [Step("e1", "e", L.PRE_COMPETENT, lifts=("a", "unknown"))])
    assert ordered[0].group == Group.REST and ordered[0].lifted == ["e"]


def test_several_limiting_areas_and_ties():
    domains = levels(x=L.NEGLECTFUL, y=L.NEGLECTFUL, z=L.COMPETENT)
    steps = [
        Step("y2", "y", L.NEGLECTFUL, sort_order=2),
        Step("y1", "y", L.NEGLECTFUL, sort_order=1),
        Step("x-lifts", "x", L.NEGLECTFUL, lifts=("z",)),
        Step("x", "x", L.NEGLECTFUL),
    ]
    ordered = order_next_steps(domains, steps)
    # All limiting; within the group more lifted areas first, then the framework's order, then the library's.
    assert keys(ordered) == ["x-lifts", "x", "y1", "y2"]
    assert {o.group for o in ordered} == {Group.LIMITING}


def test_proficient_everywhere_has_no_steps():
    domains = levels(a=L.PROFICIENT, b=L.PROFICIENT)
    assert order_next_steps(domains, [Step("a", "a", L.COMPETENT)]) == []


def test_order_does_not_depend_on_the_librarys_order():
    domains = levels(a=L.DESTRUCTIVE, b=L.NEGLECTFUL, c=L.PRE_COMPETENT, d=L.COMPETENT)
    steps = [
        Step("a", "a", L.DESTRUCTIVE),
        Step("b", "b", L.NEGLECTFUL),
        Step("c", "c", L.PRE_COMPETENT, lifts=("d",)),
        Step("d", "d", L.COMPETENT),
    ]
    expected = keys(order_next_steps(domains, steps))
    assert expected == ["a", "c", "b", "d"]
    for permutation in itertools.permutations(steps):
        assert keys(order_next_steps(domains, list(permutation))) == expected


def test_grouped_keeps_order_and_drops_empty_groups():
    domains = levels(a=L.NEGLECTFUL, b=L.COMPETENT)
    ordered = order_next_steps(domains, [Step("b", "b", L.COMPETENT), Step("a", "a", L.NEGLECTFUL)])
    assert [(g, [o.key for o in items]) for g, items in grouped(ordered)] == [
        (Group.LIMITING, ["a"]),
        (Group.REST, ["b"]),
    ]


def test_gap():
    assert gap(L.NEGLECTFUL, 4) == 2
    assert gap(L.PROFICIENT, 4) == 0
    assert gap(None, 4) is None and gap(L.COMPETENT, None) is None


def placement(domain, level, progress=0):
    return DomainPlacement(domain, level, progress, [], [], [])


def test_compare_domains_before_and_after():
    before = [placement("a", L.NEGLECTFUL, 50), placement("b", L.COMPETENT), placement("gone", L.COMPETENT)]
    after = [placement("a", L.PRE_COMPETENT, 25), placement("b", L.PRE_COMPETENT, 50), placement("new", L.NEGLECTFUL)]
    rows = compare.compare_domains(before, after, {"a": "Area A"})
    assert [(r.key, r.direction, r.level_change) for r in rows] == [
        ("a", "up", 1),
        ("b", "down", -1),
        ("new", "new", None),
        ("gone", "removed", None),
    ]
    assert rows[0].title == "Area A" and rows[0].score_before == 2.5 and rows[0].score_after == 3.25
    same = compare.compare_domains([placement("a", L.COMPETENT, 20)], [placement("a", L.COMPETENT, 20)], {})
    assert same[0].direction == "same"
    assert compare.overall_change(L.NEGLECTFUL, L.COMPETENT) == 2


def snapshot(version, domains):
    return {"framework": {"id": 1, "name": "F", "version": version}, "domains": domains}


def test_framework_diff():
    old = snapshot(
        1,
        [
            {
                "key": "a",
                "title": "A",
                "statements": [{"key": "a1", "kind": "gate", "level": "competent", "text": "x"}],
            },
            {
                "key": "b",
                "title": "B",
                "statements": [{"key": "b1", "kind": "destructive", "level": None, "text": "y"}],
            },
        ],
    )
    new = snapshot(
        2,
        [
            {
                "key": "a",
                "title": "A renamed",
                "statements": [
                    {"key": "a1", "kind": "gate", "level": "proficient", "text": "x"},
                    {"key": "a2", "kind": "gate", "level": "competent", "text": "z"},
                ],
            },
            {"key": "c", "title": "C", "statements": []},
        ],
    )
    diff = compare.framework_diff(old, new)
    assert not diff.same_version and diff.has_changes
    assert diff.domains_added == ["C"] and diff.domains_removed == ["B"]
    assert diff.domains_renamed == [("A", "A renamed")]
    assert [s["key"] for s in diff.statements_added] == ["a2"]
    assert [s["key"] for s in diff.statements_removed] == ["b1"]
    assert [(o["level"], n["level"]) for o, n in diff.statements_changed] == [("competent", "proficient")]
    unchanged = compare.framework_diff(old, old)
    assert unchanged.same_version and not unchanged.has_changes


def test_framework_diff_notes_a_different_rule_or_setting():
    old = {"framework": {"id": 1, "version": 1}, "partly_passes": False, "domains": []}
    new = {
        "framework": {"id": 2, "version": 2},
        "rule": {"version": 2, "partly_per_gate": 1},
        "setting": "early_years",
        "domains": [],
    }
    diff = compare.framework_diff(old, new)
    assert (diff.rule_before, diff.rule_after, diff.same_rule) == (1, 2, False)
    assert not diff.same_setting and not diff.same_version
    same = compare.framework_diff(new, new)
    assert same.same_rule and same.same_setting and same.same_version
