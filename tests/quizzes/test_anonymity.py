"""The self-assessment's anonymity and counting rules, the differencing attacks against them, the
moderation record, close dates and who may answer."""

import itertools
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from quizzes.assessment import anonymity, selectors
from quizzes.assessment import errors as assessment_errors
from quizzes.assessment.anonymity import Release
from quizzes.assessment.responding import services as response_services
from quizzes.assessment.results import services as results_services
from quizzes.assessment.rounds import services as round_services
from quizzes.continuum_levels import ContinuumLevel
from quizzes.models import AgreedAnswer, ReportJob, RoundInvitation
from quizzes.planning import shared
from quizzes.planning.reports import selectors as report_selectors
from quizzes.planning.reports import services as report_services
from quizzes.planning.targets import selectors as target_selectors
from quizzes.planning.targets import services as target_services
from s2t_learn.errors import NotFound
from s2t_learn.models import JoinLink, Role, Team
from s2t_learn.selectors import membership_for
from tests.factories import MembershipFactory

from .conftest import all_answers, lead_of

# ---------------------------------------------------------------- pure rules, exhaustively


@pytest.mark.parametrize("configured", [None, -5, 0, 1, 2, 3, 4, 10, "7", "x"])
def test_release_minimum_is_never_below_three(configured):
    value = anonymity.release_minimum(configured)
    assert value >= 3
    if isinstance(configured, int) and configured >= 3:
        assert value == configured


@pytest.mark.parametrize(
    "is_anonymous,is_open,sent", list(itertools.product([True, False], [True, False], range(0, 6)))
)
def test_release_state_table(is_anonymous, is_open, sent):
    state = anonymity.release_state(is_anonymous, is_open, sent, minimum=3)
    if not is_anonymous:
        assert state == Release.LIVE
        assert anonymity.individual_visible(state) and anonymity.notes_attributed(state)
    elif is_open:
        assert state == Release.WAITING
    else:
        assert state == (Release.RELEASED if sent >= 3 else Release.WITHHELD)
    if is_anonymous:
        # Nothing about one person in an anonymous round, ever; results only once released.
        assert not anonymity.individual_visible(state) and not anonymity.notes_attributed(state)
        assert anonymity.results_visible(state) == (not is_open and sent >= 3)
        assert anonymity.notes_visible(state) == anonymity.results_visible(state)
        assert anonymity.can_extend(is_anonymous, is_open, sent) == (not is_open and sent < 3)
    assert anonymity.can_convert_to_named(is_anonymous, is_open) == (is_anonymous and is_open)


def test_a_configured_minimum_below_three_still_needs_three():
    assert anonymity.release_state(True, False, 2, minimum=1) == Release.WITHHELD
    assert anonymity.release_state(True, False, 4, minimum=5) == Release.WITHHELD
    assert anonymity.release_state(True, False, 5, minimum=5) == Release.RELEASED


@pytest.mark.parametrize("count", range(0, 5))
def test_spread_visibility(count):
    assert anonymity.spread_visible(Release.LIVE, count)
    assert not anonymity.spread_visible(Release.WAITING, count)
    assert not anonymity.spread_visible(Release.WITHHELD, count)
    assert anonymity.spread_visible(Release.RELEASED, count) == (count >= 3)


def test_counts_only_sent_answers_as_sent():
    counts = anonymity.counts([(0, False), (3, False), (5, True), (0, True), (2, False)])
    assert (counts.invited, counts.started, counts.sent, counts.not_started) == (5, 2, 2, 1)


def test_shuffled_notes_are_unattributed_and_not_in_writing_order():
    notes = [f"note {n}" for n in range(12)]
    shuffled = anonymity.shuffled_notes(notes + [""], seed="1:k")
    assert sorted(shuffled) == sorted(notes) and shuffled != notes
    assert shuffled == anonymity.shuffled_notes(list(reversed(notes)), seed="1:k")  # order of writing is lost


# ---------------------------------------------------------------- with the database


@pytest.fixture
def lead(people):
    return people["assessment_lead"]


def member(organisation, team=None):
    return MembershipFactory(organisation=organisation, team=team, role=Role.LEARNER).user


def invite(round_, organisation, team=None):
    user = member(organisation, team)
    round_services.invite_members(
        membership=membership_for(round_.opened_by, organisation.slug), round_id=round_.pk, user_ids=[user.pk]
    )
    return user


def send(round_, person, answers):
    response_services.save_answers(person, round_.pk, answers)
    response_services.submit_response(person, round_.pk)


