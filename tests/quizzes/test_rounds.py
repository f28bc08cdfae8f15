import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from rest_framework.test import APIClient

from quizzes.assessment import _counted, selectors
from quizzes.assessment import errors as assessment_errors
from quizzes.assessment.responding import services as response_services
from quizzes.assessment.results import services as results_services
from quizzes.assessment.rounds import services as round_services
from quizzes.continuum_levels import ContinuumLevel
from quizzes.models import Answer, RoundInvitation, Statement
from s2t_learn.models import Role
from s2t_learn.selectors import membership_for
from tests.factories import MembershipFactory, UserFactory

from .conftest import all_answers, lead_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(people):
    return people["assessment_lead"]


@pytest.fixture
def round_(lead, organisation, framework):
    return round_services.open_round(
        membership=membership_for(lead, organisation.slug), title="Spring round", is_anonymous=True
    )


def respondent(round_, organisation):
    user = MembershipFactory(organisation=organisation, role=Role.LEARNER).user
    round_services.invite_members(
        membership=membership_for(round_.opened_by, organisation.slug), round_id=round_.pk, user_ids=[user.pk]
    )
    return user


def send(round_, person, answers):
    response_services.save_answers(person, round_.pk, answers)
    response_services.submit_response(person, round_.pk)


def test_only_leads_open_rounds(people, organisation, framework):
    with pytest.raises(PermissionDenied):
        round_services.open_round(membership=membership_for(people["learner"], organisation.slug), title="x")
    with pytest.raises(Http404):
        round_services.open_round(membership=membership_for(people["other_org"], organisation.slug), title="x")
    round_ = round_services.open_round(
        membership=membership_for(people["org_admin"], organisation.slug), title="By the admin"
    )
    assert round_.is_open and round_.snapshot["domains"][0]["key"] == "pattern"


def test_a_leads_reads_of_a_round_check_it_is_of_their_organisation(people, round_, organisation):
    """A round found another way (not through round_for_lead) is still checked against the membership:
    another organisation's lead cannot tell it exists, and a learner is refused."""
    outsider = membership_for(people["other_org"], "elsewhere-service")
    learner = membership_for(people["learner"], organisation.slug)
    reads = [
        selectors.round_counts,
        selectors.respondents,
        selectors.eligible_members,
        selectors.invited_user_ids,
        selectors.individual_answers,
        selectors.raw_answers,
    ]
    for read in reads:
        with pytest.raises(Http404):
            read(round_, membership=outsider)
        with pytest.raises(PermissionDenied):
            read(round_, membership=learner)
    assert (
        selectors.round_counts(round_, membership=membership_for(people["org_admin"], organisation.slug)).invited == 0
    )


def test_open_round_needs_a_title(lead, organisation, framework):
    with pytest.raises(ValidationError) as error:
        round_services.open_round(membership=membership_for(lead, organisation.slug), title="  ")
    assert "title" in error.value.message_dict


def test_full_lifecycle_places_the_service(round_, organisation, lead):
    people = [respondent(round_, organisation) for _ in range(3)]
    for person in people:
        response_services.save_answers(person, round_.pk, all_answers(round_))
        response_services.submit_response(person, round_.pk)
    response_services.save_answers(people[0], round_.pk, {"partnering-competent-1": {"value": "not_met"}})
    round_ = round_services.close_round(membership=membership_for(lead, organisation.slug), round_id=round_.pk)
    result = selectors.results(round_, membership=lead_of(round_))
    placement = result["placement"]
    assert placement.overall == ContinuumLevel.PROFICIENT  # the median of met, met, not met is met
    assert "partnering-competent-1" in placement.discussion
    results_services.moderate(
        membership=membership_for(lead, organisation.slug),
        round_id=round_.pk,
        statement_key="partnering-competent-1",
        value="not_met",
        reason="We checked the files.",
    )
    placement = selectors.results(round_, membership=lead_of(round_))["placement"]
    assert placement.overall == ContinuumLevel.PRE_COMPETENT
    assert placement.domains[1].to_move_up == ["partnering-competent-1"]
    assert Answer.objects.filter(statement_key="partnering-competent-1").count() == 3  # raw answers kept


def test_answer_after_close_is_refused_and_nothing_changes(round_, organisation, lead):
    person = respondent(round_, organisation)
    response_services.save_answers(person, round_.pk, {"pattern-d1": {"value": "no"}})
    round_services.close_round(membership=membership_for(lead, organisation.slug), round_id=round_.pk)
    with pytest.raises(assessment_errors.RoundClosed):
        response_services.save_answers(person, round_.pk, {"pattern-d1": {"value": "yes"}})
    assert Answer.objects.get(statement_key="pattern-d1").value == "no"


