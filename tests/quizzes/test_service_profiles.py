"""Named service profiles placed by the shipped framework and the current rule.

Each profile is built from the framework's statements by their level, settings and wording (see
service_profiles.py), never by statement keys. Before the re-grading (framework version 1, rule
version 1) these placed: Edinburgh 2014 Destructive, aware-but-not-equipped Neglectful, the 2017
trained-worker picture Pre-Competent in every area, survivor-blaming Destructive, and the nursery
Neglectful (it could only answer "Don't know" to statutory statements).
"""

import pytest

from quizzes import continuum
from quizzes.assessment import snapshot as snap
from quizzes.assessment.loader import load_framework
from quizzes.continuum_levels import ContinuumLevel as L

from .service_profiles import (
    BLAMING,
    _has,
    aware_not_equipped,
    edinburgh_2014,
    nursery,
    survivor_blaming,
    trained_workers_2017,
)

pytestmark = pytest.mark.django_db


def _place(snapshot, answers):
    return continuum.place(
        snap.domain_keys(snapshot), snap.placement_statements(snapshot), answers, rule=snap.rule_of(snapshot)
    )


@pytest.fixture
def every_setting():
    framework, _ = load_framework()
    snapshot = snap.take_snapshot(framework)
    return snapshot, list(snap.statements_by_key(snapshot).values())


def levels(result):
    return {d.domain: d.level for d in result.domains}


@pytest.mark.parametrize(
    ("profile", "overall", "areas"),
    [
        (edinburgh_2014, L.NEGLECTFUL, {L.NEGLECTFUL, L.PRE_COMPETENT}),
        (aware_not_equipped, L.PRE_COMPETENT, {L.PRE_COMPETENT}),
        (trained_workers_2017, L.PRE_COMPETENT, {L.PRE_COMPETENT, L.COMPETENT}),
        (survivor_blaming, L.DESTRUCTIVE, {L.DESTRUCTIVE, L.PRE_COMPETENT}),
        (nursery, L.PRE_COMPETENT, {L.PRE_COMPETENT}),
    ],
    ids=["edinburgh-2014", "aware-not-equipped", "trained-2017", "survivor-blaming", "nursery-na"],
)
def test_named_profiles_place_where_the_sources_would(every_setting, profile, overall, areas):
    snapshot, statements = every_setting
    result = _place(snapshot, profile(statements))
    assert result.overall == overall, levels(result)
    assert result.placed and not result.provisional
    assert set(levels(result).values()) <= areas, levels(result)
    assert len(result.domains) == 8


def test_edinburgh_2014_is_neglectful_for_the_reasons_the_audit_gave(every_setting):
    snapshot, statements = every_setting
    result = _place(snapshot, edinburgh_2014(statements))
    by_key = snap.statements_by_key(snapshot)
    holding = [by_key[k]["text"] for d in result.domains if d.level == L.NEGLECTFUL for k in d.holding]
    assert any("separat" in text for text in holding)
    assert any("saw or heard" in text for text in holding)
    assert any("demands onto" in text for text in holding)
    assert L.DESTRUCTIVE not in levels(result).values()  # no "Sometimes" can make it Destructive now


def test_the_blaming_service_is_held_by_the_harmful_practice_itself(every_setting):
    snapshot, statements = every_setting
    result = _place(snapshot, survivor_blaming(statements))
    by_key = snap.statements_by_key(snapshot)
    destructive = [d for d in result.domains if d.level == L.DESTRUCTIVE]
    assert destructive
    for domain in destructive:
        assert all(_has(by_key[k]["text"], *BLAMING) for k in domain.holding)


def test_trained_workers_reach_competent_in_places_and_not_everywhere(every_setting):
    snapshot, statements = every_setting
    result = _place(snapshot, trained_workers_2017(statements))
    pattern = next(d for d in result.domains if d.domain == "perpetrator_pattern")
    assert pattern.next_level == L.COMPETENT and pattern.next_met >= 3  # the file-level practice is there
    assert all(d.level < L.PROFICIENT for d in result.domains)


def test_nursery_not_applicable_answers_leave_the_count(every_setting):
    snapshot, statements = every_setting
    result = _place(snapshot, nursery(statements))
    not_applicable = [k for d in result.domains for k in d.not_applicable]
    assert not_applicable
    assert all(
        "early_years" not in s["settings"] and "all" not in s["settings"]
        for s in statements
        if s["key"] in not_applicable
    )


def test_a_round_for_early_years_shows_only_its_statements_in_its_words():
    framework, _ = load_framework()
    everyone = snap.take_snapshot(framework)
    early_years = snap.take_snapshot(framework, "early_years")
    assert snap.domain_keys(early_years) == snap.domain_keys(everyone)  # same areas: results compare
    shown = snap.statements_by_key(early_years)
    assert len(shown) < len(snap.statements_by_key(everyone))
    assert all("all" in s["settings"] or "early_years" in s["settings"] for s in shown.values())
    assert not any(s["applicability"] for s in shown.values())  # everything shown applies
    assert any("Nursery staff" in s["text"] for s in shown.values())  # a wording variant
    result = _place(early_years, aware_not_equipped(list(shown.values())))
    assert result.overall == L.PRE_COMPETENT and result.placed
