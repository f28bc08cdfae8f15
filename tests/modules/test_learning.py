from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from modules import selectors, services
from modules.models import LessonPage, LessonProgress, ModuleAssignment, ModulePage, ReflectiveAnswer
from s2t_learn.models import Membership
from s2t_learn.selectors import membership_for
from tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def module(curriculum):
    return ModulePage.objects.get(slug="three-principles")


@pytest.fixture
def lessons(module):
    return list(LessonPage.objects.child_of(module).live().order_by("path"))


def reflective_block(lesson):
    return next(block for block in lesson.body if block.block_type == "reflective_question")


def lesson_with_reflection(lessons):
    return next(lesson for lesson in lessons if any(b.block_type == "reflective_question" for b in lesson.body))


def test_progress_and_resume(client, people, lessons, site_pages):
    learner = people["learner"]
    client.force_login(learner)
    first, second = lessons[0], lessons[1]
    response = client.post(reverse("lesson_complete", args=[first.pk]))
    assert response["Location"] == second.url
    services.record_place(learner, second, "block-abc")
    place = selectors.last_place(learner)
    assert place.lesson.pk == second.pk and place.last_section == "block-abc"
    html = client.get(reverse("my_learning")).content.decode()
    assert f"{second.url}#block-abc" in html
    status = selectors.module_statuses(learner, [ModulePage.objects.get(pk=first.get_parent().pk)])
    assert next(iter(status.values())).completed == 1


def test_completing_the_last_lesson_leads_to_the_quiz_and_the_module_is_not_yet_complete(
    client, people, lessons, module, site_pages
):
    from quizzes.models import QuizPage

    client.force_login(people["learner"])
    for lesson in lessons:
        response = client.post(reverse("lesson_complete", args=[lesson.pk]))
    quiz = QuizPage.objects.child_of(module).get()
    assert response["Location"] == quiz.url
    status = selectors.module_overview(people["learner"], module)["status"]
    assert status.percent == 100 and status.quiz_to_take and not status.is_complete
    html = client.get(module.url).content.decode()
    assert "Lessons read, quiz to take" in client.get(reverse("my_learning")).content.decode()
    assert f'href="{quiz.url}"' in html and "Not started" in html


def test_progress_bar_on_module_and_lesson(client, people, lessons, module, site_pages):
    client.force_login(people["learner"])
    services.complete_lesson(people["learner"], lessons[0])
    for url in (module.url, lessons[1].url):
        html = client.get(url).content.decode()
        assert f'<progress id="progress-{module.pk}" max="{len(lessons)}" value="1">' in html


