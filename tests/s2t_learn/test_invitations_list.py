"""The invitations list: a page at a time, found by address and by status, in the database; page and API
use the same selector."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from s2t_learn import selectors, services
from s2t_learn.models import Invitation
from s2t_learn.selectors import membership_for
from s2t_learn.views.organisations import MEMBERS_PER_PAGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitations(people, organisation):
    admin = people["org_admin"]
    made = [
        services.create_invitation(f"colleague{n}@example.org", membership=membership_for(admin, organisation.slug))
        for n in range(30)
    ]
    Invitation.objects.filter(pk=made[0].pk).update(revoked_at=timezone.now())
    Invitation.objects.filter(pk=made[1].pk).update(accepted_at=timezone.now())
    Invitation.objects.filter(pk=made[2].pk).update(expires_at=timezone.now() - datetime.timedelta(days=1))
    return made


@pytest.mark.parametrize("status,expected", [("revoked", 1), ("used", 1), ("expired", 1), ("valid", 27), ("", 30)])
def test_the_status_filter_agrees_with_each_invitations_status(people, organisation, invitations, status, expected):
    found = list(
        selectors.organisation_invitations(
            status=status, membership=membership_for(people["org_admin"], organisation.slug)
        )
    )
    assert len(found) == expected
    if status:
        assert all(i.status() == status for i in found)


def test_the_page_shows_a_page_at_a_time_and_filters(client, people, organisation, invitations, site_pages):
    client.force_login(people["org_admin"])
    url = reverse("organisation_invitations", args=[organisation.slug])
    page = client.get(url).content.decode()
    assert "30 invitations match." in page and page.count("@example.org</td>") == MEMBERS_PER_PAGE
    assert "Next page" in page
    found = client.get(url, {"q": "colleague1", "status": "valid"}).content.decode()
    # colleague1 (accepted) is left out; colleague10 to colleague19 are valid.
    assert "10 invitations match." in found and "colleague1@example.org" not in found
    assert "colleague15@example.org" in found
    # The next-page link keeps the filters.
    assert "status=valid&amp;page=2" in client.get(url, {"status": "valid"}).content.decode()
    # A made-up status is ignored, not an error.
    assert client.get(url, {"status": "nonsense"}).status_code == 200


def test_the_api_filters_the_same_way_and_refuses_a_made_up_status(people, organisation, invitations):
    api = APIClient()
    api.force_authenticate(people["org_admin"])
    url = reverse("api_invitations", args=[organisation.slug])
    body = api.get(url, {"status": "expired"}).json()
    assert body["count"] == 1 and body["results"][0]["email"] == "colleague2@example.org"
    assert api.get(url, {"q": "colleague2"}).json()["count"] == 11
    assert api.get(url, {"status": "nonsense"}).status_code == 400
    api.force_authenticate(people["assessment_lead"])
    assert api.get(url).status_code == 403
    api.force_authenticate(people["other_org"])
    assert api.get(url).status_code == 404


def test_the_invitations_page_queries_do_not_grow(
    client, people, organisation, invitations, site_pages, django_assert_max_num_queries
):
    client.force_login(people["org_admin"])
    url = reverse("organisation_invitations", args=[organisation.slug])
    client.get(url)
    with django_assert_max_num_queries(10):
        assert client.get(url, {"status": "valid", "page": 2}).status_code == 200
