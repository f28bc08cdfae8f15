"""Limits that hold under concurrency: real concurrent requests, each thread with its own database
connection (issue 16, item 5)."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from quizzes.models import Attempt, QuizPage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 8


@pytest.fixture
def quiz():
    from modules.loader import load_curriculum
    from quizzes.knowledge.loader import load_quizzes

    load_curriculum()
    load_quizzes()
    return QuizPage.objects.get(url_path__contains="/three-principles/")


def in_parallel(work):
    barrier = threading.Barrier(THREADS)
    results, errors = [], []

    def run(index):
        try:
            barrier.wait(timeout=30)
            results.append(work(index))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


def api_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_concurrent_starts_make_one_open_attempt(quiz):
    user = UserFactory()
    responses = in_parallel(lambda n: api_for(user).post(f"/api/v1/quizzes/{quiz.pk}/attempts/"))
    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["id"] for r in responses}) == 1
    assert Attempt.objects.filter(user=user, quiz=quiz, submitted_at__isnull=True).count() == 1


def test_an_attempt_limit_of_one_holds_under_racing_start_and_submit(quiz):
    QuizPage.objects.filter(pk=quiz.pk).update(attempt_limit=1, cooldown_minutes=0)
    user = UserFactory()

    def start_and_submit(n):
        client = api_for(user)
        started = client.post(f"/api/v1/quizzes/{quiz.pk}/attempts/")
        if started.status_code != 201:
            return started.status_code
        return client.post(f"/api/v1/attempts/{started.json()['id']}/submit/", {}, format="json").status_code

    codes = in_parallel(start_and_submit)
    assert 500 not in codes and set(codes) <= {200, 201, 409}
    assert Attempt.objects.filter(user=user, quiz=quiz, submitted_at__isnull=False).count() == 1
    assert api_for(user).post(f"/api/v1/quizzes/{quiz.pk}/attempts/").status_code == 409


def test_the_database_refuses_a_second_open_attempt(quiz):
    from django.db import IntegrityError, transaction

    user = UserFactory()
    Attempt.objects.create(user=user, quiz=quiz, snapshot=[], pass_mark=80)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(user=user, quiz=quiz, snapshot=[], pass_mark=80)
