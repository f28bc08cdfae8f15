"""From placement to action: next steps, assigned learning, targets, the action plan, reassessment,
comparison, reports and reminders."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from modules.models import LessonPage, LessonProgress, ModuleAssignment, ModulePage
from quizzes.assessment.responding import services as response_services
from quizzes.assessment.rounds import services as round_services
from quizzes.continuum_levels import ContinuumLevel
from quizzes.models import (
    ActionItem,
    EmailOptOut,
    PlannedAssignment,
    Recommendation,
    ReminderLog,
    ReportJob,
    Round,
    Statement,
    TargetLevel,
)
from quizzes.planning import shared
from quizzes.planning.comparison import selectors as comparison_selectors
from quizzes.planning.completion import selectors as completion_selectors
from quizzes.planning.completion import services as completion_services
from quizzes.planning.recommendations import selectors as recommendation_selectors
from quizzes.planning.recommendations.ordering import Group
from quizzes.planning.reports import files as report_files
from quizzes.planning.reports import reminders
from quizzes.planning.reports import selectors as report_selectors
from quizzes.planning.reports import services as report_services
from quizzes.planning.targets import services as target_services
from s2t_learn.models import Membership
from s2t_learn.selectors import membership_for
from tests.factories import MembershipFactory, TeamFactory

from .planning_helpers import closed_round, make_recommendations

pytestmark = pytest.mark.django_db
LEVELS = {"pattern": "neglectful", "partnering": "pre_competent"}


@pytest.fixture
def lead(people):
    return people["assessment_lead"]


@pytest.fixture
def library(framework, curriculum):
    return make_recommendations()


@pytest.fixture
def round_(lead, organisation, library):
    return closed_round(lead, organisation, LEVELS)


def api_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def future(days=30):
    return timezone.localdate() + datetime.timedelta(days=days)


# ---------------------------------------------------------------- the recommendation library


def test_loader_is_idempotent_and_keeps_editors_changes(db, curriculum):
    call_command("load_framework", verbosity=0)
    assert Recommendation.objects.count() == 56
    first = Recommendation.objects.get(key="pp-destructive-1")
    assert set(first.modules.values_list("slug", flat=True)) == {"three-principles", "five-critical-components"}
    assert first.lifts == ["partnering", "leadership"] and first.domain_key == "perpetrator_pattern"
    Recommendation.objects.filter(pk=first.pk).update(title="Edited by an editor")
    call_command("load_framework", verbosity=0)
    assert Recommendation.objects.count() == 56
    assert Recommendation.objects.get(pk=first.pk).title == "Edited by an editor"
    call_command("load_framework", "--update", verbosity=0)
    assert Recommendation.objects.get(pk=first.pk).title != "Edited by an editor"


def test_every_area_has_a_step_for_every_level_below_proficient(db):
    call_command("load_framework", verbosity=0)
    from quizzes.models import Framework

    framework = Framework.objects.get(is_active=True)
    for domain in framework.domains.values_list("key", flat=True):
        for level in ("destructive", "neglectful", "pre_competent", "competent"):
            assert Recommendation.objects.filter(domain_key=domain, level=level).exists(), (domain, level)


def test_loader_refuses_gaps_and_duplicates(tmp_path):
    from quizzes.planning.loader import validate_recommendations

    item = {"key": "k1", "domain": "a", "level": "neglectful", "title": "t", "action": "do it"}
    with pytest.raises(ValueError, match="duplicate"):
        validate_recommendations({"recommendations": [item, item]})
    with pytest.raises(ValueError, match="a: no recommendation for destructive"):
        validate_recommendations({"recommendations": [item]}, domain_keys=["a"])
    with pytest.raises(ValueError, match="level"):
        validate_recommendations({"recommendations": [{**item, "level": "proficient"}]})


def test_library_cache_is_cleared_when_an_editor_saves(library):
    assert any(r.key == "pattern-neglectful" for r in recommendation_selectors.recommendation_library())
    rec = Recommendation.objects.get(key="pattern-neglectful")
    rec.title = "Renamed"
    rec.save()
    assert (
        next(r for r in recommendation_selectors.recommendation_library() if r.key == "pattern-neglectful").title
        == "Renamed"
    )


# ---------------------------------------------------------------- next steps on the results page


def test_results_page_orders_next_steps(client, lead, organisation, round_, site_pages):
    client.force_login(lead)
    results = client.get(reverse("round_results", args=[organisation.slug, round_.pk])).content.decode()
    steps_url = reverse("planning_next_steps", args=[organisation.slug, round_.pk])
    # The results page lists them in order, each linking to its place on the next-steps page.
    assert results.index(f"{steps_url}#step-pattern-neglectful") < results.index(
        f"{steps_url}#step-partnering-pre_competent"
    )
    html = client.get(steps_url).content.decode()
    assert "Next steps" in html
    # pattern (Neglectful) is the limiting area; partnering (Pre-Competent) comes after it.
    assert html.index('id="step-pattern-neglectful"') < html.index('id="step-partnering-pre_competent"')
    assert "The area holding the service back" in html and "Other next steps" in html
    assert 'id="step-pattern-competent"' not in html  # written for a level the area is not at
    assert "Assign this learning (2 modules)" in html
    steps = recommendation_selectors.next_steps(
        shared.placements_for(membership=membership_for(lead, organisation.slug), rounds=[round_])[round_.pk]
    )
    assert [(s.key, s.group) for s in steps] == [
        ("pattern-neglectful", Group.LIMITING),
        ("partnering-pre_competent", Group.REST),
    ]


def test_destructive_flags_come_first(lead, organisation, library):
    round_ = closed_round(lead, organisation, {"pattern": "competent", "partnering": "destructive"})
    steps = recommendation_selectors.next_steps(
        shared.placements_for(membership=membership_for(lead, organisation.slug), rounds=[round_])[round_.pk]
    )
    assert [(s.key, s.group) for s in steps] == [
        ("partnering-destructive", Group.DESTRUCTIVE),
        ("pattern-competent", Group.REST),
    ]


def test_open_round_shows_no_next_steps_yet(client, lead, organisation, library, site_pages):
    open_round = round_services.open_round(
        membership=membership_for(lead, organisation.slug), title="Still open", is_anonymous=False
    )
    client.force_login(lead)
    html = client.get(reverse("round_results", args=[organisation.slug, open_round.pk])).content.decode()
    assert "Next steps appear here when the round closes." in html


def test_results_page_queries_stay_within_budget_and_do_not_grow(
    client, lead, organisation, round_, site_pages, django_assert_max_num_queries
):
    client.force_login(lead)
    url = reverse("round_results", args=[organisation.slug, round_.pk])
    client.get(url)  # warm the site, settings and recommendation caches
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
    # More recommendations (with modules), teams, targets, action items and assignments change nothing.
    modules = list(ModulePage.objects.all()[:3])
    for n in range(12):
        rec = Recommendation(key=f"extra-{n}", domain_key="pattern", level="neglectful", title=f"Extra {n}", action="a")
        rec.modules = modules
        rec.save()
        TeamFactory(organisation=organisation)
        target_services.add_from_recommendation(
            membership=membership_for(lead, organisation.slug), recommendation_key=f"extra-{n}", round_id=round_.pk
        )
    target_services.set_targets(
        membership=membership_for(lead, organisation.slug), targets={"pattern": 4, "partnering": 5}
    )
    completion_services.assign_recommendation(
        membership=membership_for(lead, organisation.slug), recommendation_key="extra-0", due_date=future()
    )
    client.get(url)
    with django_assert_max_num_queries(10):
        html = client.get(url).content.decode()
    steps_url = reverse("planning_next_steps", args=[organisation.slug, round_.pk])
    assert html.count(f"{steps_url}#step-") == 14  # every step, with or without learning
    client.get(steps_url)
    with django_assert_max_num_queries(10):
        steps_page = client.get(steps_url).content.decode()
    assert steps_page.count('class="step"') == 14 and steps_page.count("Assign this learning (") == 13


@pytest.mark.parametrize("name", ["planning_plan", "planning_assignments", "planning_targets", "planning_compare"])
def test_planning_pages_query_count_is_constant(
    client, lead, organisation, round_, site_pages, name, django_assert_max_num_queries
):
    second = closed_round(lead, organisation, {"pattern": "competent"}, title="Round two", previous=round_)
    args = [organisation.slug, second.pk] if name == "planning_compare" else [organisation.slug]
    url = reverse(name, args=args)
    client.force_login(lead)
    client.get(url)
    with django_assert_max_num_queries(10):
        client.get(url)
    for n in range(10):
        item = target_services.create_action_item(
            membership=membership_for(lead, organisation.slug), data={"outcome": f"Outcome {n}", "action": "a"}
        )
        target_services.update_action_item(
            membership=membership_for(lead, organisation.slug), item_id=item.pk, data={"status": "completed"}
        )
        team = TeamFactory(organisation=organisation)
        MembershipFactory(organisation=organisation, team=team)
        completion_services.assign_recommendation(
            membership=membership_for(lead, organisation.slug),
            recommendation_key="pattern-neglectful",
            due_date=future(),
            team_id=team.pk,
        )
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


# ---------------------------------------------------------------- assigning the learning


def test_assignment_from_a_recommendation_reaches_learners(client, lead, organisation, people, round_, site_pages):
    client.force_login(lead)
    prefix = "assign-pattern-neglectful"
    response = client.post(
        reverse("planning_assign", args=[organisation.slug, round_.pk, "pattern-neglectful"]),
        {f"{prefix}-audience": "", f"{prefix}-due_date": future().isoformat()},
    )
    assert response.status_code == 302 and response["Location"].endswith("#step-pattern-neglectful")
    assignments = ModuleAssignment.objects.filter(organisation=organisation)
    assert sorted(a.module.slug for a in assignments) == ["schools", "three-principles"]
    assert all(a.due_date == future() and a.team is None for a in assignments)
    assert PlannedAssignment.objects.filter(recommendation__key="pattern-neglectful", round=round_).count() == 2
    client.force_login(people["learner"])
    dashboard = client.get(reverse("my_learning")).content.decode()
    assert "The three principles" in dashboard and "Assigned to you" in dashboard
    # The same step again: nothing is assigned twice.
    result = completion_services.assign_recommendation(
        membership=membership_for(lead, organisation.slug), recommendation_key="pattern-neglectful", due_date=future()
    )
    assert not result.created and len(result.already) == 2
    assert ModuleAssignment.objects.filter(organisation=organisation).count() == 2


def test_assign_to_a_team_only(lead, organisation, people, round_):
    team = TeamFactory(organisation=organisation)
    member = MembershipFactory(organisation=organisation, team=team).user
    api = api_for(lead)
    response = api.post(
        reverse("api_recommendation_assignments", args=[organisation.slug, round_.pk, "pattern-neglectful"]),
        {"team": team.pk, "due_date": future().isoformat()},
        format="json",
    )
    assert response.status_code == 201 and len(response.json()["created"]) == 2
    from modules.selectors import assignments_for

    assert assignments_for(member).count() == 2
    assert assignments_for(people["learner"]).count() == 0


def test_assign_form_keeps_what_was_typed_and_explains(client, lead, organisation, round_, site_pages):
    client.force_login(lead)
    prefix = "assign-pattern-neglectful"
    response = client.post(
        reverse("planning_assign", args=[organisation.slug, round_.pk, "pattern-neglectful"]),
        {f"{prefix}-audience": "", f"{prefix}-due_date": "2001-01-01"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert "The due date must be today or later." in html and 'value="2001-01-01"' in html
    assert not ModuleAssignment.objects.exists()


def test_assign_is_for_leads_of_that_organisation(people, organisation, round_):
    with pytest.raises(PermissionDenied):
        completion_services.assign_recommendation(
            membership=membership_for(people["learner"], organisation.slug),
            recommendation_key="pattern-neglectful",
            due_date=future(),
        )
    with pytest.raises(Http404):
        completion_services.assign_recommendation(
            membership=membership_for(people["other_org"], organisation.slug),
            recommendation_key="pattern-neglectful",
            due_date=future(),
        )
    with pytest.raises(ValidationError) as error:
        completion_services.assign_recommendation(
            membership=membership_for(people["org_admin"], organisation.slug),
            recommendation_key="pattern-competent",
            due_date=future(),
        )
    assert "nothing to assign" in str(error.value)


# ---------------------------------------------------------------- completion, withheld below 5


def complete_module(user, module):
    """Complete by the one rule: every lesson read and the module's quiz passed."""
    from quizzes.models import Attempt, QuizPage

    for lesson in LessonPage.objects.live().descendant_of(module):
        LessonProgress.objects.create(user=user, lesson=lesson, module=module, completed_at=timezone.now())
    for quiz in QuizPage.objects.live().child_of(module):
        Attempt.objects.create(
            user=user, quiz=quiz, snapshot=[], pass_mark=70, submitted_at=timezone.now(), percent=100, passed=True
        )


