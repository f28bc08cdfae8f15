"""Aggregates that resist differencing (issue 16, item 9), applied: the attacks run against the pages and
the API an organisation reads, not only against the pure rule (test_disclosure.py)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from modules import services as module_services
from modules.models import LessonPage, LessonProgress, ModulePage
from s2t_learn.models import Membership
from s2t_learn.selectors import membership_for
from tests.factories import MembershipFactory, TeamFactory

# Some of these read the real modules, lessons and quizzes (the opt-in curriculum).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("curriculum")]

CLOSE = "Withheld: too close to another group whose counts can be shown"


def api_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def assign(lead, organisation, module_id, **target):
    return module_services.create_assignment(
        membership=membership_for(lead, organisation.slug), module_id=module_id, **target
    )


def start_module(user, module):
    lesson = LessonPage.objects.live().descendant_of(module).first()
    LessonProgress.objects.create(user=user, lesson=lesson, module=module, completed_at=timezone.now())


@pytest.fixture
def lead(people):
    return people["assessment_lead"]


@pytest.fixture
def modules(curriculum):
    return list(ModulePage.objects.live().order_by("path")[:2])


@pytest.fixture
def all_but_one(organisation, people):
    """A team of everyone in the organisation but the learner: 10 of 11 people."""
    team = TeamFactory(organisation=organisation, name="Everyone but one")
    Membership.objects.filter(organisation=organisation).exclude(user=people["learner"]).update(team=team)
    for _ in range(8):
        MembershipFactory(organisation=organisation, team=team)
    assert Membership.objects.filter(organisation=organisation).count() == 11
    return team


def completion_api(user, organisation):
    return api_for(user).get(reverse("api_assignment_completion", args=[organisation.slug]))


def test_attack_everyone_versus_a_team_that_leaves_one_person_out(
    client, lead, organisation, people, all_but_one, modules, site_pages
):
    module = modules[0]
    start_module(people["learner"], module)  # what subtracting the two figures would give away
    assign(lead, organisation, module.pk)
    assign(lead, organisation, module.pk, team_id=all_but_one.pk)
    body = completion_api(lead, organisation).json()["results"]
    by_team = {row["team"]: row for row in body}
    assert by_team[None]["withheld"] is False and by_team[None]["started"] == 1
    team_row = by_team[all_but_one.pk]
    assert team_row["people"] == 10 and team_row["withheld"] is True
    assert team_row["completed"] is team_row["started"] is team_row["not_started"] is None
    assert team_row["reason"] == CLOSE and by_team[None]["reason"] == ""
    client.force_login(lead)
    html = client.get(reverse("planning_assignments", args=[organisation.slug])).content.decode()
    assert html.count(CLOSE) == 1
    assert "so close to another group for the same module" in html  # the page says what the rule is


def test_the_close_team_stays_withheld_whatever_is_assigned_so_it_cannot_be_read_before_or_after(
    lead, organisation, people, all_but_one, modules
):
    """Read the team's counts, then assign the same module to everyone and read again: the first reading
    must already be withheld, and removing the everyone assignment must not release it."""
    module = modules[0]
    assign(lead, organisation, module.pk, team_id=all_but_one.pk)
    [alone] = completion_api(lead, organisation).json()["results"]
    assert alone["withheld"] is True and alone["reason"] == CLOSE
    everyone = assign(lead, organisation, module.pk)
    assert [r["withheld"] for r in completion_api(lead, organisation).json()["results"]] == [True, False]
    everyone.delete()
    assert completion_api(lead, organisation).json()["results"][0]["withheld"] is True


def test_figures_about_different_modules_do_not_clash(lead, organisation, people, modules):
    """Everyone on one module and a big team on another: different records, both shown. A team far
    enough from everyone (7 of 14) is shown next to everyone on the same module too."""
    team = TeamFactory(organisation=organisation)
    for _ in range(7):
        MembershipFactory(organisation=organisation, team=team)
    for _ in range(4):
        MembershipFactory(organisation=organisation)
    first, second = modules
    assign(lead, organisation, first.pk)
    assign(lead, organisation, second.pk, team_id=team.pk)
    assign(lead, organisation, second.pk)
    rows = completion_api(lead, organisation).json()["results"]
    assert [(r["people"], r["withheld"]) for r in rows] == [(14, False), (7, False), (14, False)]


def test_attack_everyone_minus_two_teams_leaves_the_one_person_in_neither(lead, organisation, people, modules):
    """11 people: teams of 5 and 5, and the learner in neither. Each pair of figures differs by 5 people or
    more, but everyone minus both teams is the learner: one team must be withheld."""
    teams = [TeamFactory(organisation=organisation, name=name) for name in ("A", "B")]
    Membership.objects.filter(user__in=[people["assessment_lead"], people["org_admin"]]).update(team=teams[0])
    for team, extra in ((teams[0], 3), (teams[1], 5)):
        for _ in range(extra):
            MembershipFactory(organisation=organisation, team=team)
    module = modules[0]
    for team_id in (None, teams[0].pk, teams[1].pk):
        assign(lead, organisation, module.pk, team_id=team_id)
    rows = completion_api(lead, organisation).json()["results"]
    assert [r["people"] for r in rows] == [11, 5, 5]
    assert [r["withheld"] for r in rows] == [False, False, True]
    assert rows[2]["reason"] == CLOSE


def test_groups_under_the_minimum_are_withheld_and_say_so(client, lead, organisation, people, modules, site_pages):
    team = TeamFactory(organisation=organisation)
    for _ in range(4):
        MembershipFactory(organisation=organisation, team=team)
    assign(lead, organisation, modules[0].pk, team_id=team.pk)
    [row] = completion_api(lead, organisation).json()["results"]
    assert row["withheld"] is True and row["reason"] == "Withheld: fewer than 5 people" and row["completed"] is None
    client.force_login(lead)
    html = client.get(reverse("planning_assignments", args=[organisation.slug])).content.decode()
    assert "Withheld: fewer than 5 people" in html


def test_completion_is_for_leads_of_that_organisation_only(client, people, organisation, site_pages):
    url = reverse("planning_assignments", args=[organisation.slug])
    for who, expected in (("assessment_lead", 200), ("org_admin", 200), ("learner", 403), ("other_org", 404)):
        client.force_login(people[who])
        assert client.get(url).status_code == expected, who
        assert completion_api(people[who], organisation).status_code == expected, who


# ---------------------------------------------------------------- the before-and-after tables


def ratings(value):
    from quizzes.knowledge import measure

    return {item.key: value for item in measure.active_measure().items.all()}


def last_quarter_noon():
    from quizzes.knowledge.measure_rules import Quarter

    day = Quarter.of(timezone.localdate()).starts - datetime.timedelta(days=10)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def rated_member(organisation, before, after, sent, joined=None):
    from quizzes.knowledge import measure
    from quizzes.models import MeasureResponse

    joined = joined or sent - datetime.timedelta(days=60)
    user = MembershipFactory(organisation=organisation, joined_at=joined).user
    the_measure = measure.active_measure()
    MeasureResponse.objects.create(
        user=user, measure=the_measure, stage="before", ratings=ratings(before), submitted_at=joined
    )
    MeasureResponse.objects.create(
        user=user, measure=the_measure, stage="after", ratings=ratings(after), submitted_at=sent
    )
    return user


def cohort_api(user, organisation):
    return api_for(user).get(reverse("api_cohort_measure", args=[organisation.slug]))


def test_attack_cohort_before_and_after_one_person_joins(client, people, organisation, site_pages):
    """Five members sent their ratings last quarter; then, in every way one more person can come in or go,
    every table that can be read stays the same: no reading differs from another by one person."""
    admin = people["org_admin"]
    sent = last_quarter_noon()
    five = [rated_member(organisation, 2, 4, sent) for _ in range(5)]
    first = cohort_api(admin, organisation).json()
    [table] = first["cohorts"]
    assert table["people"] == 5 and table["withheld"] is False and table["rows"][0]["after"] == 4.0
    readings = [first]

    # One more person sends "after" ratings now, in the open quarter: nothing about it shows.
    rated_member(organisation, 1, 1, timezone.now())
    readings.append(cohort_api(admin, organisation).json())
    # Someone who sent theirs last quarter, elsewhere, joins the organisation now.
    rated_member(organisation, 5, 5, sent, joined=timezone.now())
    readings.append(cohort_api(admin, organisation).json())
    # One of the five leaves, and one rejoins.
    Membership.objects.filter(user=five[0]).delete()
    readings.append(cohort_api(admin, organisation).json())
    MembershipFactory(organisation=organisation, user=five[0])
    readings.append(cohort_api(admin, organisation).json())
    assert all(reading == first for reading in readings)
    client.force_login(admin)
    html = client.get(reverse("organisation_measure", args=[organisation.slug])).content.decode()
    assert html.count("Matched learners: 5") == 1 and "Mean before" in html


def test_the_open_quarter_shows_nothing_not_even_a_count(client, people, organisation, site_pages):
    admin = people["org_admin"]
    for _ in range(6):
        rated_member(organisation, 2, 4, timezone.now())
    body = cohort_api(admin, organisation).json()
    assert body["cohorts"] == [] and body["minimum_people"] == 5
    from quizzes.knowledge.measure_rules import Quarter

    assert body["open_quarter"]["quarter"] == Quarter.of(timezone.localdate()).key
    client.force_login(admin)
    html = client.get(reverse("organisation_measure", args=[organisation.slug])).content.decode()
    assert "Mean before" not in html and "Matched learners" not in html


def test_cohort_under_the_minimum_is_withheld_and_stays_withheld(client, people, organisation, site_pages):
    admin = people["org_admin"]
    sent = last_quarter_noon()
    for _ in range(4):
        rated_member(organisation, 2, 4, sent)
    [table] = cohort_api(admin, organisation).json()["cohorts"]
    assert table["withheld"] is True and table["rows"] is None
    reason = "Withheld: fewer than 5 people rated themselves both before and after"
    assert table["reason"] == reason
    client.force_login(admin)
    html = client.get(reverse("organisation_measure", args=[organisation.slug])).content.decode()
    assert reason in html and "Mean before" not in html
    rated_member(organisation, 3, 3, sent)  # a fifth, later, cannot release the quarter: it is fixed
    assert cohort_api(admin, organisation).json()["cohorts"][0]["withheld"] is True


def test_cohort_tables_are_for_org_admins_of_that_organisation_only(client, people, organisation, site_pages):
    url = reverse("organisation_measure", args=[organisation.slug])
    for who, expected in (("org_admin", 200), ("assessment_lead", 403), ("learner", 403), ("other_org", 404)):
        client.force_login(people[who])
        assert client.get(url).status_code == expected, who
        assert cohort_api(people[who], organisation).status_code == expected, who


def test_cohort_page_query_count_does_not_grow(client, people, organisation, site_pages, django_assert_max_num_queries):
    from quizzes.knowledge.measure_rules import Quarter

    client.force_login(people["org_admin"])
    url = reverse("organisation_measure", args=[organisation.slug])
    quarter = Quarter.of(timezone.localdate())
    for _ in range(3):  # three closed quarters, seven people each
        day = quarter.starts - datetime.timedelta(days=10)
        quarter = Quarter.of(day)
        for _ in range(7):
            rated_member(organisation, 2, 4, timezone.make_aware(datetime.datetime.combine(day, datetime.time(9))))
    client.get(url)
    with django_assert_max_num_queries(10):
        html = client.get(url).content.decode()
    assert html.count("Matched learners: 7") == 3
