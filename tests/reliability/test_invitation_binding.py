"""An invitation is bound to its address: a forwarded link grants nothing (issue 16, item 3)."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from s2t_learn import services
from s2t_learn.models import Invitation, Membership, Role
from s2t_learn.selectors import membership_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_invitation(people, organisation):
    invitation = services.create_invitation(
        "invited@example.org", Role.ORG_ADMIN, membership=membership_for(people["org_admin"], organisation.slug)
    )
    token = services.issue_invitation_token(Invitation.objects.get(pk=invitation.pk))
    return invitation, token


def test_an_invitation_accepted_by_the_wrong_account_grants_nothing(client, admin_invitation, organisation, site_pages):
    invitation, token = admin_invitation
    stranger = UserFactory(email="holder-of-a-forwarded-link@example.org")
    client.force_login(stranger)
    url = reverse("accept_invitation", args=[token])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "This invitation is for someone else" in html and "i…@example.org" in html
    assert "invited@example.org" not in html  # the full address is not revealed to the link's holder
    assert "ask the person who invited you for a new one" in html
    assert 'id="exit-this-page"' in html

    refused = client.post(url)
    assert refused.status_code == 403
    assert not Membership.objects.filter(user=stranger, organisation=organisation).exists()
    with pytest.raises(services.WrongAccount):
        services.accept_invitation(stranger, token)
    invitation.refresh_from_db()
    assert invitation.accepted_at is None  # still usable by the person it was for


def test_an_unverified_matching_address_is_not_enough(admin_invitation, organisation):
    _, token = admin_invitation
    claimant = UserFactory(email="invited@example.org")
    EmailAddress.objects.filter(user=claimant).update(verified=False)
    with pytest.raises(services.WrongAccount):
        services.accept_invitation(claimant, token)


def test_the_invited_address_verified_joins(client, admin_invitation, organisation, site_pages):
    _, token = admin_invitation
    invited = UserFactory(email="Invited@Example.org")
    client.force_login(invited)
    response = client.post(reverse("accept_invitation", args=[token]))
    assert response.status_code == 302
    assert Membership.objects.get(user=invited, organisation=organisation).role == Role.ORG_ADMIN


@pytest.mark.parametrize(
    ("email", "masked"),
    [("invited@example.org", "i…@example.org"), ("a@b.c", "a…@b.c"), ("nodomain", "…"), ("", "…")],
)
def test_mask_email(email, masked):
    assert services.mask_email(email) == masked