def test_completion_is_counts_only_and_withheld_below_five(client, lead, organisation, people, round_, site_pages):
    team = TeamFactory(organisation=organisation)
    team_members = [MembershipFactory(organisation=organisation, team=team).user for _ in range(4)]
    completion_services.assign_recommendation(
        membership=membership_for(lead, organisation.slug),
        recommendation_key="pattern-neglectful",
        due_date=future(),
        team_id=team.pk,
    )
    completion_services.assign_recommendation(
        membership=membership_for(lead, organisation.slug), recommendation_key="pattern-neglectful", due_date=future()
    )
    module = ModulePage.objects.get(slug="three-principles")
    complete_module(team_members[0], module)
    lesson = LessonPage.objects.live().descendant_of(module).first()
    LessonProgress.objects.create(user=people["learner"], lesson=lesson, module=module, completed_at=timezone.now())
    rows = completion_selectors.assignments_with_completion(membership=membership_for(lead, organisation.slug))
    by_key = {(r.assignment.module.slug, r.assignment.team_id): r for r in rows}
    small = by_key[("three-principles", team.pk)]
    assert small.audience == 4 and small.withheld and small.completed is None
    everyone = by_key[("three-principles", None)]
    assert everyone.audience == Membership.objects.filter(organisation=organisation).count() >= 5
    assert (everyone.completed, everyone.started) == (1, 1)
    assert everyone.not_started == everyone.audience - 2
    assert everyone.recommendation_title == "Step for pattern at neglectful"
    client.force_login(lead)
    html = client.get(reverse("planning_assignments", args=[organisation.slug])).content.decode()
    assert "Withheld: fewer than 5 people" in html
    assert team_members[0].display_name not in html
    body = api_for(lead).get(reverse("api_assignment_completion", args=[organisation.slug])).json()
    withheld = [row for row in body["results"] if row["withheld"]]
    assert withheld and all(row["completed"] is None for row in withheld)