def lead_views(client, api, organisation, round_):
    """Everything a lead can read about a round, as text."""
    pages = [
        client.get(reverse("round_manage", args=[organisation.slug, round_.pk])).content.decode(),
        client.get(reverse("round_results", args=[organisation.slug, round_.pk])).content.decode(),
        client.get(
            reverse("round_moderate", args=[organisation.slug, round_.pk, "pattern-d1"]), follow=True
        ).content.decode(),
    ]
    api_bodies = [
        api.get(reverse("api_round_results", args=[organisation.slug, round_.pk])).json(),
        api.get(reverse("api_round", args=[organisation.slug, round_.pk])).json(),
    ]
    return pages, api_bodies


def strip_volatile(text):
    import re

    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    return re.sub(r"\d+ (people have|person has) sent their answers", "", text)


@pytest.mark.django_db
def test_differencing_one_more_answer_in_an_open_anonymous_round_reveals_nothing(
    client, lead, organisation, framework, site_pages
):
    round_ = round_services.open_round(
        membership=membership_for(lead, organisation.slug), title="Anonymous", is_anonymous=True
    )
    first = [invite(round_, organisation) for _ in range(3)]
    for person in first:
        send(round_, person, all_answers(round_))
    newcomer = invite(round_, organisation)
    client.force_login(lead)
    api = APIClient()
    api.force_authenticate(lead)
    before_pages, before_api = lead_views(client, api, organisation, round_)
    answers = all_answers(round_, flag="yes", gate="not_met")
    answers["pattern-pre_competent-1"] = {"value": "not_met", "note": "A secret only the newcomer wrote"}
    send(round_, newcomer, answers)
    after_pages, after_api = lead_views(client, api, organisation, round_)
    # The only difference is the number who sent: no answer, spread, note, name or progress.
    for before, after in zip(before_pages, after_pages, strict=True):
        assert strip_volatile(before) == strip_volatile(after)
    assert "A secret only the newcomer wrote" not in "".join(after_pages) + str(after_api)
    assert newcomer.display_name not in after_pages[0]
    assert before_api[0] == {**after_api[0], "respondent_count": before_api[0]["respondent_count"]}
    assert after_api[0]["visible"] is False and after_api[0]["domains"] == []
    assert after_api[1]["counts"]["sent"] == before_api[1]["counts"]["sent"] + 1


@pytest.mark.django_db
@pytest.mark.parametrize("senders", [1, 2])
def test_differencing_a_round_closed_with_one_or_two_reveals_nothing(
    client, lead, organisation, framework, site_pages, senders
):
    round_ = round_services.open_round(
        membership=membership_for(lead, organisation.slug), title="Small", is_anonymous=True
    )
    people = [invite(round_, organisation) for _ in range(senders)]
    for person in people:
        answers = all_answers(round_, flag="yes", gate="not_met")
        answers["pattern-pre_competent-1"]["note"] = "Only I said this"
        send(round_, person, answers)
    round_services.close_round(membership=membership_for(lead, organisation.slug), round_id=round_.pk)
    round_.refresh_from_db()
    data = selectors.results(round_, membership=lead_of(round_))
    assert data["visible"] is False and data["placement"] is None and data["notes"] == {}
    client.force_login(lead)
    api = APIClient()
    api.force_authenticate(lead)
    pages, bodies = lead_views(client, api, organisation, round_)
    text = "".join(pages) + str(bodies)
    assert "Only I said this" not in text and "Destructive" not in text and "Not met" not in text
    assert all(p.display_name not in text for p in people)
    # Nor through the plan, comparison, CSV or report paths.

    assert shared.placements_for(membership=membership_for(lead, organisation.slug), rounds=[round_])[round_.pk] is None
    with pytest.raises(assessment_errors.ResultsWithheld):
        report_services.request_report(
            membership=membership_for(lead, organisation.slug), kind="round_csv", round_id=round_.pk
        )
    with pytest.raises(assessment_errors.ResultsWithheld):
        results_services.moderate(
            membership=membership_for(lead, organisation.slug),
            round_id=round_.pk,
            statement_key="pattern-d1",
            value="no",
            reason="reason",
        )
    # Extending is allowed below the minimum; once released it never reopens.
    round_services.extend_round(
        membership=membership_for(lead, organisation.slug),
        round_id=round_.pk,
        closes_on=timezone.localdate() + timedelta(days=7),
    )
    round_.refresh_from_db()
    assert round_.is_open


