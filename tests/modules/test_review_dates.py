from datetime import date, timedelta

import pytest
from django.urls import reverse

from modules.models import ModulePage
from modules.selectors import review_schedule

pytestmark = pytest.mark.django_db


def test_review_schedule_splits_at_twelve_months(curriculum):
    today = date(2027, 12, 1)
    ModulePage.objects.filter(slug="schools").update(last_reviewed=today - timedelta(days=366))
    ModulePage.objects.filter(slug="health").update(last_reviewed=today - timedelta(days=365))
    schedule = review_schedule(today)
    due = {m.slug for m in schedule["due"]}
    assert "schools" in due and "health" not in due


def test_editors_see_the_review_report(client, people, curriculum):
    ModulePage.objects.filter(slug="schools").update(last_reviewed=date(2020, 1, 1))
    client.force_login(people["superuser"])
    html = client.get(reverse("modules_due_for_review")).content.decode()
    assert "Schools" in html and "1 Jan 2020" in html
    client.force_login(people["learner"])
    assert client.get(reverse("modules_due_for_review")).status_code == 302  # not an admin user


def test_module_pages_show_their_review_date(client, curriculum, site_pages):
    module = ModulePage.objects.get(slug="schools")
    assert module.last_reviewed.strftime("%-d %B %Y") in client.get(module.url).content.decode()
