"""The placement rule, exhaustively. Pure functions: no database."""

import itertools
import random

import pytest

from quizzes.continuum import (
    CURRENT_RULE,
    LEGACY_RULE,
    NOT_ENOUGH_INFORMATION,
    PLACED,
    Rule,
    Statement,
    aggregate,
    median_answer,
    minority_flag,
    needs_discussion,
    place,
    place_domain,
)
from quizzes.continuum_levels import DONT_KNOW, NOT_APPLICABLE, ContinuumLevel, Kind, spread_visible, valid_answers

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
def test_v1_one_destructive_flag_makes_the_domain_destructive(flag_answer):
    domains, statements = framework()
    answers = everyone(statements)
    answers["a-d1"] = [flag_answer]
    result = place(domains, statements, answers, rule=LEGACY_RULE)
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


def test_v1_partly_met_does_not_pass_a_gate_unless_the_setting_says_so():
    domains, statements = framework()
    answers = everyone(statements)
    answers["a-competent-1"] = ["partly"]
    strict = place(domains, statements, answers, rule=LEGACY_RULE)
    assert strict.domains[0].level == L.PRE_COMPETENT
    assert strict.domains[0].progress == 50
    assert strict.domains[0].to_move_up == ["a-competent-1"]
    lenient = place(domains, statements, answers, rule=Rule(version=1, partly_per_gate=0, partly_passes=True))
    assert lenient.domains[0].level == L.PROFICIENT


def test_gates_must_be_passed_in_order():
    domains, statements = framework()
    answers = everyone(statements)
    answers["a-pre_competent-1"] = ["not_met"]  # Competent and Proficient all met, but the first gate fails
    assert place(domains, statements, answers).overall == L.NEGLECTFUL


def test_v1_only_dont_knows():
    domains, statements = framework()
    result = place(domains, statements, everyone(statements, DONT_KNOW, DONT_KNOW), rule=LEGACY_RULE)
    domain = result.domains[0]
    assert domain.level == L.NEGLECTFUL and domain.progress == 0
    assert set(domain.unknown) == {s.key for s in statements}
    assert all(a.source == "unknown" for a in result.aggregates.values())


def test_even_number_of_respondents_is_conservative():
    domains, statements = framework()
    answers = everyone(statements, people=2)
    answers["a-proficient-1"] = ["met", "not_met"]
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


def test_v1_every_combination_of_one_statement_per_gate():
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
        level = place(["x"], statements, answers, rule=LEGACY_RULE).overall
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


# ---------------------------------------------------------------- version 2 of the rule


def test_the_current_rule_is_version_two_with_one_partly_per_gate():
    assert CURRENT_RULE.version == 2 and CURRENT_RULE.partly_per_gate == 1
    assert Rule.from_dict(CURRENT_RULE.as_dict()) == CURRENT_RULE
    assert Rule.from_dict({"version": 1, "partly_passes": True}).partly_passes
    assert Rule.from_dict(None).version == 1  # a snapshot from before the rule was declared


@pytest.mark.parametrize(
    ("pc_answers", "essential", "expected"),
    [
        (["met", "met", "met"], False, L.PROFICIENT),
        (["partly", "met", "met"], False, L.PROFICIENT),  # one partly is tolerated
        (["partly", "partly", "met"], False, L.NEGLECTFUL),  # two are not
        (["partly", "met", "met"], True, L.NEGLECTFUL),  # never on an essential statement
        (["met", "partly", "met"], True, L.PROFICIENT),  # the partly is on a non-essential one
        (["not_met", "met", "met"], False, L.NEGLECTFUL),
    ],
)
def test_partly_met_tolerance(pc_answers, essential, expected):
    statements = [
        Statement(f"pc{n}", "x", Kind.GATE, L.PRE_COMPETENT, essential=(essential and n == 0)) for n in range(3)
    ]
    statements += [Statement("c", "x", Kind.GATE, L.COMPETENT), Statement("p", "x", Kind.GATE, L.PROFICIENT)]
    answers = {f"pc{n}": [a] for n, a in enumerate(pc_answers)} | {"c": ["met"], "p": ["met"]}
    assert place(["x"], statements, answers).overall == expected


