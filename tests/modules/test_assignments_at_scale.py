"""The assigned-learning page at any size (issue 17): a large organisation's people are not listed in the
form (a person is chosen by email address), and the assignments are shown a page at a time."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from modules import services
from modules.forms import AssignmentForm
from modules.models import ModuleAssignment
from s2t_learn.models import Membership, Role
from s2t_learn.selectors import membership_for
from tests.factories import MembershipFactory, UserFactory
from tests.page_factories import build_module, module_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def module(site_pages):
    return build_module(module_index(site_pages), lessons=1, questions=3)[0]


def crowd(organisation, count):
    users = UserFactory.create_batch(count)
    Membership.objects.bulk_create([Membership(organisation=organisation, user=u, role=Role.LEARNER) for u in users])
    return users


def test_a_small_organisation_lists_its_people_by_name(client, people, organisation, module):
    client.force_login(people["assessment_lead"])
    html = client.get(reverse("organisation_assignments", args=[organisation.slug])).content.decode()
    assert f"Person: {people['learner'].display_name}" in html
    assert 'name="person_email"' not in html


def test_a_large_organisation_asks_for_an_email_address_instead(client, people, organisation, module):
    crowd(organisation, AssignmentForm.PEOPLE_LISTED + 1)
    lead = people["assessment_lead"]
    client.force_login(lead)
    url = reverse("organisation_assignments", args=[organisation.slug])
    html = client.get(url).content.decode()
    assert "Person:" not in html and 'name="person_email"' in html
    refused = client.post(url, {"module": str(module.pk), "person_email": "nobody@example.org"})
    assert "Nobody with this email address is a member of the organisation." in refused.content.decode()
    assert 'value="nobody@example.org"' in refused.content.decode()  # kept to correct
    learner = people["learner"]
    done = client.post(url, {"module": str(module.pk), "person_email": learner.email.upper()})
    assert done.status_code == 302
    assert ModuleAssignment.objects.get(organisation=organisation).user == learner


def test_an_email_of_another_organisations_member_is_refused(people, organisation, module):
    outsider = MembershipFactory(role=Role.LEARNER).user  # a member elsewhere
    with pytest.raises(ValidationError) as error:
        services.create_assignment(
            membership=membership_for(people["assessment_lead"], organisation.slug),
            module_id=module.pk,
            user_email=outsider.email,
        )
    assert error.value.message_dict == {
        "person_email": ["Nobody with this email address is a member of the organisation."]
    }


def test_the_page_costs_the_same_queries_for_10_or_300_members_and_pages_its_assignments(
    client, people, organisation, module, django_assert_max_num_queries
):
    lead = people["assessment_lead"]
    client.force_login(lead)
    url = reverse("organisation_assignments", args=[organisation.slug])
    users = crowd(organisation, 300)
    ModuleAssignment.objects.bulk_create(
        [ModuleAssignment(organisation=organisation, module=module, user=u) for u in users[:120]]
    )
    client.get(url)
    with django_assert_max_num_queries(10):
        html = client.get(url).content.decode()
    assert html.count("govuk-button--secondary") == 50  # one Remove button per assignment shown
    assert "Page 1 of 3 (120 in all)" in html
    assert len(html) < 60_000
