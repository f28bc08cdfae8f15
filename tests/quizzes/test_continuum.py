"""The placement rule, exhaustively. Pure functions: no database."""

import itertools
import random

import pytest

from quizzes.continuum import (
    DONT_KNOW,
    ContinuumLevel,
    Kind,
    Statement,
    aggregate,
    median_answer,
    needs_discussion,
    place,
    place_domain,
    spread_visible,
)

L = ContinuumLevel


def framework(domains=("a",)):
    statements = []
    for d in domains:
        statements += [Statement(f"{d}-d1", d, Kind.DESTRUCTIVE), Statement(f"{d}-d2", d, Kind.DESTRUCTIVE)]
        for level in (L.PRE_COMPETENT, L.COMPETENT, L.PROFICIENT):
            statements += [Statement(f"{d}-{level.key}-{n}", d, Kind.GATE, level) for n in (1, 2)]
    return list(domains), statements


def everyone(statements, flag="no", gate="met", people=1):
    return {s.key: [flag if s.kind == Kind.DESTRUCTIVE else gate] * people for s in statements}


def test_levels_are_one_definition_in_order():
    assert [level.label for level in L] == ["Destructive", "Neglectful", "Pre-Competent", "Competent", "Proficient"]
    assert [int(level) for level in L] == [1, 2, 3, 4, 5]
    assert all(L.from_key(level.key) is level for level in L)


@pytest.mark.parametrize(
    ("kind", "answers", "expected"),
    [
        (Kind.GATE, ["met"], "met"),
        (Kind.GATE, ["met", "not_met"], "not_met"),  # even: the lower middle
        (Kind.GATE, ["met", "partly"], "partly"),
        (Kind.GATE, ["met", "met", "partly", "not_met"], "partly"),
        (Kind.GATE, ["met", "met", "not_met"], "met"),
        (Kind.GATE, ["met", DONT_KNOW, DONT_KNOW], "met"),  # don't know is left out
        (Kind.GATE, [DONT_KNOW, DONT_KNOW], None),
        (Kind.GATE, [], None),
        (Kind.DESTRUCTIVE, ["no", "yes"], "yes"),  # even: the lower (worse) middle
        (Kind.DESTRUCTIVE, ["no", "no", "sometimes"], "no"),
        (Kind.DESTRUCTIVE, ["no", "sometimes", "sometimes", "yes"], "sometimes"),
    ],
)
def test_median(kind, answers, expected):
    assert median_answer(kind, answers) == expected


def test_median_is_order_independent():
    answers = ["met", "partly", "not_met", "met", "partly", DONT_KNOW]
    results = {median_answer(Kind.GATE, list(p)) for p in itertools.permutations(answers)}
    assert results == {"partly"}


def test_agreed_answer_overrides_the_median():
    result = aggregate(Kind.GATE, ["met", "met", "met"], agreed="not_met")
    assert result.value == "not_met" and result.source == "agreed"
    assert result.counts == {"met": 3}  # raw answers are kept


def test_all_met_is_proficient():
    domains, statements = framework()
    result = place(domains, statements, everyone(statements))
    assert result.overall == L.PROFICIENT
    assert result.domains[0].display == "Proficient"


@pytest.mark.parametrize("flag_answer", ["yes", "sometimes"])
def test_one_destructive_flag_makes_the_domain_destructive(flag_answer):
    domains, statements = framework()
    answers = everyone(statements)
    answers["a-d1"] = [flag_answer]
    result = place(domains, statements, answers)
    assert result.overall == L.DESTRUCTIVE
    assert result.domains[0].holding == ["a-d1"]
    assert result.domains[0].progress == 50  # one of two flags clear
    assert "a-d1" in result.discussion


def test_one_weak_domain_limits_the_whole_service():
    domains, statements = framework(("a", "b", "c"))
    answers = everyone(statements)
    answers["b-pre_competent-2"] = ["not_met"]
    result = place(domains, statements, answers)
    assert [d.level for d in result.domains] == [L.PROFICIENT, L.NEGLECTFUL, L.PROFICIENT]
    assert result.overall == L.NEGLECTFUL
    assert [d.domain for d in result.limiting] == ["b"]
    assert [d.domain for d in result.strengths] == ["a", "c"]


def test_partly_met_does_not_pass_a_gate_unless_the_setting_says_so():
    domains, statements = framework()
    answers = everyone(statements)
    answers["a-competent-1"] = ["partly"]
    strict = place(domains, statements, answers)
    assert strict.domains[0].level == L.PRE_COMPETENT
    assert strict.domains[0].display == "Pre-Competent +50%"
    assert strict.domains[0].to_move_up == ["a-competent-1"]
    lenient = place(domains, statements, answers, partly_passes=True)
    assert lenient.domains[0].level == L.PROFICIENT