@pytest.mark.django_db
def test_released_round_cannot_be_reopened(lead, organisation, framework):
    round_ = round_services.open_round(
        membership=membership_for(lead, organisation.slug), title="Released", is_anonymous=True
    )
    for _ in range(3):
        send(round_, invite(round_, organisation), all_answers(round_))
    round_services.close_round(membership=membership_for(lead, organisation.slug), round_id=round_.pk)
    with pytest.raises(assessment_errors.CannotExtend):
        round_services.extend_round(
            membership=membership_for(lead, organisation.slug), round_id=round_.pk, closes_on=None
        )


@pytest.mark.django_db
def test_only_sent_answers_count(lead, organisation, framework):
    round_ = round_services.open_round(
        membership=membership_for(lead, organisation.slug), title="Counting", is_anonymous=False
    )
    sender, drafter = invite(round_, organisation), invite(round_, organisation)
    send(round_, sender, all_answers(round_))
    response_services.save_answers(drafter, round_.pk, all_answers(round_, flag="yes"))
    data = selectors.results(round_, membership=lead_of(round_))
    assert data["respondent_count"] == 1
    assert dict(data["placement"].aggregates["pattern-d1"].counts) == {"no": 1}
    counts = selectors.round_counts(round_, membership=membership_for(lead, organisation.slug))
    assert (counts.sent, counts.started, counts.invited) == (1, 1, 2)


@pytest.mark.django_db
def test_converting_to_named_uncounts_answers_given_in_confidence(client, lead, organisation, framework, site_pages):
    round_ = round_services.open_round(
        membership=membership_for(lead, organisation.slug), title="Convert", is_anonymous=True
    )
    person = invite(round_, organisation)
    send(round_, person, all_answers(round_))
    round_services.convert_to_named(membership=membership_for(lead, organisation.slug), round_id=round_.pk)
    round_.refresh_from_db()
    assert not round_.is_anonymous and selectors.results(round_, membership=lead_of(round_))["respondent_count"] == 0
    client.force_login(person)
    assert "leads will see what you answered" in client.get(reverse("round_respond", args=[round_.pk])).content.decode()


# ---------------------------------------------------------------- moderation record


@pytest.mark.django_db
def test_moderation_is_a_history_never_overwritten(client, lead, organisation, framework, site_pages):
    round_ = round_services.open_round(
        membership=membership_for(lead, organisation.slug), title="Moderated", is_anonymous=True
    )
    for flag in ("no", "no", "sometimes"):
        send(round_, invite(round_, organisation), all_answers(round_, flag=flag))
    round_ = round_services.close_round(membership=membership_for(lead, organisation.slug), round_id=round_.pk)
    assert selectors.results(round_, membership=lead_of(round_))[
        "provisional"
    ]  # pattern-d1 is flagged and not yet discussed
    results_services.moderate(
        membership=membership_for(lead, organisation.slug),
        round_id=round_.pk,
        statement_key="pattern-d1",
        value="yes",
        reason="Seen in two files",
    )
    results_services.moderate(
        membership=membership_for(lead, organisation.slug),
        round_id=round_.pk,
        statement_key="pattern-d1",
        value="no",
        reason="Checked again: it stopped",
    )
    entries = list(AgreedAnswer.objects.filter(round=round_, statement_key="pattern-d1"))
    assert [(e.value, e.group_value, e.reason) for e in entries] == [
        ("yes", "no", "Seen in two files"),
        ("no", "no", "Checked again: it stopped"),
    ]
    assert all(e.decided_by == lead for e in entries)
    results_services.leave_as_group_said(
        membership=membership_for(lead, organisation.slug),
        round_id=round_.pk,
        statement_key="partnering-d1",
        reason="Discussed",
    )
    data = selectors.results(round_, membership=lead_of(round_))
    assert data["agreed"]["pattern-d1"].reason == "Checked again: it stopped"
    assert data["states"]["pattern-d1"] == "agreed" and data["states"]["partnering-d1"] == "left"
    client.force_login(lead)
    html = client.get(reverse("round_results", args=[organisation.slug, round_.pk])).content.decode()
    assert "Seen in two files" in html and "Checked again: it stopped" in html and "Left as the group said" in html
    moderate = client.get(reverse("round_moderate", args=[organisation.slug, round_.pk, "pattern-d1"]))
    assert "checked" not in moderate.content.decode().split('name="value"')[1].split(">")[0]  # nothing pre-selected
    from quizzes.planning.reports.files import round_csv

    csv_text = round_csv(ReportJob(organisation=organisation, kind="round_csv", round=round_)).decode("utf-8")
    assert "Checked again: it stopped" in csv_text and "agreed_reason" in csv_text


