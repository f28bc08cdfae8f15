import re

import pytest
from django.core import mail
from django.urls import reverse

from s2t_learn import services
from s2t_learn.models import ApiToken, Invitation, Membership, Organisation, Role, Sector, User
from s2t_learn.selectors import membership_for
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_home_page_has_three_ways_in_exit_and_signposting(client, site_pages):
    html = client.get("/").content.decode()
    for path in ("/modules/", "/check-your-knowledge/", "/org/"):
        assert f'href="{path}"' in html
    assert 'id="exit-this-page"' in html
    assert "Childline" in html and "0800 1111" in html
    assert "not made, endorsed or certified by the Safe &amp; Together Institute" in html
    assert "David Mandel" in html


@pytest.mark.parametrize("path", ["/about/", "/accessibility/", "/privacy/"])
def test_standard_pages_exist(client, site_pages, path):
    response = client.get(path)
    assert response.status_code == 200
    assert b'id="exit-this-page"' in response.content


def test_about_page_states_independence(client, site_pages):
    html = client.get("/about/").content.decode()
    assert "It is not made, endorsed or certified by the Safe &amp; Together Institute" in html
    assert "© 2015 David Mandel" in html


def test_signup_records_sector_and_sends_neutral_verification(client, site_pages):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "newcomer@example.org",
            "password1": "a-good-long-password-9",
            "password2": "a-good-long-password-9",
            "full_name": "New Comer",
            "sector": Sector.EARLY_YEARS,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="newcomer@example.org")
    assert user.sector == Sector.EARLY_YEARS and user.full_name == "New Comer"
    assert len(mail.outbox) == 1
    subject = mail.outbox[0].subject.lower()
    assert "abuse" not in subject and "safe" not in subject
    key = re.search(r"/accounts/confirm-email/([^/\s]+)/", mail.outbox[0].body).group(1)
    client.post(reverse("account_confirm_email", args=[key]))
    assert user.emailaddress_set.get().verified


def test_signup_errors_keep_what_was_typed(client, site_pages):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "keep@example.org",
            "password1": "short",
            "password2": "short",
            "full_name": "Kept Name",
            "sector": "",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="keep@example.org"' in html and 'value="Kept Name"' in html
    assert "There is a problem" in html


def test_create_organisation_form(client, people, site_pages):
    client.force_login(people["learner"])
    response = client.post(reverse("organisation_create"), {"name": ""})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    response = client.post(reverse("organisation_create"), {"name": "Brookside Nursery"})
    organisation = Organisation.objects.get(name="Brookside Nursery")
    assert response["Location"] == reverse("organisation_detail", args=[organisation.slug])


def test_invitation_form_keeps_input_on_error(client, people, organisation, site_pages):
    client.force_login(people["org_admin"])
    response = client.post(
        reverse("organisation_invitations", args=[organisation.slug]),
        {"email": people["learner"].email, "role": Role.LEARNER, "team": ""},
    )
    html = response.content.decode()
    assert "already a member" in html
    assert f'value="{people["learner"].email}"' in html