def test_one_person_assignment_is_always_withheld(lead, organisation, people, curriculum):
    from modules import services as module_services

    module = ModulePage.objects.get(slug="three-principles")
    module_services.create_assignment(
        membership=membership_for(lead, organisation.slug), module_id=module.pk, user_id=people["learner"].pk
    )
    rows = completion_selectors.assignments_with_completion(membership=membership_for(lead, organisation.slug))
    assert rows[0].audience == 1 and rows[0].withheld


# ---------------------------------------------------------------- targets


def test_targets_show_the_gap_on_the_results_page(client, lead, organisation, round_, site_pages):
    client.force_login(lead)
    url = reverse("planning_targets", args=[organisation.slug]) + f"?round={round_.pk}"
    assert "Now: Neglectful" in client.get(url).content.decode()
    response = client.post(url, {"round": round_.pk, "pattern": "4", "partnering": ""})
    assert response.status_code == 302 and response["Location"].endswith(f"/{round_.pk}/results/#targets-title")
    assert dict(TargetLevel.objects.values_list("domain_key", "level")) == {"pattern": 4}
    html = client.get(reverse("round_results", args=[organisation.slug, round_.pk])).content.decode()
    assert "2 levels to go" in html and "Change the targets" in html


def test_targets_reject_bad_levels_and_unknown_areas(lead, organisation, round_, people):
    with pytest.raises(ValidationError) as error:
        target_services.set_targets(
            membership=membership_for(lead, organisation.slug), targets={"pattern": 1, "nowhere": 3}
        )
    assert set(error.value.message_dict) == {"pattern", "nowhere"}
    with pytest.raises(PermissionDenied):
        target_services.set_targets(
            membership=membership_for(people["learner"], organisation.slug), targets={"pattern": 3}
        )
    api = api_for(lead)
    url = reverse("api_targets", args=[organisation.slug])
    body = api.put(url, {"targets": {"partnering": 5}}, format="json").json()
    partnering = next(row for row in body if row["domain"] == "partnering")
    assert partnering["target"] == 5 and partnering["gap"] == 2 and partnering["current"] == 3
    assert api.put(url, {"targets": {"partnering": 9}}, format="json").status_code == 400