# ---------------------------------------------------------------- who may answer


@pytest.mark.django_db
def test_non_members_are_refused_or_offered_the_leads_join_link(client, lead, organisation, framework, people):
    round_ = round_services.open_round(membership=membership_for(lead, organisation.slug), title="Members only")
    outsider = people["other_org"]
    client.force_login(outsider)
    url = reverse("round_join", args=[round_.link_token])
    refused = client.get(url)
    assert refused.status_code == 403 and "This round is for members" in refused.content.decode()
    assert not RoundInvitation.objects.filter(user=outsider).exists()
    link = JoinLink.objects.create(
        organisation=organisation, token="join-token-x", expires_at=timezone.now() + timedelta(days=3)
    )
    round_services.set_join_link(
        membership=membership_for(lead, organisation.slug), round_id=round_.pk, join_link_id=link.pk
    )
    offered = client.get(url).content.decode()
    assert reverse("use_join_link", args=[link.token]) in offered
    api = APIClient()
    api.force_authenticate(outsider)
    assert api.get(reverse("api_round_results", args=[organisation.slug, round_.pk])).status_code == 404


@pytest.mark.django_db
def test_team_rounds_are_for_team_members_only(lead, organisation, framework):
    team = Team.objects.create(organisation=organisation, name="Early years")
    round_ = round_services.open_round(
        membership=membership_for(lead, organisation.slug), title="Team round", team_id=team.pk
    )
    outsider = member(organisation)
    insider = member(organisation, team)
    with pytest.raises(assessment_errors.NotAMember):
        response_services.join_by_link(outsider, round_.link_token)
    assert response_services.join_by_link(insider, round_.link_token).user == insider
    with pytest.raises(Exception) as error:
        round_services.invite_members(
            membership=membership_for(lead, organisation.slug), round_id=round_.pk, user_ids=[outsider.pk]
        )
    assert "team" in str(error.value)


@pytest.mark.django_db
def test_inviting_emails_once_and_needs_someone(
    client, lead, organisation, framework, site_pages, people, django_capture_on_commit_callbacks
):
    round_ = round_services.open_round(membership=membership_for(lead, organisation.slug), title="Invites")
    person = member(organisation)
    client.force_login(lead)
    url = reverse("round_manage", args=[organisation.slug, round_.pk])
    empty = client.post(url, {"action": "members"})
    assert empty.status_code == 200 and "Choose at least one member" in empty.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "members", "m-everyone": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, {"action": "members", "m-members": [str(person.pk)]})
    assert again.status_code == 200  # already invited: no longer offered, so nobody is chosen
    invited_mail = [m for m in mail.outbox if person.email in m.to]
    assert RoundInvitation.objects.filter(round=round_, user=person).count() == 1
    assert len(invited_mail) == 1 and invited_mail[0].subject == "A colleague has asked for your views"
    assert "S2T Learn" in invited_mail[0].body and "/assessments/invitations/" in invited_mail[0].body