def test_invite_and_accept_through_pages(client, people, organisation, site_pages, django_capture_on_commit_callbacks):
    client.force_login(people["org_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("organisation_invitations", args=[organisation.slug]),
            {"email": "colleague@example.org", "role": Role.ASSESSMENT_LEAD, "team": ""},
        )
    path = re.search(r"http://[^/]+(/invitations/[^/\s]+/)", mail.outbox[0].body).group(1)
    colleague = UserFactory(email="colleague@example.org")
    client.force_login(colleague)
    assert "Join Northtown Service" in client.get(path).content.decode()
    response = client.post(path)
    assert response["Location"] == reverse("organisation_detail", args=[organisation.slug])
    assert Membership.objects.get(user=colleague, organisation=organisation).role == Role.ASSESSMENT_LEAD
    used = client.get(path)
    assert used.status_code == 410 and "already been used" in used.content.decode()


@pytest.mark.parametrize(
    ("state", "status", "words"),
    [("invalid", 404, "not valid"), ("revoked", 410, "withdrawn"), ("expired", 410, "expired")],
)
def test_join_link_problems_say_which(client, people, organisation, site_pages, state, status, words):
    from datetime import timedelta

    from django.utils import timezone

    from s2t_learn.models import JoinLink

    link = services.create_join_link(membership=membership_for(people["org_admin"], organisation.slug))
    token = link.token
    if state == "invalid":
        token = "nope"
    elif state == "revoked":
        services.revoke_join_link(link.pk, membership=membership_for(people["org_admin"], organisation.slug))
    else:
        JoinLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(days=1))
    response = client.get(reverse("use_join_link", args=[token]))
    assert response.status_code == status
    assert words in response.content.decode()


def test_anonymous_visitor_is_asked_to_sign_in_and_returns(client, people, organisation, site_pages):
    link = services.create_join_link(membership=membership_for(people["org_admin"], organisation.slug))
    html = client.get(reverse("use_join_link", args=[link.token])).content.decode()
    assert "?next=/join/" in html


def test_member_management_pages(client, people, organisation, site_pages):
    client.force_login(people["org_admin"])
    learner_membership = Membership.objects.get(user=people["learner"], organisation=organisation)
    response = client.post(
        reverse("organisation_member_update", args=[organisation.slug, learner_membership.pk]),
        {f"m{learner_membership.pk}-role": Role.ASSESSMENT_LEAD, f"m{learner_membership.pk}-team": ""},
    )
    assert response.status_code == 302
    learner_membership.refresh_from_db()
    assert learner_membership.role == Role.ASSESSMENT_LEAD
    client.post(reverse("organisation_member_remove", args=[organisation.slug, learner_membership.pk]))
    assert not Membership.objects.filter(pk=learner_membership.pk).exists()


def test_api_token_is_shown_once(client, people, site_pages):
    client.force_login(people["learner"])
    response = client.post(reverse("profile_token_create"), {"name": "reports", "scope": "read"})
    html = response.content.decode()
    token = re.search(r'id="new-token" type="text" readonly value="([^"]+)"', html).group(1)
    assert token.startswith("s2t_")
    assert ApiToken.objects.filter(user=people["learner"], name="reports").count() == 1
    assert token not in client.get(reverse("profile")).content.decode()


def test_profile_update(client, people, site_pages):
    client.force_login(people["learner"])
    client.post(reverse("profile"), {"full_name": "Changed", "sector": Sector.HEALTH})
    people["learner"].refresh_from_db()
    assert people["learner"].sector == Sector.HEALTH


def test_leave_page_keeps_the_last_admin(client, people, organisation, site_pages):
    client.force_login(people["org_admin"])
    response = client.post(reverse("organisation_leave", args=[organisation.slug]))
    assert response.status_code == 200
    assert "at least one admin" in response.content.decode()


@pytest.mark.parametrize(
    "name", ["organisation_members", "organisation_teams", "organisation_invitations", "organisation_join_links"]
)
def test_admin_pages_query_count_is_constant(
    client, people, organisation, site_pages, name, django_assert_max_num_queries
):
    client.force_login(people["org_admin"])
    url = reverse(name, args=[organisation.slug])
    client.get(url)  # warm the site settings and page caches
    with django_assert_max_num_queries(10):
        client.get(url)
    for n in range(15):
        MembershipFactory(organisation=organisation)
        services.create_team(f"Team {n}", membership=membership_for(people["org_admin"], organisation.slug))
        services.create_invitation(
            f"invitee{n}@example.org", membership=membership_for(people["org_admin"], organisation.slug)
        )
        services.create_join_link(membership=membership_for(people["org_admin"], organisation.slug))
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
    assert Invitation.objects.count() == 15