def test_one_partly_no_longer_drops_a_competent_area_to_neglectful():
    """The cliff in the issue: every Competent statement met, one Pre-Competent statement partly met."""
    domains, statements = framework()
    answers = everyone(statements)
    answers["a-proficient-1"] = ["not_met"]
    answers["a-pre_competent-1"] = ["partly"]
    domain = place(domains, statements, answers).domains[0]
    assert domain.level == L.COMPETENT
    assert (domain.next_level, domain.next_met, domain.next_total) == (L.PROFICIENT, 1, 2)


def test_tolerance_can_be_declared_stricter():
    domains, statements = framework()
    answers = everyone(statements)
    answers["a-competent-1"] = ["partly"]
    assert place(domains, statements, answers, rule=Rule(partly_per_gate=0)).overall == L.PRE_COMPETENT
    assert place(domains, statements, answers, rule=Rule(partly_per_gate=1)).overall == L.PROFICIENT


def test_progress_is_counted_for_words_not_a_percentage_at_destructive():
    domains, statements = framework()
    answers = everyone(statements)
    answers["a-competent-1"] = ["not_met"]
    domain = place(domains, statements, answers).domains[0]
    assert (domain.level, domain.next_level, domain.next_met, domain.next_total) == (L.PRE_COMPETENT, L.COMPETENT, 1, 2)
    answers["a-d1"] = ["yes"]
    destructive = place(domains, statements, answers).domains[0]
    assert destructive.level == L.DESTRUCTIVE and destructive.holding == ["a-d1"]
    assert destructive.progress == 0 and destructive.next_level is None


# ------------------------------------------------ flags: the median decides; a minority is a discussion


@pytest.mark.parametrize(
    ("flag_answers", "level", "provisional"),
    [
        (["no", "no", "no"], L.PROFICIENT, False),
        (["yes", "no", "no"], L.PROFICIENT, True),  # one of three: a required discussion
        (["sometimes", "no", "no", "no"], L.PROFICIENT, True),
        (["yes", "no"], L.DESTRUCTIVE, False),  # half, with the cautious lower middle: the median raises it
        (["sometimes", "yes", "no"], L.DESTRUCTIVE, False),
        (["yes", "yes", "yes"], L.DESTRUCTIVE, False),
        (["yes", DONT_KNOW, DONT_KNOW, "no", "no"], L.PROFICIENT, True),  # don't know is left out of the count
    ],
)
def test_flag_raised_by_the_median_or_a_minority(flag_answers, level, provisional):
    domains, statements = framework()
    answers = everyone(statements)
    answers["a-d1"] = flag_answers
    result = place(domains, statements, answers)
    assert result.overall == level
    assert result.provisional is provisional
    assert result.minority_flags == (["a-d1"] if provisional else [])
    assert ("a-d1" in result.discussion) is ("yes" in flag_answers or "sometimes" in flag_answers)


@pytest.mark.parametrize(
    ("agreed", "level"), [("yes", L.DESTRUCTIVE), ("sometimes", L.DESTRUCTIVE), ("no", L.PROFICIENT)]
)
def test_moderation_settles_a_minority_flag(agreed, level):
    domains, statements = framework()
    answers = everyone(statements, people=3)
    answers["a-d1"] = ["yes", "no", "no"]
    result = place(domains, statements, answers, agreed={"a-d1": agreed})
    assert result.overall == level
    assert not result.provisional


def test_minority_flag_needs_someone_and_no_agreement():
    assert minority_flag(aggregate(Kind.DESTRUCTIVE, ["yes", "no", "no"]))
    assert not minority_flag(aggregate(Kind.DESTRUCTIVE, ["no", "no"]))
    assert not minority_flag(aggregate(Kind.DESTRUCTIVE, ["yes", "no"]))  # the median raises it instead
    assert not minority_flag(aggregate(Kind.DESTRUCTIVE, ["yes", "no", "no"], agreed="no"))


# ------------------------------------------------------------------ don't know: not enough information


def test_dont_know_that_decides_the_level_is_not_enough_information():
    domains, statements = framework()
    answers = everyone(statements)
    answers["a-competent-1"] = [DONT_KNOW, DONT_KNOW]
    domain = place(domains, statements, answers).domains[0]
    assert domain.status == NOT_ENOUGH_INFORMATION and not domain.placed
    assert domain.level == L.PRE_COMPETENT  # what the answers do establish
    assert domain.undecided == ["a-competent-1"]
    assert domain.display == "Not enough information to place"