@pytest.mark.django_db
def test_close_page_counts_and_deadline_task(
    client, lead, organisation, framework, site_pages, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    round_ = round_services.open_round(
        membership=membership_for(lead, organisation.slug),
        title="Dated",
        closes_on=today + timedelta(days=2),
        close_on_date=True,
    )
    sender, drafter = invite(round_, organisation), invite(round_, organisation)
    send(round_, sender, all_answers(round_))
    response_services.save_answers(drafter, round_.pk, {"pattern-d1": {"value": "no"}})
    client.force_login(lead)
    page = client.get(reverse("round_close", args=[organisation.slug, round_.pk])).content.decode()
    assert "Started but not sent" in page and "Close anyway" in page and drafter.display_name not in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert round_services.run_round_deadlines(today) == (1, 0)
    with django_capture_on_commit_callbacks(execute=True):
        assert round_services.run_round_deadlines(today) == (0, 0)  # once only
    assert [m.to for m in mail.outbox] == [[drafter.email]]
    assert round_services.run_round_deadlines(today + timedelta(days=2)) == (0, 1)
    round_.refresh_from_db()
    assert not round_.is_open


@pytest.mark.django_db
def test_close_dates_beyond_a_year_are_refused(lead, organisation, framework):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        round_services.open_round(
            membership=membership_for(lead, organisation.slug),
            title="Typo",
            closes_on=timezone.localdate() + timedelta(days=3650),
        )
    assert "within the next year" in str(error.value)


# ---------------------------------------------------------------- plan scope


@pytest.mark.django_db
def test_a_team_round_never_changes_the_organisation_plan(client, lead, organisation, framework, site_pages):
    from tests.quizzes.planning_helpers import closed_round

    team = Team.objects.create(organisation=organisation, name="Early years")
    whole = closed_round(lead, organisation, {"pattern": "competent"}, title="Whole organisation", respondents=3)
    team_round = round_services.open_round(
        membership=membership_for(lead, organisation.slug), title="Team check", team_id=team.pk, is_anonymous=False
    )
    person = invite(team_round, organisation, team)
    send(team_round, person, all_answers(team_round, flag="no", gate="not_met"))
    round_services.close_round(membership=membership_for(lead, organisation.slug), round_id=team_round.pk)
    org_plan = target_selectors.plan_for(membership=membership_for(lead, organisation.slug))
    assert org_plan["latest_round"] == whole and org_plan["team"] is None
    team_plan = target_selectors.plan_for(membership=membership_for(lead, organisation.slug), team_id=team.pk)
    assert team_plan["latest_round"] == team_round
    target_services.set_targets(
        membership=membership_for(lead, organisation.slug), targets={"pattern": 5}, team_id=team.pk
    )
    assert target_selectors.target_levels(membership=membership_for(lead, organisation.slug)) == {}
    assert target_selectors.target_levels(membership=membership_for(lead, organisation.slug), team=team) == {
        "pattern": 5
    }
    # Another scope's round cannot be picked for "now".
    from django.http import Http404

    with pytest.raises(Http404):
        target_selectors.plan_for(
            membership=membership_for(lead, organisation.slug), team_id=None, round_id=team_round.pk
        )
    client.force_login(lead)
    html = client.get(reverse("planning_plan", args=[organisation.slug])).content.decode()
    assert "Whole organisation" in html and "Team check" not in html
    results = client.get(reverse("round_results", args=[organisation.slug, team_round.pk])).content.decode()
    assert f"?team={team.pk}" in results and "Early years team" in results


@pytest.mark.django_db
def test_the_plan_pdf_is_for_its_own_scope_and_round(
    client, lead, people, organisation, framework, site_pages, django_capture_on_commit_callbacks
):
    """A team's plan PDF reads that team's round and items; the organisation's reads neither."""
    from django.core.exceptions import ValidationError

    from quizzes.models import ActionItem
    from tests.quizzes.planning_helpers import closed_round

    team = Team.objects.create(organisation=organisation, name="Early years")
    whole = closed_round(lead, organisation, {"pattern": "competent"}, title="Whole organisation", respondents=3)
    team_round = round_services.open_round(
        membership=membership_for(lead, organisation.slug), title="Team check", team_id=team.pk, is_anonymous=False
    )
    send(team_round, invite(team_round, organisation, team), all_answers(team_round, flag="no", gate="not_met"))
    round_services.close_round(membership=membership_for(lead, organisation.slug), round_id=team_round.pk)
    ActionItem.objects.create(organisation=organisation, team=team, outcome="Team-only step", action="Do it")
    ActionItem.objects.create(organisation=organisation, outcome="Organisation-wide step", action="Do it")

    team_job = ReportJob(organisation=organisation, kind="plan_pdf", team=team, round=team_round, requested_by=lead)
    team_context = report_selectors.plan_report_context(job=team_job)
    assert team_context["latest_round"] == team_round and team_context["team"] == team
    assert [i.outcome for i in team_context["open_items"]] == ["Team-only step"]
    org_job = ReportJob(organisation=organisation, kind="plan_pdf", requested_by=lead)
    org_context = report_selectors.plan_report_context(job=org_job)
    assert org_context["latest_round"] == whole
    assert [i.outcome for i in org_context["open_items"]] == ["Organisation-wide step"]
    # The plan is read through the requester's membership: a job asked for by someone not (or no longer) a
    # member of the organisation reads nothing, and nor does another organisation's member.
    outsider = people["other_org"]
    with pytest.raises(NotFound):
        report_selectors.plan_report_context(
            job=ReportJob(organisation=organisation, kind="plan_pdf", requested_by=outsider)
        )
    with pytest.raises(NotFound):
        shared.placements_for(
            membership=membership_for(outsider, outsider.memberships.get().organisation.slug), rounds=[whole]
        )

    # The plan page's button carries its scope and round, and the job is made for them.
    client.force_login(lead)
    plan_url = reverse("planning_plan", args=[organisation.slug]) + f"?team={team.pk}"
    page = client.get(plan_url).content.decode()
    assert f'name="team" value="{team.pk}"' in page and f'name="round" value="{team_round.pk}"' in page
    assert "Make a PDF of the Early years team's action plan" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("planning_reports", args=[organisation.slug]),
            {"kind": "plan_pdf", "team": team.pk, "round": team_round.pk},
        )
    job = ReportJob.objects.get(kind="plan_pdf")
    assert response["Location"] == reverse("planning_report", args=[organisation.slug, job.pk])
    assert job.team == team and job.round == team_round and job.status == "done"
    assert job.filename.startswith(f"{organisation.slug}-early-years-action-plan-")
    assert bytes(job.content).startswith(b"%PDF")

    # Another scope's round, or another organisation's team, is refused, page and API alike.
    with pytest.raises(ValidationError):
        report_services.request_report(
            membership=membership_for(lead, organisation.slug), kind="plan_pdf", round_id=whole.pk, team_id=team.pk
        )
    api = APIClient()
    api.force_authenticate(lead)
    url = reverse("api_reports", args=[organisation.slug])
    refused = api.post(url, {"kind": "plan_pdf", "team": team.pk, "round": whole.pk}, format="json")
    assert refused.status_code == 400
    other_team = Team.objects.create(organisation=people["other_org"].memberships.get().organisation, name="Theirs")
    assert api.post(url, {"kind": "plan_pdf", "team": other_team.pk}, format="json").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        made = api.post(url, {"kind": "plan_pdf", "team": team.pk}, format="json")
    assert made.status_code == 202 and made.json()["team"] == team.pk
    # A learner may not ask for it; another organisation's lead gets 404.
    api.force_authenticate(people["learner"])
    assert api.post(url, {"kind": "plan_pdf", "team": team.pk}, format="json").status_code == 403
    api.force_authenticate(people["other_org"])
    assert api.post(url, {"kind": "plan_pdf", "team": team.pk}, format="json").status_code == 404