def test_gates_must_be_passed_in_order():
    domains, statements = framework()
    answers = everyone(statements)
    answers["a-pre_competent-1"] = ["not_met"]  # Competent and Proficient all met, but the first gate fails
    assert place(domains, statements, answers).overall == L.NEGLECTFUL


def test_only_dont_knows():
    domains, statements = framework()
    result = place(domains, statements, everyone(statements, DONT_KNOW, DONT_KNOW))
    domain = result.domains[0]
    assert domain.level == L.NEGLECTFUL and domain.progress == 0
    assert set(domain.unknown) == {s.key for s in statements}
    assert all(a.source == "unknown" for a in result.aggregates.values())


def test_even_number_of_respondents_is_conservative():
    domains, statements = framework()
    answers = everyone(statements, people=2)
    answers["a-proficient-1"] = ["met", "partly"]
    assert place(domains, statements, answers).overall == L.COMPETENT


def test_a_single_respondent():
    domains, statements = framework()
    answers = everyone(statements)
    answers["a-competent-2"] = ["not_met"]
    result = place(domains, statements, answers)
    assert result.overall == L.PRE_COMPETENT and result.discussion == []


def test_two_hundred_respondents():
    domains, statements = framework(("a", "b"))
    rng = random.Random(7)
    answers = {}
    for s in statements:
        if s.kind == Kind.DESTRUCTIVE:
            answers[s.key] = ["no"] * 200
        else:
            met = 101 if s.domain == "a" else 99  # a majority met in a, not in b
            answers[s.key] = ["met"] * met + ["not_met"] * (200 - met)
            rng.shuffle(answers[s.key])
    result = place(domains, statements, answers)
    assert [d.level for d in result.domains] == [L.PROFICIENT, L.NEGLECTFUL]


def test_moderation_overrides_the_median_and_placement_recomputes():
    domains, statements = framework()
    answers = everyone(statements, people=3)
    assert place(domains, statements, answers).overall == L.PROFICIENT
    moderated = place(domains, statements, answers, agreed={"a-proficient-2": "not_met"})
    assert moderated.overall == L.COMPETENT
    flagged = place(domains, statements, answers, agreed={"a-d2": "sometimes"})
    assert flagged.overall == L.DESTRUCTIVE


def test_discussion_flags():
    assert needs_discussion(Kind.GATE, ["met", "not_met"])
    assert not needs_discussion(Kind.GATE, ["met", "partly"])
    assert needs_discussion(Kind.DESTRUCTIVE, ["no", "no", "sometimes"])
    assert not needs_discussion(Kind.DESTRUCTIVE, ["no", DONT_KNOW])


@pytest.mark.parametrize(("anonymous", "count", "visible"), [(True, 2, False), (True, 3, True), (False, 1, True)])
def test_spread_hidden_below_three_in_anonymous_rounds(anonymous, count, visible):
    assert spread_visible(anonymous, count) is visible


def test_a_domain_without_statements_at_a_gate_stops_there():
    statements = [Statement("x-pc", "x", Kind.GATE, L.PRE_COMPETENT)]
    result = place_domain("x", statements, {"x-pc": aggregate(Kind.GATE, ["met"])})
    assert result.level == L.PRE_COMPETENT


def test_every_combination_of_one_statement_per_gate():
    """All 4^4 single-respondent answer combinations for one flag and one statement per gate."""
    statements = [
        Statement("d", "x", Kind.DESTRUCTIVE),
        Statement("pc", "x", Kind.GATE, L.PRE_COMPETENT),
        Statement("c", "x", Kind.GATE, L.COMPETENT),
        Statement("p", "x", Kind.GATE, L.PROFICIENT),
    ]
    flag_values = ["yes", "sometimes", "no", DONT_KNOW]
    gate_values = ["met", "partly", "not_met", DONT_KNOW]
    for flag, pc, c, p in itertools.product(flag_values, gate_values, gate_values, gate_values):
        answers = {"d": [flag], "pc": [pc], "c": [c], "p": [p]}
        level = place(["x"], statements, answers).overall
        if flag in ("yes", "sometimes"):
            expected = L.DESTRUCTIVE
        elif pc != "met":
            expected = L.NEGLECTFUL
        elif c != "met":
            expected = L.PRE_COMPETENT
        elif p != "met":
            expected = L.COMPETENT
        else:
            expected = L.PROFICIENT
        assert level == expected, answers
