"""One definition of module completion, and every place that shows it agreeing on the same learners.

A module is complete when every lesson is read and, where it has a quiz, the quiz is passed
(quizzes.knowledge.completion). The module page, My learning, the API, the certificate rule, the
assignment completion counts (page and API), the overdue reminders and the before-and-after measure
must all say the same for each learner below.
"""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from modules.models import LessonPage, LessonProgress, ModuleAssignment, ModulePage
from quizzes.knowledge import completion, measure, services
from quizzes.knowledge.completion import QuizState, is_module_complete, quiz_state, retry_rules
from quizzes.models import Attempt, QuizPage
from quizzes.planning.completion import selectors as completion_selectors
from quizzes.planning.reports import reminders
from s2t_learn.models import Membership
from s2t_learn.selectors import membership_for
from tests.factories import MembershipFactory

# Some of these read the real modules, lessons and quizzes (the opt-in curriculum).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("curriculum")]


# ---------------------------------------------------------------- the pure rule, exhaustively


@pytest.mark.parametrize("lesson_count", [0, 1, 3])
@pytest.mark.parametrize("has_quiz", [False, True])
@pytest.mark.parametrize("quiz_passed", [False, True])
def test_the_rule_every_lesson_read_and_the_quiz_passed(lesson_count, has_quiz, quiz_passed):
    for read in range(lesson_count + 1):
        expected = (lesson_count > 0 or has_quiz) and read == lesson_count and (quiz_passed or not has_quiz)
        assert is_module_complete(lesson_count, read, has_quiz, quiz_passed) == expected


def test_quiz_state_and_retry_rules():
    assert quiz_state(False, 0, 0, 0) == QuizState.NO_QUIZ
    assert quiz_state(True, 0, 0, 0) == QuizState.NOT_STARTED
    assert quiz_state(True, 0, 0, 1) == QuizState.IN_PROGRESS
    assert quiz_state(True, 0, 2, 0) == QuizState.FAILED
    assert quiz_state(True, 1, 2, 1) == QuizState.PASSED

    class Quiz:
        attempt_limit = 3
        cooldown_minutes = 60

    now = timezone.now()
    assert retry_rules(Quiz, 1, now - datetime.timedelta(minutes=10), now) == (2, now + datetime.timedelta(minutes=50))
    assert retry_rules(Quiz, 3, now - datetime.timedelta(hours=2), now) == (0, None)
    Quiz.attempt_limit, Quiz.cooldown_minutes = None, None
    assert retry_rules(Quiz, 5, now, now) == (None, None)


# ---------------------------------------------------------------- every surface agrees


@pytest.fixture
def with_quiz(curriculum):
    return ModulePage.objects.get(slug="three-principles")


@pytest.fixture
def without_quiz(curriculum):
    template = LessonPage.objects.live().first()
    module = ModulePage(title="A module with no quiz", slug="no-quiz", summary="s", learning_outcomes=[])
    curriculum.add_child(instance=module)
    for n in range(2):
        module.add_child(instance=LessonPage(title=f"No-quiz lesson {n}", slug=f"nq-{n}", body=template.body.raw_data))
    return ModulePage.objects.get(pk=module.pk)


def lessons_of(module):
    return list(LessonPage.objects.live().child_of(module).order_by("path"))


def read(user, module, lessons):
    for lesson in lessons:
        LessonProgress.objects.create(user=user, lesson=lesson, module=module, completed_at=timezone.now())


def attempt(user, module, passed):
    quiz = QuizPage.objects.live().child_of(module).get()
    Attempt.objects.create(
        user=user,
        quiz=quiz,
        snapshot=[],
        pass_mark=70,
        submitted_at=timezone.now(),
        percent=100 if passed else 20,
        passed=passed,
    )


# name: (module fixture, how many lessons read: "all", "all but one", 1; quiz: None / "fail" / "pass"; complete?)
STATES = {
    "lessons partly read": ("with_quiz", 1, None, False),
    "lessons read, quiz not taken": ("with_quiz", "all", None, False),
    "quiz failed": ("with_quiz", "all", "fail", False),
    "quiz passed, a lesson unread": ("with_quiz", "all but one", "pass", False),
    "all done": ("with_quiz", "all", "pass", True),
    "no quiz, every lesson read": ("without_quiz", "all", None, True),
    "no quiz, a lesson unread": ("without_quiz", "all but one", None, False),
}


