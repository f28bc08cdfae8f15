from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from modules import services as learning
from modules.models import LessonPage, ModulePage
from quizzes.knowledge import services
from quizzes.knowledge.loader import load_quizzes
from quizzes.models import Attempt, Certificate, QuizPage, Response
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz(curriculum):
    load_quizzes()
    return QuizPage.objects.get(url_path__contains="/three-principles/")


def right_answer(q):
    if q["type"] in ("single", "true_false"):
        return q["correct"][0]
    if q["type"] == "multiple":
        return q["correct"]
    if q["type"] == "ordering":
        from quizzes.knowledge.answers import item_tokens

        return {token: i for i, token in enumerate(item_tokens(q))}
    if q["type"] == "matching":
        return {str(i): r for i, r in enumerate(q["answer_key"])}
    return {str(n): (p["correct"] if p["type"] == "multiple" else p["correct"][0]) for n, p in enumerate(q["parts"])}


def wrong_answer(q):
    if q["type"] in ("single", "true_false"):
        return next(i for i in range(len(q["options"])) if i not in q["correct"])
    return None


def test_loader_is_idempotent_and_every_module_has_a_quiz(curriculum):
    assert QuizPage.objects.count() == 10  # loaded once for the test session
    again = load_quizzes()
    assert again.created == [] and again.updated == []
    for module in ModulePage.objects.live():
        quiz = QuizPage.objects.child_of(module).get()
        assert len(quiz.questions) >= 8, module.title
    assert sum(len(q.questions) for q in QuizPage.objects.all()) >= 80


def test_question_bank_is_well_formed(quiz):
    from quizzes.knowledge.snapshot import question_snapshot

    kinds = set()
    for page in QuizPage.objects.all():
        for block in page.questions:
            q = question_snapshot(block)
            kinds.add(q["type"])
            assert q["explanation"].strip(), q["prompt"]
            for option in q.get("options", []):
                assert option["feedback"].strip(), q["prompt"]
    assert kinds == {"single", "multiple", "true_false", "scenario", "ordering", "matching"}


def test_autosave_resume_and_draw_without_repeats(quiz):
    user = UserFactory()
    attempt = services.start_attempt(user, quiz)
    keys = [q["key"] for q in attempt.snapshot]
    assert len(keys) == quiz.questions_per_attempt == len(set(keys))
    first = attempt.snapshot[0]
    services.save_answers(user, attempt.pk, {first["key"]: right_answer(first)}, {first["key"]: True})
    resumed = services.start_attempt(user, quiz)
    assert resumed.pk == attempt.pk
    response = Response.objects.get(attempt=attempt, question_key=first["key"])
    assert response.flagged and response.answer is not None


def test_replayed_submit_gives_exactly_one_result(quiz):
    user = UserFactory()
    attempt = services.start_attempt(user, quiz)
    services.save_answers(user, attempt.pk, {q["key"]: right_answer(q) for q in attempt.snapshot})
    once = services.submit_attempt(user, attempt.pk, "key-1")
    twice = services.submit_attempt(user, attempt.pk, "key-1")
    assert once.submitted_at == twice.submitted_at and once.percent == 100.0
    assert Attempt.objects.filter(user=user, submitted_at__isnull=False).count() == 1
    with pytest.raises(services.AttemptClosed):
        services.save_answers(user, attempt.pk, {attempt.snapshot[0]["key"]: right_answer(attempt.snapshot[0])})


def test_tampered_option_and_foreign_question_are_refused_and_nothing_is_lost(quiz):
    user = UserFactory()
    attempt = services.start_attempt(user, quiz)
    single = next(q for q in attempt.snapshot if q["type"] in ("single", "true_false", "multiple"))
    services.save_answers(user, attempt.pk, {single["key"]: right_answer(single)})
    with pytest.raises(ValidationError) as error:
        services.save_answers(user, attempt.pk, {single["key"]: 99, "not-in-this-attempt": 0})
    assert set(error.value.message_dict) == {single["key"], "not-in-this-attempt"}
    assert Response.objects.get(attempt=attempt, question_key=single["key"]).answer == right_answer(single)


