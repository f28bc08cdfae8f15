"""One place decides what each role can open (s2t_learn/tabs.py), and leads find the self-assessment
from the header and My learning without costing any signed-in page a query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from s2t_learn import lead_links, tabs
from s2t_learn.middleware import SessionSecurityMiddleware
from s2t_learn.models import Membership, Role

ROLES = ["learner", "assessment_lead", "org_admin"]


@pytest.mark.parametrize("key", [key for key, *_ in tabs.TABS])
@pytest.mark.parametrize("person", ROLES)
def test_each_tab_opens_exactly_for_the_roles_the_tab_bar_shows_it_to(client, people, organisation, person, key):
    url_name = dict((k, url) for k, url, _label, _role in tabs.TABS)[key]
    client.force_login(people[person])
    role = Membership.objects.get(user=people[person], organisation=organisation).role
    status = client.get(reverse(url_name, args=[organisation.slug])).status_code
    if tabs.can_open(role, key):
        assert status == 200
    else:
        assert status == 403
    shown = [k for k, _url, _label in tabs.tabs_for(role)]
    assert (key in shown) == tabs.can_open(role, key)


@pytest.mark.parametrize("key", [key for key, *_ in tabs.TABS])
def test_another_organisation_gets_404_on_every_tab(client, people, organisation, key):
    url_name = dict((k, url) for k, url, _label, _role in tabs.TABS)[key]
    client.force_login(people["other_org"])
    assert client.get(reverse(url_name, args=[organisation.slug])).status_code == 404


def test_the_tab_bar_lists_only_openable_tabs(client, people, organisation):
    client.force_login(people["assessment_lead"])
    page = client.get(reverse("organisation_detail", args=[organisation.slug])).content.decode()
    assert reverse("round_list", args=[organisation.slug]) in page
    assert reverse("organisation_members", args=[organisation.slug]) not in page


def test_can_open_and_minimum_role_for_every_role_and_tab():
    for key, _url, _label, minimum in tabs.TABS:
        assert tabs.minimum_role(key) == minimum
        assert not tabs.can_open(None, key)
        for role in Role:
            expected = {Role.LEARNER: 1, Role.ASSESSMENT_LEAD: 2, Role.ORG_ADMIN: 3}
            assert tabs.can_open(role, key) == (expected[role] >= expected[minimum])


def _header(page):
    start = page.index('aria-label="Main"')
    return page[start : page.index("</nav>", start)]


@pytest.mark.parametrize("person,shown", [("learner", False), ("assessment_lead", True), ("org_admin", True)])
def test_header_and_my_learning_link_leads_to_the_self_assessment(client, people, organisation, person, shown):
    client.force_login(people[person])
    url = reverse("round_list", args=[organisation.slug])
    page = client.get(reverse("my_learning")).content.decode()
    assert (url in _header(page)) is shown
    assert ("Self-assessments you lead" in page) is shown
    assert (f"Continuum self-assessment for {organisation.name}" in page) is shown


def test_a_lead_of_two_organisations_is_sent_to_the_list(client, people, organisation, other_organisation):
    Membership.objects.create(user=people["assessment_lead"], organisation=other_organisation, role=Role.ORG_ADMIN)
    client.force_login(people["assessment_lead"])
    page = client.get(reverse("my_learning")).content.decode()
    assert reverse("organisation_list") in _header(page)
    assert reverse("round_list", args=[organisation.slug]) in page
    assert reverse("round_list", args=[other_organisation.slug]) in page


def test_the_links_cost_no_query(client, people, organisation, site_pages):
    """A lead's page costs exactly what a learner's does: the list comes from the session."""
    counts = {}
    for person in ["learner", "assessment_lead"]:
        client.force_login(people[person])
        client.get("/modules/")  # the activity stamp is written on the first request
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/modules/").content.decode()
        counts[person] = len(queries)
        client.logout()
    assert reverse("round_list", args=[organisation.slug]) in _header(page)
    assert counts["assessment_lead"] == counts["learner"]


def test_a_role_given_later_shows_after_the_next_activity_stamp(client, people, organisation):
    learner = people["learner"]
    client.force_login(learner)
    url = reverse("round_list", args=[organisation.slug])
    assert url not in _header(client.get(reverse("my_learning")).content.decode())
    Membership.objects.filter(user=learner, organisation=organisation).update(role=Role.ASSESSMENT_LEAD)
    session = client.session
    session[SessionSecurityMiddleware.LAST_SEEN] -= SessionSecurityMiddleware.RESOLUTION_SECONDS + 1
    session.save()
    assert url in _header(client.get(reverse("my_learning")).content.decode())
    # And taken away again the same way.
    Membership.objects.filter(user=learner, organisation=organisation).update(role=Role.LEARNER)
    session = client.session
    session[SessionSecurityMiddleware.LAST_SEEN] -= SessionSecurityMiddleware.RESOLUTION_SECONDS + 1
    session.save()
    assert url not in _header(client.get(reverse("my_learning")).content.decode())


def test_led_by_lists_lead_and_admin_memberships_only(people, organisation, other_organisation):
    assert lead_links.led_by(people["learner"]) == []
    assert lead_links.led_by(people["assessment_lead"]) == [
        lead_links.LedOrganisation(organisation.slug, organisation.name)
    ]
    assert [o.slug for o in lead_links.led_by(people["other_org"])] == [other_organisation.slug]


def test_a_visitor_has_no_links(client, site_pages):
    page = client.get("/modules/").content.decode()
    assert "Self-assessment" not in _header(page)