@pytest.mark.parametrize("state", list(STATES))
def test_every_page_and_count_agrees(state, request, organisation, people, client, site_pages, settings):
    settings.LEARNER_STATS_MINIMUM_GROUP = 1  # so one person's assignment shows its count in this test
    fixture, how_many, quiz, expected = STATES[state]
    module = request.getfixturevalue(fixture)
    lessons = lessons_of(module)
    learner = MembershipFactory(organisation=organisation).user
    Membership.objects.filter(user=learner).update(joined_at=timezone.now() - datetime.timedelta(days=60))
    count = {"all": len(lessons), "all but one": len(lessons) - 1}.get(how_many, how_many)
    read(learner, module, lessons[:count])
    if quiz:
        attempt(learner, module, passed=quiz == "pass")
    assignment = ModuleAssignment.objects.create(
        organisation=organisation,
        module=module,
        user=learner,
        due_date=timezone.localdate() - datetime.timedelta(days=1),
        assigned_by=people["assessment_lead"],
    )

    # The rule itself.
    assert completion.is_complete_for(learner, module) is expected

    # The module page.
    client.force_login(learner)
    page = client.get(module.url).content.decode()
    assert ("You have completed this module." in page) is expected
    assert ("Take the quiz to complete the module." in page) is (
        fixture == "with_quiz" and count == len(lessons) and quiz != "pass"
    )

    # My learning: under "Completed", and its label.
    html = client.get(reverse("my_learning")).content.decode()
    completed_section = html.split("<h2>Completed</h2>", 1)[1]
    assert (module.title in completed_section) is expected
    assert ("Lessons read, quiz to take" in html) is (
        fixture == "with_quiz" and count == len(lessons) and quiz != "pass"
    )

    # The learner's API.
    api = APIClient()
    api.force_authenticate(learner)
    rows = {row["module"]: row for row in api.get(reverse("api_my_modules")).json()["results"]}
    assert rows[module.pk]["is_complete"] is expected
    assert rows[module.pk]["lessons_read"] == count

    # The assignment completion counts, on the lead's page data and in the API.
    completion_rows = completion_selectors.assignments_with_completion(
        membership=membership_for(people["assessment_lead"], organisation.slug)
    )
    row = next(r for r in completion_rows if r.assignment.pk == assignment.pk)
    assert (row.completed, row.started) == ((1, 0) if expected else (0, 1))
    lead_api = APIClient()
    lead_api.force_authenticate(people["assessment_lead"])
    body = lead_api.get(reverse("api_assignment_completion", args=[organisation.slug])).json()
    api_row = next(r for r in body["results"] if r["assignment"] == assignment.pk)
    assert api_row["completed"] == (1 if expected else 0)

    # Overdue reminders chase only those who have not completed it.
    mail.outbox.clear()
    reminders.send_overdue_assignment_reminders()
    assert (learner.email in {m.to[0] for m in mail.outbox}) is (not expected)

    # The before-and-after measure offers "after" only once something is complete.
    assert measure.has_finished_learning(learner) is expected

    # The certificate rule: issued exactly when complete.
    assert bool(services.issue_certificates(learner, module)) is expected


def test_module_page_and_my_learning_stay_within_the_query_budget(
    client, people, with_quiz, site_pages, django_assert_max_num_queries
):
    learner = people["learner"]
    lessons = lessons_of(with_quiz)
    read(learner, with_quiz, lessons)
    attempt(learner, with_quiz, passed=False)
    client.force_login(learner)
    client.get(with_quiz.url)
    with django_assert_max_num_queries(10):
        assert client.get(with_quiz.url).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("api_my_modules")).status_code == 200