def test_anonymous_can_read_every_lesson_but_not_save(client, lessons, site_pages):
    for lesson in lessons:
        assert client.get(lesson.url).status_code == 200
    lesson = lesson_with_reflection(lessons)
    response = client.post(reverse("lesson_answer", args=[lesson.pk, reflective_block(lesson).id]), {"text": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not ReflectiveAnswer.objects.exists()


def test_answer_saves_without_javascript_and_shows_only_to_its_author(client, people, lessons, site_pages):
    lesson = lesson_with_reflection(lessons)
    block_id = reflective_block(lesson).id
    client.force_login(people["learner"])
    response = client.post(reverse("lesson_answer", args=[lesson.pk, block_id]), {"text": "My private reflection"})
    assert response["Location"] == f"{lesson.url}#block-{block_id}"
    assert "My private reflection" in client.get(lesson.url).content.decode()
    for role in ("org_admin", "assessment_lead", "superuser", "other_org"):
        client.force_login(people[role])
        assert "My private reflection" not in client.get(lesson.url).content.decode(), role
        api = APIClient()
        api.force_authenticate(people[role])
        assert "My private reflection" not in api.get(reverse("api_reflective_answers")).content.decode(), role


def test_answer_too_long_is_refused_and_nothing_saved_is_lost(client, people, lessons, site_pages):
    lesson = lesson_with_reflection(lessons)
    block_id = reflective_block(lesson).id
    services.save_answer(people["learner"], lesson, block_id, "first draft")
    client.force_login(people["learner"])
    long_text = "x" * 5001
    response = client.post(reverse("lesson_answer", args=[lesson.pk, block_id]), {"text": long_text})
    assert response.status_code == 400
    assert long_text in response.content.decode()
    assert ReflectiveAnswer.objects.get(user=people["learner"]).text == "first draft"


def test_answer_to_an_unknown_block_is_refused(people, lessons):
    with pytest.raises(ValidationError):
        services.save_answer(people["learner"], lessons[0], "not-a-block", "text")


def test_autosave_api(people, lessons):
    lesson = lesson_with_reflection(lessons)
    block_id = reflective_block(lesson).id
    api = APIClient()
    api.force_authenticate(people["learner"])
    url = reverse("api_reflective_answer", args=[lesson.pk, block_id])
    assert api.put(url, {"text": "draft one"}, format="json").status_code == 200
    assert api.put(url, {"text": "draft two"}, format="json").json()["text"] == "draft two"
    assert ReflectiveAnswer.objects.get(user=people["learner"]).text == "draft two"
    response = api.put(url, {"text": "y" * 5001}, format="json")
    assert response.status_code == 400 and "text" in response.json()["error"]["fields"]
    assert ReflectiveAnswer.objects.get(user=people["learner"]).text == "draft two"
    assert api.delete(url).status_code == 204
    assert not ReflectiveAnswer.objects.exists()


def test_progress_api(people, lessons):
    api = APIClient()
    api.force_authenticate(people["learner"])
    url = reverse("api_lesson_progress", args=[lessons[0].pk])
    body = api.put(url, {"section": "block-1", "completed": True}, format="json").json()
    assert body["completed_at"] and body["last_section"] == "block-1"
    listing = api.get(reverse("api_progress")).json()
    assert listing["count"] == 1
    assert api.put(reverse("api_lesson_progress", args=[999999]), {}, format="json").status_code == 404


def test_modules_api_is_public(curriculum):
    api = APIClient()
    listing = api.get(reverse("api_modules")).json()
    assert listing["count"] >= 3
    module_id = listing["results"][0]["id"]
    detail = api.get(reverse("api_module", args=[module_id])).json()
    assert len(detail["lessons"]) >= 3
    lesson = api.get(reverse("api_lesson", args=[detail["lessons"][0]["id"]])).json()
    assert lesson["body"]


def test_assignment_reaches_my_learning(client, people, organisation, module, site_pages):
    lead = people["assessment_lead"]
    team = TeamFactory(organisation=organisation)
    Membership.objects.filter(user=people["learner"], organisation=organisation).update(team=team)
    due = date.today() + timedelta(days=30)
    services.create_assignment(
        membership=membership_for(lead, organisation.slug), module_id=module.pk, team_id=team.pk, due_date=due
    )
    client.force_login(people["learner"])
    html = client.get(reverse("my_learning")).content.decode()
    assert module.title in html and due.strftime("%-d %b %Y") in html
    # Not in the team: not assigned.
    assert not selectors.assignments_for(people["org_admin"]).exists()
    # Leaving the organisation ends its assignments; the learner's own record stays.
    services.complete_lesson(people["learner"], LessonPage.objects.child_of(module).first())
    Membership.objects.filter(user=people["learner"], organisation=organisation).delete()
    assert not selectors.assignments_for(people["learner"]).exists()
    assert LessonProgress.objects.filter(user=people["learner"]).count() == 1


def test_assignment_rules(people, organisation, other_organisation, module):
    lead = membership_for(people["assessment_lead"], organisation.slug)
    with pytest.raises(ValidationError):
        services.create_assignment(membership=lead, module_id=None)
    with pytest.raises(ValidationError):
        services.create_assignment(membership=lead, module_id=module.pk, due_date=date.today() - timedelta(days=1))
    outsider = UserFactory()
    with pytest.raises(ValidationError):
        services.create_assignment(membership=lead, module_id=module.pk, user_id=outsider.pk)
    foreign_team = TeamFactory(organisation=other_organisation)
    with pytest.raises(ValidationError):
        services.create_assignment(membership=lead, module_id=module.pk, team_id=foreign_team.pk)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.create_assignment(membership=membership_for(people["learner"], organisation.slug), module_id=module.pk)
    assert not ModuleAssignment.objects.exists()


def test_assignment_page_keeps_input_on_error(client, people, organisation, module, site_pages):
    client.force_login(people["assessment_lead"])
    url = reverse("organisation_assignments", args=[organisation.slug])
    response = client.post(url, {"module": str(module.pk), "audience": "", "due_date": "2001-01-01"})
    html = response.content.decode()
    assert "must be today or later" in html
    assert f'<option value="{module.pk}" selected>' in html
    response = client.post(url, {"module": str(module.pk), "audience": "", "due_date": ""})
    assert response.status_code == 302
    assert ModuleAssignment.objects.filter(organisation=organisation, module=module).exists()


def test_pathway_for_my_sector_comes_first(client, site_pages, curriculum):
    user = UserFactory(sector="early_years")
    client.force_login(user)
    html = client.get("/modules/").content.decode()
    assert html.index("Your pathway") < html.index("Early years settings") < html.index("All modules")
    assert "minutes in all" in html


def test_search_finds_lessons(client, curriculum, site_pages):
    html = client.get(reverse("lesson_search"), {"q": "coercive control"}).content.decode()
    assert "Component 1" in html


def test_lesson_queries_do_not_grow_with_lessons(client, people, site_pages, curriculum, django_assert_num_queries):
    """The same number of queries for a lesson in a module of 10 lessons and of 200."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from quizzes.knowledge.measure import skip_before

    template = LessonPage.objects.filter(body__icontains="reflective_question").first()
    client.force_login(people["learner"])
    skip_before(people["learner"])  # past the one-off "before" ratings

    def build(slug, count):
        module = ModulePage(title=slug, slug=slug, summary="s", learning_outcomes=[], estimated_minutes=5)
        curriculum.add_child(instance=module)
        for n in range(count):
            module.add_child(instance=LessonPage(title=f"L{n}", slug=f"l{n}", body=template.body.raw_data))
        return LessonPage.objects.child_of(module).order_by("path")[count // 2]

    counts = []
    for slug, count in (("ten", 10), ("two-hundred", 200)):
        lesson = build(slug, count)
        client.get(lesson.url)  # warm caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(lesson.url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 10, counts
