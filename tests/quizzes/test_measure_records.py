from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from quizzes.knowledge import measure
from quizzes.knowledge.tasks import send_follow_up_reminders
from quizzes.models import MeasureResponse
from s2t_learn.models import Membership
from s2t_learn.selectors import membership_for
from tests.factories import MembershipFactory, UserFactory

# Some of these read the real modules, lessons and quizzes (the opt-in curriculum).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("curriculum")]


@pytest.fixture
def lessons(curriculum):
    from modules.models import LessonPage, ModulePage

    return list(LessonPage.objects.child_of(ModulePage.objects.get(slug="three-principles")).live().order_by("path"))


def ratings(value=3):
    return {item.key: value for item in measure.active_measure().items.all()}


def test_measure_is_seeded_with_knowledge_and_confidence_items():
    s = measure.active_measure()
    kinds = [item.kind for item in s.items.all()]
    assert kinds.count("knowledge") == 7 and kinds.count("confidence") == 5
    assert len(s.scale) == 5


def test_stages_in_order_once_each(monkeypatch):
    user = UserFactory()
    with pytest.raises(ValidationError):
        measure.submit_ratings(user, "after", ratings())
    measure.submit_ratings(user, "before", ratings(2))
    with pytest.raises(ValidationError):
        measure.submit_ratings(user, "before", ratings(2))
    # "After" opens only once a module is complete (the completion-agreement test checks it for real).
    with pytest.raises(ValidationError, match="not open yet"):
        measure.submit_ratings(user, "after", ratings(4))
    monkeypatch.setattr(measure, "has_finished_learning", lambda user: True)
    measure.submit_ratings(user, "after", ratings(4))
    with pytest.raises(ValidationError):
        measure.submit_ratings(user, "follow_up", ratings(4))  # not open until three months on
    MeasureResponse.objects.filter(user=user, stage="after").update(submitted_at=timezone.now() - timedelta(days=91))
    measure.submit_ratings(user, "follow_up", ratings(5))
    rows = measure.my_overview(user)["rows"]
    assert (rows[0].before, rows[0].after, rows[0].change, rows[0].follow_up) == (2, 4, 2, 5)


def test_form_keeps_choices_and_explains(client, site_pages):
    user = UserFactory()
    client.force_login(user)
    first = measure.active_measure().items.first()
    response = client.post(reverse("measure_stage", args=["before"]), {f"rating-{first.key}": "4"})
    html = response.content.decode()
    assert response.status_code == 400 and "There is a problem" in html
    assert f'id="rating-{first.key}-4" name="rating-{first.key}" value="4" checked' in html
    assert not MeasureResponse.objects.exists()
    data = {f"rating-{key}": "3" for key in ratings()}
    assert client.post(reverse("measure_stage", args=["before"]), data).status_code == 302
    assert "Your ratings" in client.get(reverse("my_measure")).content.decode()


def test_cohort_counts_matched_pairs_of_members_by_quarter(client, people, organisation, site_pages):
    """Last quarter's table: matched pairs of members only (withheld below five: test_differencing_pages.py)."""
    from quizzes.knowledge.measure_rules import Quarter

    last_quarter = Quarter.of(timezone.localdate()).starts - timedelta(days=1)
    sent = timezone.make_aware(datetime.combine(last_quarter, time(12)))

    def learner_with(before=None, after=None):
        user = MembershipFactory(organisation=organisation, joined_at=sent - timedelta(days=30)).user
        if before:
            MeasureResponse.objects.create(
                user=user, measure=measure.active_measure(), stage="before", ratings=ratings(before)
            )
        if after:
            MeasureResponse.objects.create(
                user=user, measure=measure.active_measure(), stage="after", ratings=ratings(after), submitted_at=sent
            )
        return user

    for _ in range(4):
        learner_with(2, 4)
    learner_with(1)  # no after: not matched
    outsider = UserFactory()  # not a member
    MeasureResponse.objects.create(user=outsider, measure=measure.active_measure(), stage="before", ratings=ratings(5))
    MeasureResponse.objects.create(
        user=outsider, measure=measure.active_measure(), stage="after", ratings=ratings(5), submitted_at=sent
    )
    fifth = learner_with(3, 5)
    data = measure.cohort(membership=membership_for(people["org_admin"], organisation.slug))
    [table] = data["cohorts"]
    assert table.people == 5 and not table.withheld
    assert (table.rows[0].before, table.rows[0].after, table.rows[0].change) == (2.2, 4.2, 2.0)
    # Leaving takes the learner out of tables not yet worked out, never out of one already shown.
    Membership.objects.filter(user=fifth).delete()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        again = measure.cohort(membership=membership_for(people["org_admin"], organisation.slug))
    assert again["cohorts"] == data["cohorts"]
    # Every ended quarter is fixed: nobody's ratings are read again (issue 17).
    assert not [q for q in queries if '"quizzes_measureresponse"."ratings"' in q["sql"]]
    api = APIClient()
    api.force_authenticate(people["org_admin"])
    body = api.get(reverse("api_cohort_measure", args=[organisation.slug])).json()
    assert body["cohorts"][0]["people"] == 5 and body["cohorts"][0]["rows"][0]["before"] == 2.2