def test_dont_know_that_cannot_change_the_level_is_ignored():
    domains, statements = framework()
    answers = everyone(statements)
    answers["a-pre_competent-1"] = ["not_met"]  # Neglectful whatever the unknown answer is
    answers["a-competent-1"] = [DONT_KNOW]
    answers["a-pre_competent-2"] = [DONT_KNOW]
    domain = place(domains, statements, answers).domains[0]
    assert domain.placed and domain.level == L.NEGLECTFUL
    assert domain.holding == ["a-pre_competent-1"]


def test_an_unknown_flag_leaves_the_area_unplaced_unless_another_flag_is_raised():
    domains, statements = framework()
    answers = everyone(statements)
    answers["a-d1"] = [DONT_KNOW]
    domain = place(domains, statements, answers).domains[0]
    assert not domain.placed and domain.undecided == ["a-d1"]
    answers["a-d2"] = ["yes"]
    assert place(domains, statements, answers).domains[0].level == L.DESTRUCTIVE


def test_overall_is_not_enough_information_only_when_an_unplaced_area_could_be_lowest():
    domains, statements = framework(("a", "b"))
    answers = everyone(statements)
    answers["a-competent-1"] = [DONT_KNOW]  # a: at least Pre-Competent, undecided
    answers["b-pre_competent-1"] = ["not_met"]  # b: Neglectful, placed
    result = place(domains, statements, answers)
    assert result.status == PLACED and result.overall == L.NEGLECTFUL
    answers["b-pre_competent-1"] = ["met"]
    answers["b-proficient-1"] = ["not_met"]  # b: Competent; a could be Pre-Competent
    result = place(domains, statements, answers)
    assert result.status == NOT_ENOUGH_INFORMATION and result.overall == L.PRE_COMPETENT


# ------------------------------------------------------------------------------- not applicable


def test_not_applicable_is_offered_only_with_an_applicability_tag():
    assert NOT_APPLICABLE not in valid_answers(Kind.GATE)
    assert NOT_APPLICABLE in valid_answers(Kind.GATE, applicability=True)
    assert NOT_APPLICABLE in valid_answers(Kind.DESTRUCTIVE, applicability=True)


@pytest.mark.parametrize(
    ("answers", "value"),
    [
        ([NOT_APPLICABLE], NOT_APPLICABLE),
        ([NOT_APPLICABLE, NOT_APPLICABLE, "met"], NOT_APPLICABLE),
        ([NOT_APPLICABLE, "not_met"], "not_met"),  # a tie goes to the answer about practice
        ([NOT_APPLICABLE, DONT_KNOW, DONT_KNOW], NOT_APPLICABLE),
        ([NOT_APPLICABLE, "met", "partly"], "partly"),
    ],
)
def test_not_applicable_aggregate(answers, value):
    assert aggregate(Kind.GATE, answers).value == value


def test_not_applicable_statements_leave_the_gate():
    domains, statements = framework()
    answers = everyone(statements)
    answers["a-competent-1"] = [NOT_APPLICABLE]
    answers["a-proficient-2"] = ["not_met"]
    domain = place(domains, statements, answers).domains[0]
    assert domain.level == L.COMPETENT and domain.not_applicable == ["a-competent-1"]
    assert (domain.next_met, domain.next_total) == (1, 2)


def test_a_gate_that_is_all_not_applicable_is_skipped():
    domains, statements = framework()
    answers = everyone(statements)
    answers["a-competent-1"] = answers["a-competent-2"] = [NOT_APPLICABLE]
    answers["a-proficient-1"] = ["not_met"]
    domain = place(domains, statements, answers).domains[0]
    assert domain.level == L.COMPETENT and domain.skipped == [L.COMPETENT]


def test_an_area_that_is_all_not_applicable_is_not_placed():
    domains, statements = framework(("a", "b"))
    answers = everyone(statements)
    for s in statements:
        if s.domain == "b":
            answers[s.key] = [NOT_APPLICABLE]
    result = place(domains, statements, answers)
    assert [d.domain for d in result.domains] == ["a"]
    assert result.not_applicable_domains == ["b"] and result.overall == L.PROFICIENT


def test_a_not_applicable_flag_is_never_raised():
    domains, statements = framework()
    answers = everyone(statements)
    answers["a-d1"] = [NOT_APPLICABLE]
    assert place(domains, statements, answers).overall == L.PROFICIENT