@pytest.mark.django_db
def test_duplicate_organisation_and_team_names_are_refused(people, organisation):
    from django.core.exceptions import ValidationError

    from s2t_learn import services as org_services

    with pytest.raises(ValidationError) as error:
        org_services.create_organisation(people["learner"], organisation.name.upper())
    assert "already exists" in str(error.value)
    org_services.create_team("Early Years", membership=membership_for(people["org_admin"], organisation.slug))
    with pytest.raises(ValidationError) as error:
        org_services.create_team("early years", membership=membership_for(people["org_admin"], organisation.slug))
    assert "already has a team" in str(error.value)


@pytest.mark.django_db
def test_a_closed_rounds_answers_are_read_once_and_moderation_still_shows_at_once(lead, organisation, framework):
    """A closed round's sent answers cannot change, so they are kept in the cache under the moment it closed
    (issue 17: a round of 500 people has tens of thousands); the agreed answers are read afresh each time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    round_ = round_services.open_round(
        membership=membership_for(lead, organisation.slug), title="Kept", is_anonymous=False
    )
    for flag in ("no", "no", "sometimes"):
        send(round_, invite(round_, organisation), all_answers(round_, flag=flag))
    round_ = round_services.close_round(membership=membership_for(lead, organisation.slug), round_id=round_.pk)
    first = selectors.results(round_, membership=lead_of(round_))
    with CaptureQueriesContext(connection) as queries:
        again = selectors.results(round_, membership=lead_of(round_))
    assert not [q for q in queries if 'FROM "quizzes_answer"' in q["sql"]]  # kept, not read again
    assert again["placement"] == first["placement"] and again["spread"] == first["spread"]
    assert dict(again["placement"].aggregates["pattern-d1"].counts) == {"no": 2, "sometimes": 1}
    results_services.moderate(
        membership=membership_for(lead, organisation.slug),
        round_id=round_.pk,
        statement_key="pattern-d1",
        value="yes",
        reason="Seen in two files",
    )
    moderated = selectors.results(round_, membership=lead_of(round_))
    assert moderated["agreed"]["pattern-d1"].value == "yes"

    def pattern_level(data):
        return next(d.level for d in data["placement"].domains if d.domain == "pattern")

    assert pattern_level(first) != ContinuumLevel.DESTRUCTIVE  # "sometimes" by one of three: not the group's
    assert pattern_level(moderated) == ContinuumLevel.DESTRUCTIVE  # the agreed "yes" places it at once