def test_invalid_answers_save_nothing(round_, organisation):
    person = respondent(round_, organisation)
    with pytest.raises(ValidationError) as error:
        response_services.save_answers(
            person,
            round_.pk,
            {"pattern-d1": {"value": "no"}, "pattern-pre_competent-1": {"value": "yes"}, "bogus": {"value": "met"}},
        )
    assert set(error.value.message_dict) == {"pattern-pre_competent-1", "bogus"}
    assert not Answer.objects.exists()


def test_people_not_invited_cannot_answer(round_, organisation, people):
    with pytest.raises(Http404):
        response_services.save_answers(people["other_org"], round_.pk, {"pattern-d1": {"value": "no"}})


def test_editing_the_framework_leaves_the_round_snapshot(round_, organisation):
    Statement.objects.filter(key="pattern-d1").update(text="Changed later")
    round_.refresh_from_db()
    assert round_.snapshot["domains"][0]["statements"][0]["text"] == "Harm in pattern"


def test_email_invitation_accept_and_link_join(round_, organisation, lead, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        round_services.invite_by_email(
            membership=membership_for(lead, organisation.slug), round_id=round_.pk, email="partner@example.org"
        )
    assert mail.outbox[0].subject == "A colleague has asked for your views"
    token = mail.outbox[0].body.split("/assessments/invitations/")[1].split("/")[0]
    partner = UserFactory(email="partner@example.org")
    with pytest.raises(assessment_errors.NotAMember):  # rounds are for members only
        response_services.accept_round_invitation(partner, token)
    MembershipFactory(organisation=organisation, user=partner, role=Role.LEARNER)
    invitation = response_services.accept_round_invitation(partner, token)
    assert invitation.user == partner and RoundInvitation.objects.filter(round=round_).count() == 1
    joiner = UserFactory()
    with pytest.raises(assessment_errors.NotAMember):
        response_services.join_by_link(joiner, round_.link_token)
    MembershipFactory(organisation=organisation, user=joiner, role=Role.LEARNER)
    assert response_services.join_by_link(joiner, round_.link_token).user == joiner
    assert (
        response_services.join_by_link(joiner, round_.link_token).pk
        == response_services.join_by_link(joiner, round_.link_token).pk
    )


def test_anonymous_round_never_shows_individual_answers(client, round_, organisation, lead, site_pages):
    people = [respondent(round_, organisation) for _ in range(2)]
    for person in people:
        response_services.save_answers(person, round_.pk, all_answers(round_))
    response_services.save_answers(people[0], round_.pk, {"pattern-d1": {"value": "no", "note": ""}})
    assert selectors.individual_answers(round_, membership=membership_for(lead, organisation.slug)) is None
    client.force_login(lead)
    for person in people:
        response_services.submit_response(person, round_.pk)
    manage = client.get(reverse("round_manage", args=[organisation.slug, round_.pk])).content.decode()
    assert "What each person answered" not in manage
    assert people[0].display_name not in manage and "2 people have sent their answers" in manage
    round_services.close_round(membership=membership_for(lead, organisation.slug), round_id=round_.pk)
    results = client.get(reverse("round_results", args=[organisation.slug, round_.pk])).content.decode()
    assert "They are withheld" in results and "Overall:" not in results
    api = APIClient()
    api.force_authenticate(lead)
    body = api.get(reverse("api_round_results", args=[organisation.slug, round_.pk])).json()
    assert body["visible"] is False and body["release"] == "withheld" and body["statements"] == []
    assert body["overall"] is None and body["respondent_count"] == 2
    assert people[0].email not in str(body)


def test_spread_shows_from_three_answers(round_, organisation, lead):
    for _ in range(3):
        send(round_, respondent(round_, organisation), all_answers(round_))
    round_ = round_services.close_round(membership=membership_for(lead, organisation.slug), round_id=round_.pk)
    spread = selectors.results(round_, membership=lead_of(round_))["spread"]
    assert spread["pattern-d1"] == {"no": 3}


def test_named_round_shows_each_persons_answers_to_leads(client, lead, organisation, framework, site_pages):
    named = round_services.open_round(
        membership=membership_for(lead, organisation.slug), title="Named round", is_anonymous=False
    )
    person = respondent(named, organisation)
    response_services.save_answers(person, named.pk, {"pattern-d1": {"value": "sometimes"}})
    client.force_login(lead)
    html = client.get(reverse("round_manage", args=[organisation.slug, named.pk])).content.decode()
    assert "What each person answered" not in html  # not sent yet: a draft is the person's own
    response_services.submit_response(person, named.pk)
    html = client.get(reverse("round_manage", args=[organisation.slug, named.pk])).content.decode()
    assert "What each person answered" in html and person.display_name in html
    assert "Sometimes" in html and ">sometimes<" not in html  # plain words, not codes
    client.force_login(person)
    respond_page = client.get(reverse("round_respond", args=[named.pk])).content.decode()
    assert "leads will see what you answered" in respond_page


def test_respond_pages_save_resume_and_review(client, round_, organisation, site_pages):
    person = respondent(round_, organisation)
    client.force_login(person)
    url = reverse("round_respond", args=[round_.pk])
    response = client.post(
        url, {"domain": "pattern", "answer-pattern-d1": "no", "answer-pattern-pre_competent-1": "met"}
    )
    assert response["Location"].endswith("?domain=partnering")
    # Closing the browser loses nothing: a fresh session finds the answers.
    client.logout()
    client.force_login(person)
    html = client.get(url + "?domain=pattern").content.decode()
    assert 'value="no" checked' in html and 'value="met" checked' in html
    # Resuming without choosing goes to the first area not yet done.
    assert 'name="domain" value="pattern"' in client.get(url).content.decode()
    response = client.post(url, {"domain": "partnering", "answer-partnering-d1": "no"})
    assert response["Location"] == reverse("round_review", args=[round_.pk])
    # Most statements unanswered: asked first, nothing sent yet.
    asked = client.post(reverse("round_review", args=[round_.pk]))
    assert asked.status_code == 200 and "Yes, send them as they are" in asked.content.decode()
    assert RoundInvitation.objects.get(user=person).submitted_at is None
    client.post(reverse("round_review", args=[round_.pk]), {"confirm": "1"})
    assert RoundInvitation.objects.get(user=person).submitted_at is not None


def test_respond_page_keeps_bad_input_and_explains(client, round_, organisation, site_pages):
    person = respondent(round_, organisation)
    client.force_login(person)
    long_note = "n" * 1001
    response = client.post(
        reverse("round_respond", args=[round_.pk]),
        {"domain": "pattern", "answer-pattern-pre_competent-1": "met", "note-pattern-pre_competent-1": long_note},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html and long_note in html
    assert not Answer.objects.exists()


def test_closed_round_page_says_so(client, round_, organisation, lead, site_pages):
    person = respondent(round_, organisation)
    round_services.close_round(membership=membership_for(lead, organisation.slug), round_id=round_.pk)
    client.force_login(person)
    response = client.post(
        reverse("round_respond", args=[round_.pk]), {"domain": "pattern", "answer-pattern-d1": "yes"}
    )
    assert response.status_code == 409 and "This round has closed" in response.content.decode()
    api = APIClient()
    api.force_authenticate(person)
    response = api.put(
        reverse("api_round_response", args=[round_.pk]), {"answers": {"pattern-d1": {"value": "yes"}}}, format="json"
    )
    assert response.status_code == 409 and response.json()["error"]["code"] == "conflict"
    assert not Answer.objects.exists()


def test_results_page_explains(client, round_, organisation, lead, site_pages):
    answers = all_answers(round_)
    answers["pattern-d1"] = {"value": "sometimes", "note": ""}
    for _ in range(3):
        person = respondent(round_, organisation)
        send(round_, person, answers)
    round_services.close_round(membership=membership_for(lead, organisation.slug), round_id=round_.pk)
    client.force_login(lead)
    html = client.get(reverse("round_results", args=[organisation.slug, round_.pk])).content.decode()
    assert "Overall: Destructive" in html
    assert "the level of the weakest area" in html and "own reading of the continuum" in html
    assert "Harm in pattern" in html and "<svg" in html and "<table" in html
    client.force_login(person)
    assert client.get(reverse("round_results", args=[organisation.slug, round_.pk])).status_code == 403


def test_moderation_needs_a_reason(client, round_, organisation, lead, site_pages):
    for _ in range(3):
        send(round_, respondent(round_, organisation), all_answers(round_))
    round_ = round_services.close_round(membership=membership_for(lead, organisation.slug), round_id=round_.pk)
    client.force_login(lead)
    url = reverse("round_moderate", args=[organisation.slug, round_.pk, "pattern-d1"])
    response = client.post(url, {"value": "yes", "reason": ""})
    assert "There is a problem" in response.content.decode()
    response = client.post(url, {"value": "yes", "reason": "Two files showed it."})
    assert response.status_code == 302
    assert selectors.results(round_, membership=lead_of(round_))["placement"].overall == ContinuumLevel.DESTRUCTIVE


def test_api_round_flow(lead, organisation, framework):
    api = APIClient()
    api.force_authenticate(lead)
    created = api.post(
        reverse("api_rounds", args=[organisation.slug]), {"title": "API round", "is_anonymous": False}, format="json"
    ).json()
    person = MembershipFactory(organisation=organisation).user
    invited = api.post(
        reverse("api_round_invitations", args=[organisation.slug, created["id"]]),
        {"user_ids": [person.pk]},
        format="json",
    )
    assert invited.json() == {"invited": 1}
    mine = APIClient()
    mine.force_authenticate(person)
    statements = mine.get(reverse("api_round_statements", args=[created["id"]])).json()
    keys = [s["key"] for d in statements["domains"] for s in d["statements"]]
    answers = {k: {"value": "no" if k.endswith("-d1") else "met"} for k in keys}
    assert (
        mine.put(reverse("api_round_response", args=[created["id"]]), {"answers": answers}, format="json").status_code
        == 200
    )
    assert mine.post(reverse("api_round_submit", args=[created["id"]])).json()["submitted_at"]
    api.post(reverse("api_round_close", args=[organisation.slug, created["id"]]))
    results = api.get(reverse("api_round_results", args=[organisation.slug, created["id"]])).json()
    assert results["overall_label"] == "Proficient"
    moderated = api.put(
        reverse("api_round_agreed", args=[organisation.slug, created["id"], "pattern-d1"]),
        {"value": "yes", "reason": "Seen in audit"},
        format="json",
    ).json()
    assert moderated["overall_label"] == "Destructive"


def test_results_query_count_does_not_grow_with_respondents(
    client, lead, organisation, framework, site_pages, django_assert_max_num_queries
):
    round_ = round_services.open_round(
        membership=membership_for(lead, organisation.slug), title="Named round", is_anonymous=False
    )
    client.force_login(lead)
    url = reverse("round_results", args=[organisation.slug, round_.pk])
    for _ in range(2):
        send(round_, respondent(round_, organisation), all_answers(round_))
    client.get(url)
    with django_assert_max_num_queries(10):
        client.get(url)
    for _ in range(15):
        send(round_, respondent(round_, organisation), all_answers(round_))
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


def test_respondents_find_their_open_rounds_on_my_learning(client, round_, organisation, site_pages):
    person = respondent(round_, organisation)
    client.force_login(person)
    html = client.get(reverse("my_learning")).content.decode()
    assert "Self-assessments you have been asked to answer" in html
    assert reverse("round_respond", args=[round_.pk]) in html
    round_services.close_round(membership=membership_for(round_.opened_by, organisation.slug), round_id=round_.pk)
    assert "Self-assessments you have been asked to answer" not in client.get(reverse("my_learning")).content.decode()


def test_a_note_typed_before_an_answer_is_kept_and_never_counted(client, round_, organisation, lead, site_pages):
    """Typing a note first, then choosing later (or never), loses nothing; only answered notes count."""
    person = respondent(round_, organisation)
    api = APIClient()
    api.force_authenticate(person)
    url = reverse("api_round_response", args=[round_.pk])
    note = "Our safety plans rarely name what he has done; I want to check three files first."
    saved = api.put(url, {"answers": {"pattern-pre_competent-1": {"value": "", "note": note}}}, format="json")
    # The autosave is told the note was kept exactly as sent, so it can honestly say "Saved."
    assert saved.status_code == 200
    assert saved.json()["answers"]["pattern-pre_competent-1"] == {"value": "", "note": note}
    assert api.get(url).json()["answers"]["pattern-pre_competent-1"]["note"] == note
    # Not an answer: nothing is counted, and the area is not done.
    assert not Answer.objects.filter(invitation__user=person).exists()
    client.force_login(person)
    html = client.get(reverse("round_respond", args=[round_.pk]) + "?domain=pattern").content.decode()
    assert note in html
    # Choosing an answer later attaches the note to it; clearing the answer keeps the note again.
    api.put(url, {"answers": {"pattern-pre_competent-1": {"value": "met", "note": note}}}, format="json")
    assert Answer.objects.get(invitation__user=person, statement_key="pattern-pre_competent-1").note == note
    assert RoundInvitation.objects.get(user=person).pending_notes == {}
    api.put(url, {"answers": {"pattern-pre_competent-1": {"value": "", "note": note}}}, format="json")
    assert not Answer.objects.filter(invitation__user=person).exists()
    assert RoundInvitation.objects.get(user=person).pending_notes == {"pattern-pre_competent-1": note}
    # An empty note with no answer removes it.
    api.put(url, {"answers": {"pattern-pre_competent-1": {"value": "", "note": "  "}}}, format="json")
    assert RoundInvitation.objects.get(user=person).pending_notes == {}
    # A pending note never reaches the results, and is gone when the round closes.
    api.put(url, {"answers": {"pattern-pre_competent-1": {"value": "", "note": note}}}, format="json")
    response_services.submit_response(person, round_.pk)
    assert all(note not in str(a.note) for a in _counted.counted_answers(round_))
    round_services.close_round(membership=membership_for(lead, organisation.slug), round_id=round_.pk)
    assert RoundInvitation.objects.get(user=person).pending_notes == {}
