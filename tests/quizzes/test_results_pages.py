"""The results page stays small (at most 40 KB of HTML for the demo's full framework round): each area's
statements and every next step have pages of their own, reached from it, under the same rules."""

import pytest
from django.urls import reverse

from quizzes.assessment.rounds import services as round_services
from quizzes.models import Round
from s2t_learn.models import User
from s2t_learn.selectors import membership_for

from .conftest import all_answers
from .test_rounds import respondent, send

pytestmark = pytest.mark.django_db

RESULTS_PAGE_LIMIT = 40 * 1024


def test_the_demo_results_pages_are_under_40_kb_and_link_every_area_and_step(client, demo):
    lead = User.objects.get(email="lead@example.org")
    client.force_login(lead)
    for round_ in Round.objects.filter(status=Round.Status.CLOSED, organisation__slug="northtown"):
        response = client.get(reverse("round_results", args=[round_.organisation.slug, round_.pk]))
        assert response.status_code == 200
        assert len(response.content) <= RESULTS_PAGE_LIMIT, (round_.title, len(response.content))
        html = response.content.decode()
        for domain in round_.snapshot["domains"]:
            area_url = reverse("round_area", args=[round_.organisation.slug, round_.pk, domain["key"]])
            assert area_url in html
        assert reverse("planning_next_steps", args=[round_.organisation.slug, round_.pk]) in html


def test_an_area_page_shows_every_statement_with_its_moderation_link(client, people, organisation, framework):
    lead = people["assessment_lead"]
    round_ = round_services.open_round(
        membership=membership_for(lead, organisation.slug), title="Named round", is_anonymous=False
    )
    for _ in range(3):
        send(round_, respondent(round_, organisation), all_answers(round_, flag="no", gate="met"))
    round_services.close_round(membership=membership_for(lead, organisation.slug), round_id=round_.pk)
    domain = round_.snapshot["domains"][0]
    client.force_login(lead)
    html = client.get(reverse("round_area", args=[organisation.slug, round_.pk, domain["key"]])).content.decode()
    for statement in domain["statements"]:
        assert f'id="statement-{statement["key"]}"' in html
        assert reverse("round_moderate", args=[organisation.slug, round_.pk, statement["key"]]) in html
    other = round_.snapshot["domains"][1]["statements"][0]["key"]
    assert f'id="statement-{other}"' not in html  # another area's statements are on its own page
    assert f'id="domain-{domain["key"]}"' in html
    # An unknown area is a 404; moderating sends the lead back to the area on the results page.
    assert client.get(reverse("round_area", args=[organisation.slug, round_.pk, "no-such-area"])).status_code == 404
    key = domain["statements"][0]["key"]
    response = client.post(
        reverse("round_moderate", args=[organisation.slug, round_.pk, key]),
        {"value": "yes" if domain["statements"][0]["kind"] == "destructive" else "met", "reason": "Agreed."},
    )
    assert response["Location"].endswith(f"#domain-{domain['key']}")


def test_an_anonymous_round_withheld_shows_no_area_or_next_steps_page(client, people, organisation, framework):
    lead = people["assessment_lead"]
    round_ = round_services.open_round(
        membership=membership_for(lead, organisation.slug), title="Too few", is_anonymous=True
    )
    send(round_, respondent(round_, organisation), all_answers(round_))
    round_services.close_round(membership=membership_for(lead, organisation.slug), round_id=round_.pk)
    client.force_login(lead)
    results = reverse("round_results", args=[organisation.slug, round_.pk])
    area = reverse("round_area", args=[organisation.slug, round_.pk, round_.snapshot["domains"][0]["key"]])
    steps = reverse("planning_next_steps", args=[organisation.slug, round_.pk])
    assert client.get(area)["Location"] == results
    assert client.get(steps)["Location"] == results


@pytest.mark.parametrize("name", ["round_area", "planning_next_steps"])
def test_the_split_pages_cost_constant_queries(
    client, people, organisation, framework, site_pages, name, django_assert_max_num_queries
):
    lead = people["assessment_lead"]
    round_ = round_services.open_round(
        membership=membership_for(lead, organisation.slug), title="Named round", is_anonymous=False
    )
    for _ in range(3):
        send(round_, respondent(round_, organisation), all_answers(round_))
    round_services.close_round(membership=membership_for(lead, organisation.slug), round_id=round_.pk)
    kwargs = [organisation.slug, round_.pk] + ([round_.snapshot["domains"][0]["key"]] if name == "round_area" else [])
    url = reverse(name, args=kwargs)
    client.force_login(lead)
    client.get(url)
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


def test_the_results_page_stays_under_40_kb_however_much_there_is_to_discuss(client, people, organisation):
    """The worst case for its size: the whole framework, every statement's answers spread widely (so every
    one is to discuss) and harmful practices named by a minority in every area. The page's size depends
    on the framework, not on the number of respondents, so 8 people make the case 500 would."""
    from quizzes.assessment.loader import load_framework
    from s2t_learn.selectors import membership_for

    load_framework()
    lead = people["assessment_lead"]
    round_ = round_services.open_round(
        membership=membership_for(lead, organisation.slug), title="Wide spread", is_anonymous=False
    )
    values = ["met", "not_met", "partly", "met", "not_met", "dont_know", "met", "not_met"]
    for n, value in enumerate(values):
        person = respondent(round_, organisation)
        flag = "yes" if n < 2 else "no"
        send(round_, person, all_answers(round_, flag=flag, gate=value))
    round_services.close_round(membership=membership_for(lead, organisation.slug), round_id=round_.pk)
    client.force_login(lead)
    response = client.get(reverse("round_results", args=[organisation.slug, round_.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and "To discuss together" in html
    assert len(response.content) <= RESULTS_PAGE_LIMIT, len(response.content)
    for domain in round_.snapshot["domains"]:  # each area's statements are a click away
        assert reverse("round_area", args=[organisation.slug, round_.pk, domain["key"]]) in html
