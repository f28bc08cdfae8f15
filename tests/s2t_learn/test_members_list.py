"""The members list stays one page of rows however large the organisation grows."""

import pytest
from django.urls import reverse

from s2t_learn.models import Membership, Role, User
from s2t_learn.views.organisations import MEMBERS_PER_PAGE

from ..factories import MembershipFactory, TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowd(organisation):
    team = TeamFactory(organisation=organisation, name="Early years")
    users = User.objects.bulk_create(
        [User(username=f"crowd{n}", email=f"crowd{n}@example.org", full_name=f"Crowd Person {n:03}") for n in range(80)]
    )
    Membership.objects.bulk_create(
        [
            Membership(user=user, organisation=organisation, role=Role.LEARNER, team=team if n % 4 == 0 else None)
            for n, user in enumerate(users)
        ]
    )
    return team


def test_members_are_shown_a_page_at_a_time(client, people, organisation, crowd, site_pages):
    client.force_login(people["org_admin"])
    url = reverse("organisation_members", args=[organisation.slug])
    first = client.get(url)
    assert len(first.context["members"]) == MEMBERS_PER_PAGE
    assert first.context["page"].paginator.count == 83  # the crowd and the three organisation roles
    body = first.content.decode()
    assert "Next page" in body and "Previous page" not in body
    last = client.get(url, {"page": first.context["page"].paginator.num_pages})
    assert "Previous page" in last.content.decode()


def test_members_can_be_found_by_name_team_and_role(client, people, organisation, crowd, site_pages):
    client.force_login(people["org_admin"])
    url = reverse("organisation_members", args=[organisation.slug])
    by_name = client.get(url, {"q": "Person 007"})
    assert [member.user.email for member in by_name.context["members"]] == ["crowd7@example.org"]
    by_team = client.get(url, {"team": crowd.pk})
    assert by_team.context["page"].paginator.count == 20
    by_role = client.get(url, {"role": Role.ORG_ADMIN})
    assert [member.user for member in by_role.context["members"]] == [people["org_admin"]]
    # A filter and the page number travel together in the pagination links.
    assert "team=" in client.get(url, {"team": crowd.pk, "page": 1}).context["query"]


def test_a_bad_filter_is_ignored_not_an_error(client, people, organisation, site_pages):
    client.force_login(people["org_admin"])
    response = client.get(reverse("organisation_members", args=[organisation.slug]), {"team": "x", "page": "zzz"})
    assert response.status_code == 200


def test_another_organisations_team_filter_finds_nobody(client, people, organisation, other_organisation, site_pages):
    elsewhere = TeamFactory(organisation=other_organisation, name="Elsewhere team")
    MembershipFactory(organisation=other_organisation, team=elsewhere)
    client.force_login(people["org_admin"])
    response = client.get(reverse("organisation_members", args=[organisation.slug]), {"team": elsewhere.pk})
    assert response.status_code == 200
    shown = {member.organisation_id for member in response.context["members"]}
    assert shown == {organisation.pk}


def test_members_page_queries_do_not_grow(
    client, people, organisation, crowd, site_pages, django_assert_max_num_queries
):
    client.force_login(people["org_admin"])
    url = reverse("organisation_members", args=[organisation.slug])
    client.get(url)
    with django_assert_max_num_queries(10):
        assert client.get(url, {"team": crowd.pk, "q": "Crowd"}).status_code == 200