def test_progress_for_many_people_and_modules_takes_a_fixed_number_of_queries(
    people, with_quiz, without_quiz, django_assert_max_num_queries
):
    users = [people[role] for role in ("learner", "assessment_lead", "org_admin", "other_org")]
    for user in users:
        read(user, with_quiz, lessons_of(with_quiz)[:2])
        attempt(user, with_quiz, passed=True)
    modules = list(ModulePage.objects.live())
    with django_assert_max_num_queries(5):
        progress = completion.module_progress([u.pk for u in users], modules)
    assert all(progress[u.pk][with_quiz.pk].quiz_passed for u in users)
    assert not any(progress[u.pk][with_quiz.pk].is_complete for u in users)
    assert progress[users[0].pk][without_quiz.pk].quiz_state == QuizState.NO_QUIZ


# ---------------------------------------------------------------- what the pages say about it


def test_result_after_a_pass_says_which_lessons_are_left(client, people, with_quiz, site_pages):
    learner = people["learner"]
    lessons = lessons_of(with_quiz)
    read(learner, with_quiz, lessons[:1])
    quiz = QuizPage.objects.live().child_of(with_quiz).get()
    passed = Attempt.objects.create(
        user=learner, quiz=quiz, snapshot=[], pass_mark=70, submitted_at=timezone.now(), percent=100, passed=True
    )
    client.force_login(learner)
    html = client.get(reverse("attempt_result", args=[passed.pk])).content.decode()
    assert f"read the {len(lessons) - 1} lessons left" in html
    for lesson in lessons[1:]:
        assert f'href="{lesson.url}"' in html
    assert "Open your certificate" not in html
    read(learner, with_quiz, lessons[1:])
    certificate = services.issue_certificates(learner, with_quiz)[0]
    certificate.pdf.name = "certificates/x.pdf"
    certificate.save(update_fields=["pdf"])
    html = client.get(reverse("attempt_result", args=[passed.pk])).content.decode()
    assert reverse("certificate_file", args=[certificate.code, "pdf"]) in html and "lessons left" not in html


def test_module_page_says_when_a_failed_quiz_can_be_tried_again(client, people, with_quiz, site_pages):
    learner = people["learner"]
    quiz = QuizPage.objects.live().child_of(with_quiz).get()
    QuizPage.objects.filter(pk=quiz.pk).update(cooldown_minutes=60)
    attempt(learner, with_quiz, passed=False)
    client.force_login(learner)
    html = client.get(with_quiz.url).content.decode()
    assert "Not passed yet, best score 20%" in html and "You can try again after" in html


def test_review_states_choices_and_right_pairs_in_words(client, people, with_quiz, site_pages):
    from quizzes.knowledge import services as quiz_services

    learner = people["learner"]
    quiz = QuizPage.objects.live().child_of(with_quiz).get()
    QuizPage.objects.filter(pk=quiz.pk).update(questions_per_attempt=len(quiz.questions))
    quiz.refresh_from_db()
    started = quiz_services.start_attempt(learner, quiz)
    matching = next(q for q in started.snapshot if q["type"] == "matching")
    single = next(q for q in started.snapshot if q["type"] == "single")
    wrong = next(i for i, option in enumerate(single["options"]) if not option["correct"])
    quiz_services.save_answers(
        learner, started.pk, {single["key"]: wrong, matching["key"]: {"0": matching["answer_key"][0]}}, {}
    )
    quiz_services.save_answers(learner, started.pk, {}, {started.snapshot[0]["key"]: True})
    client.force_login(learner)
    summary = client.get(reverse("attempt_finish", args=[started.pk])).content.decode()
    assert "partly answered" in summary and "Flagged to come back to" in summary
    client.post(reverse("attempt_finish", args=[started.pk]))
    html = client.get(reverse("attempt_result", args=[started.pk])).content.decode()
    assert "Your answer, not right" in html and "Right answer, not chosen" in html
    assert "disabled" not in html
    from django.utils.html import escape

    for left, right in enumerate(matching["answer_key"]):
        assert f'<th class="govuk-table__header" scope="row">{escape(matching["lefts"][left])}</th>' in html
        assert f'<td class="govuk-table__cell">{escape(matching["rights"][right])}</td>' in html
