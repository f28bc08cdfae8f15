"""Learning completion counted by the database (issue 17) says what the one completion rule says, person by
person (quizzes.knowledge.completion.module_progress), for every audience: everyone, a team, one person."""

import itertools

import pytest
from django.utils import timezone

from modules.models import LessonProgress, ModuleAssignment
from quizzes.knowledge.completion import module_progress
from quizzes.models import Attempt
from quizzes.planning.completion import selectors as completion_selectors
from s2t_learn.models import Membership, Role
from s2t_learn.selectors import membership_for
from tests.factories import TeamFactory, UserFactory
from tests.page_factories import build_module, module_index

pytestmark = pytest.mark.django_db

# What one person has done in a module: lessons read (of 2), and their quiz attempts ("pass", "fail", "open").
STATES = list(itertools.product([0, 1, 2], [(), ("fail",), ("open",), ("fail", "pass"), ("pass",)]))


def act(user, module, lessons, quiz, read, attempts):
    now = timezone.now()
    for lesson in lessons[:read]:
        LessonProgress.objects.create(user=user, lesson=lesson, module=module, completed_at=now)
    for outcome in attempts:
        Attempt.objects.create(
            user=user,
            quiz=quiz,
            snapshot={},
            pass_mark=80,
            submitted_at=None if outcome == "open" else now,
            passed=outcome == "pass",
            percent=None if outcome == "open" else (90 if outcome == "pass" else 40),
        )


@pytest.fixture
def setting(site_pages, organisation):
    index = module_index(site_pages)
    with_quiz = build_module(index, lessons=2, questions=3)
    lessons_only = build_module(index, lessons=2, questions=3)
    lessons_only[2].unpublish()  # a module whose quiz is gone: complete once every lesson is read
    teams = [TeamFactory(organisation=organisation), TeamFactory(organisation=organisation)]
    people = []
    for number, (read, attempts) in enumerate(STATES * 2):
        user = UserFactory()
        Membership.objects.create(
            organisation=organisation, user=user, role=Role.LEARNER, team=teams[number % 3] if number % 3 < 2 else None
        )
        act(user, *with_quiz, read, attempts)
        act(user, lessons_only[0], lessons_only[1], lessons_only[2], (read + number) % 3, ())
        people.append(user)
    outsider = UserFactory()  # progress outside the organisation counts for nobody here
    act(outsider, *with_quiz, 2, ("pass",))
    return organisation, [with_quiz[0], lessons_only[0]], teams, people


def by_the_rule(organisation, module, user_ids):
    progress = module_progress(user_ids, [module])
    states = [progress[u][module.pk] for u in user_ids]
    return sum(s.is_complete for s in states), sum(s.is_started for s in states)


def test_database_counts_match_the_rule_for_every_audience(setting):
    organisation, modules, teams, people = setting
    lead = UserFactory()
    Membership.objects.create(organisation=organisation, user=lead, role=Role.ASSESSMENT_LEAD)
    members = list(Membership.objects.filter(organisation=organisation).values_list("user_id", "team_id"))
    chosen = [people[0].pk, people[7].pk, people[16].pk]
    counts = completion_selectors.progress_counts(
        membership=membership_for(lead, organisation.slug), modules=modules, person_ids=chosen
    )
    for module in modules:
        everyone = [u for u, _t in members]
        assert counts[(module.pk, "everyone")] == by_the_rule(organisation, module, everyone)
        for team in teams:
            in_team = [u for u, t in members if t == team.pk]
            assert counts[(module.pk, ("team", team.pk))] == by_the_rule(organisation, module, in_team)
        for user_id in chosen:
            assert counts[(module.pk, ("person", user_id))] == by_the_rule(organisation, module, [user_id])
    assert counts[(modules[0].pk, "everyone")] != (0, 0)  # the data has some of each


def test_the_completion_page_reads_a_fixed_number_of_queries(setting, django_assert_max_num_queries):
    organisation, modules, teams, people = setting
    lead = UserFactory()
    Membership.objects.create(organisation=organisation, user=lead, role=Role.ASSESSMENT_LEAD)
    for module in modules:
        ModuleAssignment.objects.create(organisation=organisation, module=module)
        for team in teams:
            ModuleAssignment.objects.create(organisation=organisation, module=module, team=team)
    membership = membership_for(lead, organisation.slug)
    completion_selectors.assignments_with_completion(membership=membership)
    with django_assert_max_num_queries(8):
        rows = completion_selectors.assignments_with_completion(membership=membership)
    assert len(rows) == 6
    everyone = next(r for r in rows if r.assignment.team_id is None and r.assignment.module_id == modules[0].pk)
    assert (everyone.completed, everyone.completed + everyone.started) == by_the_rule(
        organisation, modules[0], [m.user_id for m in Membership.objects.filter(organisation=organisation)]
    )