def test_another_users_attempt_is_not_found(quiz):
    owner, intruder = UserFactory(), UserFactory()
    attempt = services.start_attempt(owner, quiz)
    with pytest.raises(Http404):
        services.save_answers(intruder, attempt.pk, {})
    with pytest.raises(Http404):
        services.submit_attempt(intruder, attempt.pk)
    api = APIClient()
    api.force_authenticate(intruder)
    assert api.get(reverse("api_attempt", args=[attempt.pk])).status_code == 404


def test_late_submit_is_refused(quiz):
    user = UserFactory()
    attempt = services.start_attempt(user, quiz)
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - timedelta(days=services.ATTEMPT_OPEN_DAYS + 1)
    )
    with pytest.raises(services.AttemptClosed):
        services.submit_attempt(user, attempt.pk)
    assert not Attempt.objects.get(pk=attempt.pk).is_submitted


def test_attempt_limit_and_cooldown(quiz):
    user = UserFactory()
    QuizPage.objects.filter(pk=quiz.pk).update(attempt_limit=1)
    quiz.refresh_from_db()
    services.submit_attempt(user, services.start_attempt(user, quiz).pk)
    with pytest.raises(services.TooSoon):
        services.start_attempt(user, quiz)
    QuizPage.objects.filter(pk=quiz.pk).update(attempt_limit=None, cooldown_minutes=60)
    quiz.refresh_from_db()
    with pytest.raises(services.TooSoon):
        services.start_attempt(user, quiz)


def complete_lessons(user, module):
    for lesson in LessonPage.objects.child_of(module).live():
        learning.complete_lesson(user, lesson)


def pass_quiz(user, quiz):
    attempt = services.start_attempt(user, quiz)
    services.save_answers(user, attempt.pk, {q["key"]: right_answer(q) for q in attempt.snapshot})
    return services.submit_attempt(user, attempt.pk)


def test_certificate_issued_once_and_never_without_a_pass(quiz, django_capture_on_commit_callbacks):
    user = UserFactory()
    module = ModulePage.objects.get(slug="three-principles")
    with django_capture_on_commit_callbacks(execute=True):
        complete_lessons(user, module)
    assert not Certificate.objects.exists()  # lessons read, quiz not passed
    with django_capture_on_commit_callbacks(execute=True):
        failed = services.start_attempt(user, quiz)
        services.save_answers(
            user, failed.pk, {q["key"]: wrong_answer(q) for q in failed.snapshot if wrong_answer(q) is not None}
        )
        services.submit_attempt(user, failed.pk)
    assert not Certificate.objects.exists()  # a fail never issues one
    with django_capture_on_commit_callbacks(execute=True):
        assert pass_quiz(user, quiz).passed
    with django_capture_on_commit_callbacks(execute=True):
        pass_quiz(user, quiz)
    certificate = Certificate.objects.get(user=user)
    assert certificate.module == module and certificate.pdf and certificate.badge
    assert certificate.pdf.read(4) == b"%PDF"
    from quizzes.knowledge.tasks import issue_certificates

    issue_certificates(user.pk, module.pk)
    assert Certificate.objects.filter(user=user).count() == 1


def test_verification_shows_nothing_personal_by_default(client, quiz, site_pages):
    user = UserFactory(full_name="Private Person")
    certificate = services._issue(user, module=ModulePage.objects.get(slug="three-principles"))
    html = client.get(reverse("certificate_verify", args=[certificate.code])).content.decode()
    assert "is valid" in html and "The three principles" in html and "Private Person" not in html
    services.set_show_name(user, certificate.code, True)
    assert "Private Person" in client.get(reverse("certificate_verify", args=[certificate.code])).content.decode()
    assert client.get(reverse("certificate_verify", args=["NOPE-NOPE-NOPE"])).status_code == 404
    api = APIClient()
    assert api.get(reverse("api_certificate_verify", args=[certificate.code])).json()["learner"] == "Private Person"


