"""Rounds opened for a setting, not applicable answers, provisional results and the plain-words
reading on the results page, the API and the comparison page."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from quizzes.assessment import selectors
from quizzes.assessment import snapshot as snap
from quizzes.assessment.loader import load_framework
from quizzes.assessment.responding import services as response_services
from quizzes.assessment.rounds import services as round_services
from quizzes.continuum_levels import NOT_APPLICABLE, ContinuumLevel
from quizzes.models import Recommendation, Round, Statement
from quizzes.planning.completion import services as completion_services
from s2t_learn.models import Role
from s2t_learn.selectors import membership_for
from tests.factories import MembershipFactory

from .conftest import all_answers, lead_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(people):
    return people["assessment_lead"]


def send(person, round_, answers):
    """Only sent answers count: save, then send."""
    response_services.save_answers(person, round_.pk, answers)
    response_services.submit_response(person, round_.pk)


def respondent(round_, organisation):
    user = MembershipFactory(organisation=organisation, role=Role.LEARNER).user
    round_services.invite_members(
        membership=membership_for(round_.opened_by, organisation.slug), round_id=round_.pk, user_ids=[user.pk]
    )
    return user


def tag(framework_, key, settings):
    Statement.objects.filter(domain__framework=framework_, key=key).update(settings=settings)


def test_a_round_for_one_setting_keeps_only_its_statements(lead, organisation, framework):
    tag(framework, "pattern-competent-1", ["statutory_social_work"])
    everyone = round_services.open_round(
        membership=membership_for(lead, organisation.slug), title="All settings", is_anonymous=False
    )
    nursery = round_services.open_round(
        membership=membership_for(lead, organisation.slug), title="Nursery", is_anonymous=False, setting="early_years"
    )
    assert "pattern-competent-1" in snap.statements_by_key(everyone.snapshot)
    assert "pattern-competent-1" not in snap.statements_by_key(nursery.snapshot)
    assert snap.domain_keys(nursery.snapshot) == snap.domain_keys(everyone.snapshot)
    assert snap.statements_by_key(everyone.snapshot)["pattern-competent-1"]["applicability"]
    with pytest.raises(ValidationError) as error:
        round_services.open_round(
            membership=membership_for(lead, organisation.slug), title="Nowhere", setting="the moon"
        )
    assert "setting" in error.value.message_dict


def test_not_applicable_is_accepted_only_where_a_statement_is_tagged(lead, organisation, framework):
    tag(framework, "pattern-competent-1", ["statutory_social_work"])
    round_ = round_services.open_round(
        membership=membership_for(lead, organisation.slug), title="All settings", is_anonymous=False
    )
    person = respondent(round_, organisation)
    with pytest.raises(ValidationError) as error:
        response_services.save_answers(person, round_.pk, {"pattern-competent-2": {"value": NOT_APPLICABLE}})
    assert "pattern-competent-2" in error.value.message_dict
    answers = all_answers(round_)
    answers["pattern-competent-1"] = {"value": NOT_APPLICABLE, "note": ""}
    answers["pattern-proficient-1"] = {"value": "not_met", "note": ""}
    send(person, round_, answers)
    placement = selectors.results(round_, membership=lead_of(round_))["placement"]
    pattern = next(d for d in placement.domains if d.domain == "pattern")
    assert pattern.level == ContinuumLevel.COMPETENT and pattern.not_applicable == ["pattern-competent-1"]


def test_results_page_reads_in_plain_words(client, lead, organisation, framework, site_pages):
    round_ = round_services.open_round(
        membership=membership_for(lead, organisation.slug), title="Spring round", is_anonymous=False
    )
    people = [respondent(round_, organisation) for _ in range(3)]
    for n, person in enumerate(people):
        answers = all_answers(round_)
        answers["pattern-competent-1"] = {"value": "dont_know", "note": ""}
        answers["partnering-proficient-1"] = {"value": "not_met", "note": ""}
        if n == 0:
            answers["partnering-d1"] = {"value": "yes", "note": ""}  # one of three: a required discussion
        send(person, round_, answers)
    round_services.close_round(membership=membership_for(lead, organisation.slug), round_id=round_.pk)
    client.force_login(lead)
    html = client.get(reverse("round_results", args=[organisation.slug, round_.pk])).content.decode()
    assert "Not enough information to place" in html
    assert "Provisional: a harmful practice needs discussing" in html
    assert "How the rule works" in html and "What each level means" in html
    assert "© 2015 David Mandel &amp; Associates LLC" in html
    assert "placed by rule version 2" in html and "version 99" in html
    assert "1 &#x27;Partly met&#x27; allowed at each level" in html
    assert "1 of 2 Proficient statements met" in html
    api = APIClient()
    api.force_authenticate(lead)
    body = api.get(reverse("api_round_results", args=[organisation.slug, round_.pk])).json()
    assert body["provisional"] is True and body["rule_version"] == 2 and body["framework_version"] == 99
    pattern = next(d for d in body["domains"] if d["key"] == "pattern")
    assert pattern["status"] == "not_enough_information" and pattern["undecided"] == ["pattern-competent-1"]


def test_a_closed_round_keeps_its_rule_after_the_framework_changes(lead, organisation, framework):
    round_ = round_services.open_round(
        membership=membership_for(lead, organisation.slug), title="Old round", is_anonymous=False
    )
    person = respondent(round_, organisation)
    answers = all_answers(round_)
    answers["pattern-competent-1"] = {"value": "partly", "note": ""}
    send(person, round_, answers)
    round_services.close_round(membership=membership_for(lead, organisation.slug), round_id=round_.pk)
    # a round opened before the rule was declared: its snapshot has only the old switch
    legacy = dict(round_.snapshot)
    legacy.pop("rule")
    legacy["partly_passes"] = False
    Round.objects.filter(pk=round_.pk).update(snapshot=legacy)
    round_.refresh_from_db()
    framework.partly_per_gate = 3
    framework.save()
    placement = selectors.results(round_, membership=lead_of(round_))["placement"]
    assert placement.rule.version == 1
    pattern = next(d for d in placement.domains if d.domain == "pattern")
    assert pattern.level == ContinuumLevel.PRE_COMPETENT  # version 1: partly does not pass


def test_comparison_says_when_rounds_used_different_rules(client, lead, organisation, framework, site_pages):
    first = round_services.open_round(
        membership=membership_for(lead, organisation.slug), title="First", is_anonymous=False
    )
    send(respondent(first, organisation), first, all_answers(first))
    round_services.close_round(membership=membership_for(lead, organisation.slug), round_id=first.pk)
    legacy = {k: v for k, v in first.snapshot.items() if k != "rule"}
    Round.objects.filter(pk=first.pk).update(snapshot=legacy)
    second = round_services.open_round(
        membership=membership_for(lead, organisation.slug), title="Second", is_anonymous=False, previous_id=first.pk
    )
    send(respondent(second, organisation), second, all_answers(second))
    round_services.close_round(membership=membership_for(lead, organisation.slug), round_id=second.pk)
    client.force_login(lead)
    html = client.get(reverse("planning_compare", args=[organisation.slug, second.pk])).content.decode()
    assert "different versions of the placement rule (version 1, then version 2)" in html


def test_an_early_years_round_assigns_the_early_years_module(lead, organisation, curriculum):
    from quizzes.planning.loader import load_recommendations

    framework_, _ = load_framework()
    load_recommendations(update=True)
    round_ = round_services.open_round(
        membership=membership_for(lead, organisation.slug), title="Nursery", is_anonymous=False, setting="early_years"
    )
    step = Recommendation.objects.get(key="pp-precompetent-1")
    assert [m.slug for m in completion_services.linked_modules(step)] == ["practice-skills", "social-work"]
    modules = completion_services.linked_modules(step, round_.snapshot["setting"])
    slugs = [m.slug for m in modules]
    assert "early-years" in slugs and "social-work" not in slugs
