"""No answer in the markup: ordering items are named by opaque per-attempt tokens (issue 16, item 7)."""

import random
import re

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from quizzes.knowledge import services
from quizzes.knowledge.answers import clean_answer, from_form, item_tokens, public_answer
from quizzes.knowledge.snapshot import with_display_order
from quizzes.models import QuizPage
from quizzes.scoring import mark_question
from tests.factories import UserFactory

QUESTION = {"key": "k", "type": "ordering", "items": ["first", "second", "third", "fourth"]}


def test_tokens_are_opaque_distinct_and_per_attempt():
    one = with_display_order(QUESTION, random.Random(1))
    two = with_display_order(QUESTION, random.Random(2))
    assert len(set(one["tokens"])) == 4 and one["tokens"] != two["tokens"]
    for token in one["tokens"]:
        assert re.fullmatch(r"[0-9a-f]{16}", token) and token not in {"0", "1", "2", "3"}


def test_answers_by_token_are_stored_by_index_and_marked_as_before():
    q = with_display_order(QUESTION, random.Random(3))
    right = {token: position for position, token in enumerate(q["tokens"])}
    stored = clean_answer(q, right)
    assert stored == {"0": 0, "1": 1, "2": 2, "3": 3}
    assert mark_question(q, stored) == 1.0
    assert public_answer(q, stored) == right
    with pytest.raises(ValidationError):
        clean_answer(q, {"0": 0})  # an index is not a name in this attempt
    form = {f"q-k-item-{token}": str(position) for token, position in right.items()}
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    data.update(form)
    assert clean_answer(q, from_form(q, data)) == stored


def test_older_snapshots_without_tokens_still_work():
    assert item_tokens(QUESTION) == ["0", "1", "2", "3"]
    assert clean_answer(QUESTION, {"2": 2}) == {"2": 2}


@pytest.mark.django_db
def test_the_page_and_the_api_never_carry_an_item_index(client, curriculum):
    quiz = next(
        page for page in QuizPage.objects.all() if any(block.block_type == "ordering" for block in page.questions)
    )
    QuizPage.objects.filter(pk=quiz.pk).update(questions_per_attempt=len(quiz.questions))
    quiz.refresh_from_db()
    user = UserFactory()
    attempt = services.start_attempt(user, quiz)
    ordering = next(q for q in attempt.snapshot if q["type"] == "ordering")
    client.force_login(user)
    html = client.get(f"/quizzes/attempts/{attempt.pk}/").content.decode()
    names = re.findall(rf'name="q-{ordering["key"]}-item-([^"]+)"', html)
    assert sorted(names) == sorted(ordering["tokens"])
    api = APIClient()
    api.force_authenticate(user)
    payload = api.get(f"/api/v1/attempts/{attempt.pk}/").json()
    items = next(q for q in payload["questions"] if q["key"] == ordering["key"])["items"]
    assert all(set(item) == {"token", "text"} for item in items)
    saved = api.put(
        f"/api/v1/attempts/{attempt.pk}/",
        {"answers": {ordering["key"]: {items[0]["token"]: 0}}},
        format="json",
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["answers"][ordering["key"]] == {items[0]["token"]: 0}