def test_certificate_files_are_the_owners_alone(client, quiz, site_pages):
    owner = UserFactory()
    certificate = services._issue(owner, module=ModulePage.objects.get(slug="three-principles"))
    from quizzes.knowledge.certificates import render_files

    render_files(certificate)
    client.force_login(UserFactory())
    assert client.get(reverse("certificate_file", args=[certificate.code, "pdf"])).status_code == 404
    client.force_login(owner)
    response = client.get(reverse("certificate_file", args=[certificate.code, "pdf"]))
    assert response.status_code == 200 and b"".join(response.streaming_content)[:4] == b"%PDF"


def test_fail_learn_and_pass_through_pages(client, quiz, site_pages):
    user = UserFactory()
    client.force_login(user)
    response = client.post(quiz.url)
    attempt = Attempt.objects.get(user=user)
    assert response["Location"] == reverse("attempt", args=[attempt.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Flag this question" in page
    response = client.post(reverse("attempt", args=[attempt.pk]), {"submit": "1"})
    # Not marked yet: a summary of what is unanswered asks for confirmation first.
    assert response["Location"] == reverse("attempt_finish", args=[attempt.pk])
    summary = client.get(response["Location"]).content.decode()
    assert "Not answered yet" in summary and "Submit anyway" in summary
    attempt.refresh_from_db()
    assert not attempt.is_submitted
    response = client.post(reverse("attempt_finish", args=[attempt.pk]))
    result = client.get(response["Location"]).content.decode()
    assert "Not yet" in result and "Every answer explained" in result
    client.post(quiz.url)
    second = Attempt.objects.filter(user=user).latest("started_at")
    assert second.pk != attempt.pk
    data = {}
    for q in second.snapshot:
        answer = right_answer(q)
        name = f"q-{q['key']}"
        if q["type"] in ("single", "true_false"):
            data[name] = str(answer)
        elif q["type"] == "multiple":
            data[name] = [str(a) for a in answer]
        elif q["type"] == "ordering":
            data.update({f"{name}-item-{i}": str(p) for i, p in answer.items()})
        elif q["type"] == "matching":
            data.update({f"{name}-left-{i}": str(r) for i, r in answer.items()})
        else:
            for n, value in answer.items():
                data[f"{name}-{n}"] = [str(v) for v in value] if isinstance(value, list) else str(value)
    data["submit"] = "1"
    client.post(reverse("attempt", args=[second.pk]), data)
    summary = client.get(reverse("attempt_finish", args=[second.pk])).content.decode()
    assert "Every question has an answer." in summary and "Not answered yet" not in summary
    client.post(reverse("attempt_finish", args=[second.pk]))
    second.refresh_from_db()
    assert second.passed and second.percent == 100.0
    history = client.get(quiz.url).content.decode()
    assert "Your scores over time" in history and "100%" in history


def test_tampered_form_keeps_answers_and_explains(client, quiz, site_pages):
    user = UserFactory()
    client.force_login(user)
    client.post(quiz.url)
    attempt = Attempt.objects.get(user=user)
    single = next(q for q in attempt.snapshot if q["type"] in ("single", "true_false"))
    response = client.post(reverse("attempt", args=[attempt.pk]), {f"q-{single['key']}": "42"})
    assert response.status_code == 400 and "not one of this question" in response.content.decode()
    assert not Response.objects.filter(attempt=attempt).exists()


def test_anonymous_can_try_without_saving(client, quiz, site_pages):
    response = client.post(quiz.url)
    assert response["Location"] == reverse("quiz_try", args=[quiz.pk])
    assert "nothing is saved" in client.get(response["Location"]).content.decode()
    result = client.post(response["Location"], {}).content.decode()
    assert "You scored 0%" in result and "Create a free account" in result
    assert not Attempt.objects.exists()


def test_api_attempt_with_idempotency_key(quiz):
    user = UserFactory()
    api = APIClient()
    api.force_authenticate(user)
    started = api.post(reverse("api_quiz_start", args=[quiz.pk])).json()
    assert all("correct" not in q for q in started["questions"])
    answers = {q["key"]: right_answer(q) for q in Attempt.objects.get(pk=started["id"]).snapshot}
    assert api.put(reverse("api_attempt", args=[started["id"]]), {"answers": answers}, format="json").status_code == 200
    bad = api.put(reverse("api_attempt", args=[started["id"]]), {"answers": {"nope": 1}}, format="json")
    assert bad.status_code == 400 and "nope" in bad.json()["error"]["fields"]
    url = reverse("api_attempt_submit", args=[started["id"]])
    first = api.post(url, HTTP_IDEMPOTENCY_KEY="abc").json()
    second = api.post(url, HTTP_IDEMPOTENCY_KEY="abc").json()
    assert first == second and first["passed"]
    late = api.put(reverse("api_attempt", args=[started["id"]]), {"answers": answers}, format="json")
    assert late.status_code == 409


def test_quiz_pages_query_count(client, quiz, site_pages, django_assert_max_num_queries):
    user = UserFactory()
    client.force_login(user)
    for _ in range(3):
        pass_quiz(user, quiz)
    client.get(quiz.url)
    with django_assert_max_num_queries(10):
        client.get(quiz.url)
    attempt = services.start_attempt(user, quiz)
    client.get(reverse("attempt", args=[attempt.pk]))
    with django_assert_max_num_queries(10):
        client.get(reverse("attempt", args=[attempt.pk]))


def test_autosave_posts_save_without_leaving_the_page(client, quiz, site_pages):
    user = UserFactory()
    client.force_login(user)
    client.post(quiz.url)
    attempt = Attempt.objects.get(user=user)
    single = next(q for q in attempt.snapshot if q["type"] in ("single", "true_false"))
    url = reverse("attempt", args=[attempt.pk])
    saved = client.post(url, {f"q-{single['key']}": str(right_answer(single))}, HTTP_X_AUTOSAVE="1")
    assert saved.status_code == 200 and saved.json() == {"saved": True}
    assert Response.objects.get(attempt=attempt, question_key=single["key"]).answer == right_answer(single)
    refused = client.post(url, {f"q-{single['key']}": "77"}, HTTP_X_AUTOSAVE="1")
    assert refused.status_code == 400 and single["key"] in refused.json()["errors"]
    assert Response.objects.get(attempt=attempt, question_key=single["key"]).answer == right_answer(single)


def test_autosave_to_a_sent_attempt_is_refused_not_redirected(client, quiz, site_pages):
    user = UserFactory()
    client.force_login(user)
    client.post(quiz.url)
    attempt = Attempt.objects.get(user=user)
    single = next(q for q in attempt.snapshot if q["type"] in ("single", "true_false"))
    url = reverse("attempt", args=[attempt.pk])
    services.submit_attempt(user, attempt.pk)
    refused = client.post(url, {f"q-{single['key']}": str(right_answer(single))}, HTTP_X_AUTOSAVE="1")
    assert refused.status_code == 409 and refused.json()["message"] == services.AttemptClosed.message
    assert not Response.objects.filter(attempt=attempt, question_key=single["key"], answer__isnull=False).exists()
    # Without JavaScript the form post still goes to the results.
    assert client.post(url, {"save": "1"})["Location"].endswith(reverse("attempt_result", args=[attempt.pk]))


def test_review_after_each_question_locks_a_checked_answer(client, quiz, site_pages):
    QuizPage.objects.filter(pk=quiz.pk).update(review=QuizPage.Review.EACH)
    user = UserFactory()
    client.force_login(user)
    client.post(quiz.url)
    attempt = Attempt.objects.get(user=user)
    first = next(q for q in attempt.snapshot if q["type"] in ("single", "true_false"))
    url = reverse("attempt", args=[attempt.pk])
    page = client.get(url).content.decode()
    assert "Check my answer" in page and "data-autosave-format" not in page
    response = client.post(url, {f"q-{first['key']}": str(right_answer(first)), "check": first["key"]})
    assert response["Location"].endswith(f"#question-{first['key']}")
    page = client.get(url).content.decode()
    assert first["explanation"][:40] in page.replace("&#x27;", "'").replace("&quot;", '"')
    with pytest.raises(ValidationError):
        services.save_answers(user, attempt.pk, {first["key"]: wrong_answer(first)})