def test_every_combination_under_version_two():
    """All 5^4 single-respondent combinations of one flag and one statement per gate, against the
    rule written out by hand. One statement per gate: "Partly met" is within the tolerance."""
    statements = [
        Statement("d", "x", Kind.DESTRUCTIVE, applicability=True),
        Statement("pc", "x", Kind.GATE, L.PRE_COMPETENT, applicability=True),
        Statement("c", "x", Kind.GATE, L.COMPETENT, applicability=True),
        Statement("p", "x", Kind.GATE, L.PROFICIENT, applicability=True),
    ]
    flag_values = ["yes", "sometimes", "no", DONT_KNOW, NOT_APPLICABLE]
    gate_values = ["met", "partly", "not_met", DONT_KNOW, NOT_APPLICABLE]
    for flag, pc, c, p in itertools.product(flag_values, gate_values, gate_values, gate_values):
        answers = {"d": [flag], "pc": [pc], "c": [c], "p": [p]}
        result = place(["x"], statements, answers)
        if all(a == NOT_APPLICABLE for a in (flag, pc, c, p)):
            assert result.domains == [] and result.overall is None, answers
            continue
        domain = result.domains[0]
        if flag in ("yes", "sometimes"):
            assert (domain.level, domain.placed) == (L.DESTRUCTIVE, True), answers
            continue
        level, status = L.NEGLECTFUL, PLACED
        for gate, value in ((L.PRE_COMPETENT, pc), (L.COMPETENT, c), (L.PROFICIENT, p)):
            if value in ("met", "partly", NOT_APPLICABLE):
                level = gate
                continue
            if value == DONT_KNOW:
                status = NOT_ENOUGH_INFORMATION
            break
        if flag == DONT_KNOW:
            status = NOT_ENOUGH_INFORMATION
        assert (domain.level, domain.status) == (level, status), answers


def test_two_statements_per_gate_exhaustively_against_the_tolerance():
    """Every combination of two Pre-Competent statements (one essential) with Competent met."""
    statements = [
        Statement("e", "x", Kind.GATE, L.PRE_COMPETENT, essential=True),
        Statement("o", "x", Kind.GATE, L.PRE_COMPETENT),
        Statement("c", "x", Kind.GATE, L.COMPETENT),
    ]
    values = ["met", "partly", "not_met", DONT_KNOW]
    for e, o in itertools.product(values, values):
        domain = place(["x"], statements, {"e": [e], "o": [o], "c": ["met"]}).domains[0]

        def passes(e_, o_):
            return e_ == "met" and o_ in ("met", "partly")

        worst = passes(*(("not_met" if v == DONT_KNOW else v) for v in (e, o)))
        best = passes(*(("met" if v == DONT_KNOW else v) for v in (e, o)))
        if worst:
            assert (domain.level, domain.placed) == (L.COMPETENT, True), (e, o)  # no Proficient statements
        elif not best:
            assert (domain.level, domain.placed) == (L.NEGLECTFUL, True), (e, o)
        else:
            assert (domain.level, domain.status) == (L.NEGLECTFUL, NOT_ENOUGH_INFORMATION), (e, o)


def test_level_names_live_once_and_every_choices_list_is_made_from_them():
    from django.utils.functional import Promise

    from quizzes.assessment.models import LEVEL_CHOICES
    from quizzes.continuum_levels import GATE_LEVELS, LEVEL_LABELS, level_choices
    from quizzes.planning.forms import TARGET_CHOICES
    from quizzes.planning.models import RECOMMENDATION_LEVEL_CHOICES, TARGET_LEVEL_CHOICES

    assert all(isinstance(label, Promise) for label in LEVEL_LABELS.values())  # translatable, lazily
    assert [str(label) for _key, label in level_choices()] == [
        "Destructive",
        "Neglectful",
        "Pre-Competent",
        "Competent",
        "Proficient",
    ]
    assert LEVEL_CHOICES == [(level.key, LEVEL_LABELS[level]) for level in GATE_LEVELS]
    assert [key for key, _label in RECOMMENDATION_LEVEL_CHOICES] == [
        "destructive",
        "neglectful",
        "pre_competent",
        "competent",
    ]
    assert [number for number, _label in TARGET_LEVEL_CHOICES] == [2, 3, 4, 5]
    assert [str(label) for _n, label in TARGET_CHOICES[1:]] == [str(label) for _n, label in TARGET_LEVEL_CHOICES]