# ---------------------------------------------------------------- the action plan


def test_chosen_recommendation_becomes_an_editable_action_item(client, lead, organisation, round_, site_pages):
    client.force_login(lead)
    response = client.post(reverse("planning_add_to_plan", args=[organisation.slug, round_.pk, "pattern-neglectful"]))
    item = ActionItem.objects.get()
    assert response["Location"] == reverse("planning_item_edit", args=[organisation.slug, item.pk])
    assert item.recommendation.key == "pattern-neglectful" and item.source_round == round_
    assert "Do the neglectful thing in pattern." in item.action
    assert "moves up from Neglectful to Pre-Competent" in item.outcome
    # Choosing it again does not duplicate it.
    client.post(reverse("planning_add_to_plan", args=[organisation.slug, round_.pk, "pattern-neglectful"]))
    assert ActionItem.objects.count() == 1
    edit = client.get(response["Location"]).content.decode()
    assert "Do not enter names or details that could identify a family" in edit
    response = client.post(
        response["Location"],
        {
            "outcome": item.outcome,
            "action": "Team managers rewrite the plan template.",
            "lead_person": "Team manager, family support",
            "target_date": future(60).isoformat(),
            "status": "in_progress",
            "progress_note": "Template drafted.",
            "domain_key": "pattern",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.lead_person == "Team manager, family support" and item.status == "in_progress"
    plan = client.get(reverse("planning_plan", args=[organisation.slug])).content.decode()
    assert "Team managers rewrite the plan template." in plan and "In progress" in plan


def test_action_item_form_keeps_input_on_error(client, lead, organisation, round_, site_pages):
    client.force_login(lead)
    response = client.post(
        reverse("planning_item_new", args=[organisation.slug]),
        {"outcome": "", "action": "Something typed", "lead_person": "Head of service", "target_date": "2001-02-03"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert "Something typed" in html and "Head of service" in html and 'value="2001-02-03"' in html
    assert "The target date must be today or later." in html
    assert not ActionItem.objects.exists()


def test_completing_an_item_records_when(lead, organisation, round_):
    item = target_services.create_action_item(
        membership=membership_for(lead, organisation.slug), data={"outcome": "o", "action": "a"}
    )
    assert item.status == "not_started" and item.completed_at is None
    item = target_services.update_action_item(
        membership=membership_for(lead, organisation.slug), item_id=item.pk, data={"status": "completed"}
    )
    assert item.completed_at is not None
    item = target_services.update_action_item(
        membership=membership_for(lead, organisation.slug), item_id=item.pk, data={"status": "ongoing"}
    )
    assert item.completed_at is None
    # A past target date may be kept when editing other fields, but not newly set.
    ActionItem.objects.filter(pk=item.pk).update(target_date=datetime.date(2020, 1, 1))
    target_services.update_action_item(
        membership=membership_for(lead, organisation.slug),
        item_id=item.pk,
        data={"target_date": "2020-01-01", "status": "ongoing"},
    )
    with pytest.raises(ValidationError):
        target_services.update_action_item(
            membership=membership_for(lead, organisation.slug), item_id=item.pk, data={"target_date": "2020-01-02"}
        )


def test_action_plan_permissions(client, people, organisation, round_, site_pages):
    item = target_services.create_action_item(
        membership=membership_for(people["org_admin"], organisation.slug), data={"outcome": "o", "action": "a"}
    )
    with pytest.raises(PermissionDenied):
        target_services.update_action_item(
            membership=membership_for(people["learner"], organisation.slug),
            item_id=item.pk,
            data={"status": "completed"},
        )
    with pytest.raises(Http404):
        target_services.update_action_item(
            membership=membership_for(people["other_org"], organisation.slug),
            item_id=item.pk,
            data={"status": "completed"},
        )
    with pytest.raises(Http404):
        target_services.delete_action_item(
            membership=membership_for(people["other_org"], "elsewhere-service"), item_id=item.pk
        )  # their org, not their item
    assert ActionItem.objects.get(pk=item.pk).status == "not_started"
    client.force_login(people["learner"])
    assert client.get(reverse("planning_plan", args=[organisation.slug])).status_code == 403
    client.force_login(people["other_org"])
    assert client.get(reverse("planning_item_edit", args=[organisation.slug, item.pk])).status_code == 404


def test_action_items_api_crud(lead, organisation, round_, people):
    api = api_for(lead)
    url = reverse("api_action_items", args=[organisation.slug])
    created = api.post(url, {"recommendation": "partnering-pre_competent", "round": round_.pk}, format="json")
    assert created.status_code == 201
    body = created.json()
    assert body["recommendation"] == "partnering-pre_competent" and body["domain"] == "partnering"
    by_hand = api.post(
        url,
        {"outcome": "Plans name what he must do", "action": "Audit ten plans", "lead_person": "Practice lead"},
        format="json",
    ).json()
    item_url = reverse("api_action_item", args=[organisation.slug, by_hand["id"]])
    patched = api.patch(item_url, {"status": "completed", "progress_note": "Done in March."}, format="json").json()
    assert patched["status"] == "completed" and patched["completed_at"]
    bad = api.patch(item_url, {"status": "finished"}, format="json")
    assert bad.status_code == 400 and "status" in bad.json()["error"]["fields"]
    assert api.get(url).json()["count"] == 2
    assert api_for(people["learner"]).patch(item_url, {"status": "ongoing"}, format="json").status_code == 403
    assert api_for(people["other_org"]).get(item_url).status_code == 404
    assert api.delete(item_url).status_code == 204
    assert api.get(url).json()["count"] == 1


# ---------------------------------------------------------------- reassessment and comparison


def test_comparison_across_two_rounds_on_known_data(client, lead, organisation, round_, site_pages):
    done = target_services.create_action_item(
        membership=membership_for(lead, organisation.slug), data={"outcome": "Done in between", "action": "a"}
    )
    target_services.update_action_item(
        membership=membership_for(lead, organisation.slug), item_id=done.pk, data={"status": "completed"}
    )
    target_services.create_action_item(
        membership=membership_for(lead, organisation.slug), data={"outcome": "Still open", "action": "a"}
    )
    second = report_services.start_reassessment(
        membership=membership_for(lead, organisation.slug), round_id=round_.pk, title="Round two", invite_previous=True
    )
    assert second.previous == round_ and second.snapshot == round_.snapshot
    assert second.invitations.count() == 3  # last time's respondents, invited again
    from .planning_helpers import answers_for_levels

    for invitation in second.invitations.select_related("user"):
        response_services.save_answers(
            invitation.user, second.pk, answers_for_levels(second, {"pattern": "competent", "partnering": "neglectful"})
        )
        response_services.submit_response(invitation.user, second.pk)  # only sent answers count
    round_services.close_round(membership=membership_for(lead, organisation.slug), round_id=second.pk)
    context = comparison_selectors.comparison(membership=membership_for(lead, organisation.slug), round_id=second.pk)
    rows = {row.key: row for row in context["rows"]}
    assert (rows["pattern"].before.level, rows["pattern"].after.level) == (
        ContinuumLevel.NEGLECTFUL,
        ContinuumLevel.COMPETENT,
    )
    assert rows["pattern"].direction == "up" and rows["pattern"].level_change == 2
    assert rows["partnering"].direction == "down" and rows["partnering"].level_change == -1
    assert [i.outcome for i in context["completed_items"]] == ["Done in between"]
    assert not context["framework_diff"].has_changes
    client.force_login(lead)
    html = client.get(reverse("planning_compare", args=[organisation.slug, second.pk])).content.decode()
    assert '<svg class="chart comparison-chart"' in html and "<table" in html
    assert "Done in between" in html and "Still open" not in html and " style=" not in html
    results = client.get(reverse("round_results", args=[organisation.slug, second.pk])).content.decode()
    assert reverse("planning_compare", args=[organisation.slug, second.pk]) in results
    body = api_for(lead).get(reverse("api_round_comparison", args=[organisation.slug, second.pk])).json()
    assert body["before"]["id"] == round_.pk and body["after"]["overall_label"] == "Neglectful"
    pattern = next(d for d in body["domains"] if d["key"] == "pattern")
    assert (pattern["before"]["display"], pattern["after"]["display"]) == ("Neglectful", "Competent")
    assert [i["outcome"] for i in body["completed_items"]] == ["Done in between"]


def test_reassessment_with_the_current_framework_shows_what_changed(client, lead, organisation, round_, site_pages):
    Statement.objects.filter(key="pattern-competent-1").update(text="Reworded by an editor")
    client.force_login(lead)
    page = client.get(reverse("planning_reassess", args=[organisation.slug, round_.pk])).content.decode()
    assert "Reworded by an editor" in page
    response = client.post(
        reverse("planning_reassess", args=[organisation.slug, round_.pk]),
        {"title": "Round two", "framework": "current", "invite_previous": ""},
    )
    second = Round.objects.get(title="Round two")
    assert response["Location"] == reverse("round_manage", args=[organisation.slug, second.pk])
    assert second.previous == round_ and not second.invitations.exists()
    diff = comparison_selectors.comparison(membership=membership_for(lead, organisation.slug), round_id=second.pk)[
        "framework_diff"
    ]
    assert [new["text"] for _old, new in diff.statements_changed] == ["Reworded by an editor"]
    api = api_for(lead)
    made = api.post(
        reverse("api_round_reassess", args=[organisation.slug, round_.pk]), {"title": "Via API"}, format="json"
    )
    assert made.status_code == 201 and made.json()["previous"] == round_.pk


# ---------------------------------------------------------------- reports


def request_and_run(user, organisation, kind, round_id, capture):
    with capture(execute=True):
        job = report_services.request_report(
            membership=membership_for(user, organisation.slug), kind=kind, round_id=round_id
        )
    job.refresh_from_db()
    return job


def test_round_pdf_and_csv_reports(client, lead, organisation, library, site_pages, django_capture_on_commit_callbacks):
    round_ = closed_round(lead, organisation, LEVELS, respondents=2, note="Private note by one respondent")
    target_services.add_from_recommendation(
        membership=membership_for(lead, organisation.slug), recommendation_key="pattern-neglectful", round_id=round_.pk
    )
    target_services.set_targets(membership=membership_for(lead, organisation.slug), targets={"pattern": 4})
    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("planning_reports", args=[organisation.slug]), {"kind": "round_pdf", "round": round_.pk}
        )
    job = ReportJob.objects.get(kind="round_pdf")
    assert response["Location"] == reverse("planning_report", args=[organisation.slug, job.pk])
    assert job.status == "done" and bytes(job.content).startswith(b"%PDF")
    page = client.get(response["Location"]).content.decode()
    assert "Download" in page and "/download/" in page
    link = page.split('href="')[[n for n, part in enumerate(page.split('href="')) if "/download/" in part][0]]
    download = client.get(link.split('"')[0])
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF") and "attachment" in download["Content-Disposition"]
    # The PDF's source: placement, chart, explanations, next steps, targets, plan; no individual answers.
    html = render_to_string("planning/pdf/round_report.html", report_selectors.round_report_context(job=job))
    assert "Overall" in html and '<svg class="chart domain-chart"' in html
    assert "Step for pattern at neglectful" in html and "Action plan" in html and "Not agreed yet" in html
    assert "To move up one step, these need to be met" in html and "Competent" in html
    assert "Private note by one respondent" not in html
    respondents = [i.user for i in round_.invitations.select_related("user")]
    assert not any(person.display_name in html or person.email in html for person in respondents)
    csv_job = request_and_run(lead, organisation, "round_csv", round_.pk, django_capture_on_commit_callbacks)
    text = bytes(csv_job.content).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("organisation,round,closed,respondents,overall_level")
    # A named round of two (anonymous rounds need 3 senders): the spread shows, notes never do.
    assert "Private note" not in text and "agreed_reason" in text.splitlines()[0]
    assert not any(person.email in text for person in respondents)
    plan_job = request_and_run(lead, organisation, "plan_pdf", None, django_capture_on_commit_callbacks)
    assert plan_job.status == "done" and bytes(plan_job.content).startswith(b"%PDF")


def test_report_task_is_idempotent_and_takes_ids(lead, organisation, round_, django_capture_on_commit_callbacks):
    from quizzes.planning.tasks import make_report

    job = request_and_run(lead, organisation, "round_csv", round_.pk, django_capture_on_commit_callbacks)
    finished_at = job.finished_at
    assert make_report.delay(job.pk).get() is False  # already done: left alone
    job.refresh_from_db()
    assert job.finished_at == finished_at
    assert make_report.app.conf.task_acks_late or make_report.acks_late


def test_report_of_an_open_round_is_refused(lead, organisation, library):
    open_round = round_services.open_round(membership=membership_for(lead, organisation.slug), title="Open")
    with pytest.raises(report_services.RoundStillOpen):
        report_services.request_report(
            membership=membership_for(lead, organisation.slug), kind="round_pdf", round_id=open_round.pk
        )
    response = api_for(lead).post(
        reverse("api_reports", args=[organisation.slug]), {"kind": "round_pdf", "round": open_round.pk}, format="json"
    )
    assert response.status_code == 409
    assert not ReportJob.objects.exists()


def test_expired_or_altered_download_links_are_refused(
    client, lead, people, organisation, round_, site_pages, django_capture_on_commit_callbacks
):
    job = request_and_run(lead, organisation, "round_csv", round_.pk, django_capture_on_commit_callbacks)
    token = report_services.download_token(job)
    url = reverse("planning_report_download", args=[organisation.slug, job.pk, token])
    client.force_login(lead)
    assert client.get(url).status_code == 200
    later = timezone.now().timestamp() + report_services.REPORT_LINK_MAX_AGE + 5
    with mock.patch("django.core.signing.time.time", return_value=later):
        expired = client.get(url)
        api_expired = api_for(lead).get(reverse("api_report_download", args=[organisation.slug, job.pk, token]))
    assert expired.status_code == 410 and "This download link has expired" in expired.content.decode()
    assert api_expired.status_code == 410 and api_expired.json()["error"]["code"] == "link_expired"
    altered = reverse("planning_report_download", args=[organisation.slug, job.pk, token[:-2] + "xx"])
    assert client.get(altered).status_code == 410
    other_job = request_and_run(lead, organisation, "plan_pdf", None, django_capture_on_commit_callbacks)
    swapped = reverse("planning_report_download", args=[organisation.slug, other_job.pk, token])
    assert client.get(swapped).status_code == 410  # a link is for one report only
    client.force_login(people["learner"])
    assert client.get(url).status_code == 403
    client.force_login(people["other_org"])
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_api_report_job_flow(lead, organisation, round_, django_capture_on_commit_callbacks):
    api = api_for(lead)
    with django_capture_on_commit_callbacks(execute=True):
        created = api.post(
            reverse("api_reports", args=[organisation.slug]), {"kind": "round_pdf", "round": round_.pk}, format="json"
        )
    assert created.status_code == 202 and created.json()["status"] == "pending"
    job = api.get(reverse("api_report", args=[organisation.slug, created.json()["id"]])).json()
    assert job["status"] == "done" and job["download_url"] and job["download_expires_at"]
    download = api.get(job["download_url"])
    assert download.status_code == 200 and download.content.startswith(b"%PDF")


def test_report_page_works_without_javascript(client, lead, organisation, round_, site_pages):
    job = ReportJob.objects.create(organisation=organisation, kind="round_pdf", round=round_, requested_by=lead)
    client.force_login(lead)
    html = client.get(reverse("planning_report", args=[organisation.slug, job.pk])).content.decode()
    assert "Check again" in html and reverse("planning_report", args=[organisation.slug, job.pk]) in html
    assert "js/report-status.js" in html and "http-equiv" not in html


# ---------------------------------------------------------------- reminders


def test_overdue_reminders_are_sent_once_and_unsubscribe_works(client, lead, organisation, people, round_, site_pages):
    completion_services.assign_recommendation(
        membership=membership_for(lead, organisation.slug), recommendation_key="pattern-neglectful", due_date=future(1)
    )
    ModuleAssignment.objects.update(due_date=timezone.localdate() - datetime.timedelta(days=1))
    Membership.objects.filter(organisation=organisation).update(joined_at=timezone.now() - datetime.timedelta(days=90))
    late = MembershipFactory(organisation=organisation).user  # joined after the due date: not chased
    done = people["learner"]
    for module in ModulePage.objects.filter(slug__in=["three-principles", "schools"]):
        complete_module(done, module)
    sent = reminders.send_overdue_assignment_reminders()
    recipients = {m.to[0] for m in mail.outbox}
    members = set(Membership.objects.filter(organisation=organisation).values_list("user__email", flat=True))
    assert recipients == members - {late.email, done.email}
    assert sent == len(recipients)
    message = next(m for m in mail.outbox if m.to == [people["assessment_lead"].email])
    assert message.subject == "Reminder: learning past its due date"
    assert "domestic" not in message.subject.lower() and "three principles" not in message.body.lower()
    assert ReminderLog.objects.filter(user=people["assessment_lead"]).count() == 2  # one per assignment
    # Once only.
    assert reminders.send_overdue_assignment_reminders() == 0 and len(mail.outbox) == sent
    # Unsubscribe without signing in.
    link = next(line for line in message.body.splitlines() if "/email/unsubscribe/" in line).strip()
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    path = link.split("testserver")[-1].replace("http://127.0.0.1:8000", "")
    page = client.get(path)
    assert page.status_code == 200 and "Stop reminder emails" in page.content.decode()
    assert not EmailOptOut.objects.exists()  # a GET (for example a mail scanner) changes nothing
    response = client.post(path)
    assert response.status_code == 200 and "You will not get these reminders again" in response.content.decode()
    assert EmailOptOut.objects.filter(user=people["assessment_lead"], kind="assignment_overdue").exists()
    completion_services.assign_recommendation(
        membership=membership_for(lead, organisation.slug),
        recommendation_key="partnering-neglectful",
        due_date=future(1),
    )
    mail.outbox.clear()
    ModuleAssignment.objects.update(due_date=timezone.localdate() - datetime.timedelta(days=1))
    reminders.send_overdue_assignment_reminders()
    assert people["assessment_lead"].email not in {m.to[0] for m in mail.outbox}
    assert client.get("/email/unsubscribe/not-a-real-token/").status_code == 404


def test_reassessment_reminder_goes_to_leads_once(lead, organisation, people, round_):
    Round.objects.filter(pk=round_.pk).update(closed_at=timezone.now() - datetime.timedelta(days=366))
    assert reminders.send_reassessment_reminders() == 2
    assert {m.to[0] for m in mail.outbox} == {people["assessment_lead"].email, people["org_admin"].email}
    assert mail.outbox[0].subject == "Reminder: time for your next review"
    assert reverse("planning_reassess", args=[organisation.slug, round_.pk]) in mail.outbox[0].body
    assert reminders.send_reassessment_reminders() == 0 and len(mail.outbox) == 2
    # Not due: closed recently, or a newer round has started.
    other = closed_round(people["other_org"], people["other_org"].memberships.get().organisation, {}, title="Recent")
    assert other and reminders.send_reassessment_reminders() == 0


def test_no_reminder_once_the_next_round_has_started(lead, organisation, round_):
    Round.objects.filter(pk=round_.pk).update(closed_at=timezone.now() - datetime.timedelta(days=400))
    report_services.start_reassessment(
        membership=membership_for(lead, organisation.slug), round_id=round_.pk, title="Next", invite_previous=False
    )
    assert reminders.send_reassessment_reminders() == 0


def test_beat_schedule_runs_both_reminders(settings):
    from s2t_learn.celery import app

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "quizzes.planning.tasks.send_overdue_learning_reminders",
        "quizzes.planning.tasks.send_reassessment_reminders",
    } <= tasks
    app.loader.import_default_modules()
    assert tasks <= set(app.tasks)


def test_unsubscribe_tokens_cannot_be_forged(people):
    token = reminders.unsubscribe_token(people["learner"].pk, "assignment_overdue")
    assert reminders.read_unsubscribe_token(token) == (people["learner"], "assignment_overdue")
    with pytest.raises(reminders.BadUnsubscribeLink):
        reminders.read_unsubscribe_token(token.replace(str(people["learner"].pk), "999", 1) + "x")


# ---------------------------------------------------------------- the demo


def test_demo_has_targets_a_plan_and_an_assignment_from_a_recommendation(demo):
    call_command("load_demo", verbosity=0)  # idempotent
    items = ActionItem.objects.filter(organisation__slug="northtown")
    assert items.count() == 3 and items.filter(status="completed").count() == 1
    assert TargetLevel.objects.filter(organisation__slug="northtown").exists()
    assert PlannedAssignment.objects.filter(assignment__organisation__slug="northtown").exists()


def test_reports_build_directly(lead, organisation, round_):
    name, content_type, content = report_files.build(
        ReportJob(organisation=organisation, kind="round_csv", round=round_)
    )
    assert name.endswith(".csv") and content_type.startswith("text/csv") and b"pattern" in content
    assert report_files.safe_cell("=SUM(A1)") == "'=SUM(A1)"


def test_editors_manage_recommendations_in_the_wagtail_admin(client, people, library):
    client.force_login(people["superuser"])
    rec = Recommendation.objects.get(key="pattern-neglectful")
    edit_url = reverse("wagtailsnippets_quizzes_recommendation:edit", args=[rec.pk])
    page = client.get(edit_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Other areas it also lifts" in html and "Domain partnering (partnering)" in html
    module = ModulePage.objects.get(slug="schools")
    response = client.post(
        edit_url,
        {
            "title": "Edited step",
            "key": rec.key,
            "domain_key": "pattern",
            "level": "neglectful",
            "action": "A clearer action.",
            "outcome": "",
            "lifts": ["partnering"],
            "modules": [module.pk],
            "resources-count": "0",
            "sort_order": "0",
            # Recommendations have drafts: an edit goes live only when it is published.
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    rec.refresh_from_db()
    assert rec.title == "Edited step" and rec.lifts == ["partnering"]
    assert list(rec.modules.values_list("slug", flat=True)) == ["schools"]
    assert (
        next(r for r in recommendation_selectors.recommendation_library() if r.key == rec.key).modules[0].title
        == module.title
    )


def test_recommendation_listing_in_the_admin(client, people, library):
    client.force_login(people["superuser"])
    listing = client.get(reverse("wagtailsnippets_quizzes_recommendation:list") + "?level=neglectful")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Step for pattern at neglectful" in html and "Step for pattern at competent" not in html


ITEM_RULES = [
    # (field, bad value, the model's message)
    ("outcome", "", "Say how you will know it worked: what will change in practice."),
    ("action", "   ", "Say what will be done."),
    ("outcome", "x" * 2001, "Keep this under 2000 characters."),
    ("lead_person", "x" * 201, "Keep the lead person under 200 characters: a name or a role."),
    ("status", "finished", "Choose one of: not started, in progress, ongoing, completed."),
    ("progress_note", "x" * 2001, "Keep the note under 2000 characters."),
]


@pytest.mark.parametrize(("field", "bad", "message"), ITEM_RULES)
def test_each_action_item_rule_lives_on_the_model_and_the_service_says_the_same(
    field, bad, message, lead, organisation, round_
):
    """The model's full_clean holds each field's rule; the service (and so the form and the API) runs it."""
    good = {"outcome": "Plans name what he must do", "action": "Audit ten plans"}
    item = ActionItem(organisation=organisation, **{**good, field: bad.strip()})
    with pytest.raises(ValidationError) as on_the_model:
        item.full_clean()
    assert on_the_model.value.message_dict[field] == [message]
    membership = membership_for(lead, organisation.slug)
    with pytest.raises(ValidationError) as in_the_service:
        target_services.create_action_item(membership=membership, data={**good, field: bad})
    assert in_the_service.value.message_dict == {field: [message]}
    existing = target_services.create_action_item(membership=membership, data=good)
    with pytest.raises(ValidationError) as on_update:
        target_services.update_action_item(membership=membership, item_id=existing.pk, data={field: bad})
    assert on_update.value.message_dict == {field: [message]}
    assert ActionItem.objects.get(pk=existing.pk).outcome == good["outcome"]  # nothing half-saved


def test_every_problem_with_an_action_item_is_named_at_once(lead, organisation, round_):
    with pytest.raises(ValidationError) as error:
        target_services.create_action_item(
            membership=membership_for(lead, organisation.slug),
            data={"outcome": "", "action": "", "lead_person": "x" * 201, "target_date": "2001-01-01"},
        )
    assert set(error.value.message_dict) == {"outcome", "action", "lead_person", "target_date"}
    assert not ActionItem.objects.exists()


def test_the_plan_form_shows_the_models_message(client, lead, organisation, round_, site_pages):
    client.force_login(lead)
    response = client.post(
        reverse("planning_item_new", args=[organisation.slug]),
        {"outcome": "Plans name what he must do", "action": "Audit", "lead_person": "x" * 201},
    )
    html = response.content.decode()
    assert response.status_code == 200 and not ActionItem.objects.exists()
    assert html.count("Keep the lead person under 200 characters: a name or a role.") == 2  # summary and field
    assert 'maxlength="200"' in html


def test_an_action_items_free_text_and_required_fields_are_read_from_the_model():
    """A new text field on ActionItem is stripped and checked with no edit to the service."""
    assert target_services.TEXT_FIELDS == ("outcome", "action", "lead_person", "progress_note")
    assert target_services.REQUIRED_FIELDS == ("outcome", "action")
    assert set(target_services.TEXT_FIELDS) <= set(target_services.ITEM_FIELDS)