def test_follow_up_reminder_is_sent_once():
    user = UserFactory()
    MeasureResponse.objects.create(user=user, measure=measure.active_measure(), stage="before", ratings=ratings())
    the_measure = measure.active_measure()
    after = MeasureResponse.objects.create(user=user, measure=the_measure, stage="after", ratings=ratings())
    assert send_follow_up_reminders() == 0
    MeasureResponse.objects.filter(pk=after.pk).update(submitted_at=timezone.now() - timedelta(days=95))
    assert send_follow_up_reminders() == 1
    assert send_follow_up_reminders() == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == "A short follow-up question"


def test_measure_api():
    user = UserFactory()
    api = APIClient()
    api.force_authenticate(user)
    assert api.get(reverse("api_my_measure")).json()["next_stage"] == "before"
    bad = api.post(reverse("api_measure_stage", args=["before"]), {"ratings": {"nope": 9}}, format="json")
    assert bad.status_code == 400
    ok = api.post(reverse("api_measure_stage", args=["before"]), {"ratings": ratings(3)}, format="json")
    # Nothing finished yet, so "after" is not offered.
    assert ok.status_code == 201 and ok.json()["next_stage"] is None


def test_next_stage_offers_after_only_once_learning_is_finished():
    before = {"before": object()}
    assert measure.next_stage({}, finished_learning=False) == "before"
    assert measure.next_stage(before, finished_learning=False) is None
    assert measure.next_stage(before, finished_learning=True) == "after"


def test_before_is_asked_once_before_the_first_lesson_and_can_be_skipped(client, lessons, site_pages):
    user = UserFactory()
    client.force_login(user)
    response = client.get(lessons[0].url)
    expected = reverse("measure_stage", args=["before"])
    assert response.status_code == 302 and response["Location"].startswith(expected)
    form = client.get(response["Location"]).content.decode()
    assert "Skip the ratings" in form and f'name="next" value="{lessons[0].url}"' in form
    skipped = client.post(expected, {"skip": "1", "next": lessons[0].url})
    assert skipped["Location"] == lessons[0].url
    assert client.get(lessons[0].url).status_code == 200
    response = MeasureResponse.objects.get(user=user)
    assert response.skipped and response.ratings == {}
    # Asked once: another session of the same learner is not asked again.
    client.logout()
    client.force_login(user)
    assert client.get(lessons[1].url).status_code == 200
    # A skipped "before" is no rating: nothing shows in the learner's table.
    assert all(row.before is None for row in measure.my_overview(user)["rows"])


def test_before_ratings_then_back_to_the_lesson_and_the_summary_names_each_item(client, lessons, site_pages):
    user = UserFactory()
    client.force_login(user)
    url = reverse("measure_stage", args=["before"])
    items = list(measure.active_measure().items.all())
    response = client.post(url, {"next": lessons[0].url, f"rating-{items[0].key}": "3"})
    html = response.content.decode()
    assert response.status_code == 400
    from django.utils.html import escape

    assert f'<a href="#rating-{items[1].key}-1">{escape(items[1].text)} – Choose a rating from 1 to 5.</a>' in html
    assert f'name="next" value="{lessons[0].url}"' in html
    data = {f"rating-{key}": "4" for key in ratings()}
    response = client.post(url, {**data, "next": "https://elsewhere.example/"})
    assert response["Location"] == reverse("my_measure")  # never off-site
    assert MeasureResponse.objects.get(user=user, stage="before").ratings[items[0].key] == 4


def test_the_measures_old_addresses_lead_to_its_new_ones(client, organisation):
    """Follow-up emails sent before the measure had one name link to /knowledge-and-confidence/."""
    user = UserFactory()
    client.force_login(user)
    stage = client.get("/my-learning/knowledge-and-confidence/before/?next=/modules/")
    assert stage.status_code == 301 and stage["Location"] == "/my-learning/measure/before/?next=/modules/"
    mine = client.get("/my-learning/knowledge-and-confidence/")
    assert mine.status_code == 301 and mine["Location"] == reverse("my_measure") == "/my-learning/measure/"
    cohort = client.get(f"/org/{organisation.slug}/knowledge-and-confidence/")
    assert cohort.status_code == 301 and cohort["Location"] == reverse("organisation_measure", args=[organisation.slug])
