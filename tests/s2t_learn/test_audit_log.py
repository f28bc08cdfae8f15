"""The audit log of admin and lead actions (s2t_learn/audit_log.py): recorded with who and when, read
only by the organisation's own admins, holding no answers and no address, and forgetting deleted accounts."""

import datetime

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from quizzes.assessment.responding import services as response_services
from quizzes.assessment.results import services as results_services
from quizzes.assessment.rounds import services as round_services
from quizzes.planning.reports import services as report_services
from s2t_learn import audit_log, privacy, services
from s2t_learn.models import ApiToken, Membership, Role, TokenScope
from s2t_learn.selectors import membership_for, organisation_activity
from tests.factories import PASSWORD, MembershipFactory
from tests.quizzes.conftest import all_answers, make_framework


def entries_for(organisation):
    """The organisation's log as its admins read it (selectors.organisation_activity), newest first."""
    admin = Membership.objects.filter(organisation=organisation, role=Role.ORG_ADMIN).first()
    return organisation_activity(membership=admin)


def descriptions(organisation):
    return [audit_log.describe(entry) for entry in entries_for(organisation)]


@pytest.fixture
def framework(db):
    return make_framework()


def test_a_role_change_made_on_the_members_page_names_who_made_it(client, people, organisation):
    admin, learner = people["org_admin"], people["learner"]
    membership = Membership.objects.get(user=learner, organisation=organisation)
    client.force_login(admin)
    response = client.post(
        reverse("organisation_member_update", args=[organisation.slug, membership.pk]),
        {f"m{membership.pk}-role": Role.ASSESSMENT_LEAD, f"m{membership.pk}-team": ""},
    )
    assert response.status_code == 302
    entry = entries_for(organisation).first()
    assert entry.actor == admin and entry.remote_addr is None
    assert audit_log.actor_name(entry) == admin.display_name
    assert audit_log.describe(entry) == f"Changed {learner.display_name}'s role from Learner to Assessment lead."
    page = client.get(reverse("organisation_activity", args=[organisation.slug])).content.decode()
    assert f"Changed {learner.display_name}&#x27;s role from Learner to Assessment lead." in page
    assert admin.display_name in page


def test_an_api_action_is_credited_to_the_token_owner(people, organisation):
    admin = people["org_admin"]
    _instance, token = ApiToken.objects.create(user=admin, name="script", scope=TokenScope.READ_WRITE)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    created = api.post(reverse("api_teams", args=[organisation.slug]), {"name": "Health visiting"}, format="json")
    assert created.status_code == 201
    entry = entries_for(organisation).first()
    assert entry.actor == admin and audit_log.describe(entry) == "Added the team Health visiting."
    listed = api.get(reverse("api_activity", args=[organisation.slug])).json()
    first = listed["results"][0]
    assert first["actor"] == admin.display_name and first["action"] == "create" and first["kind"] == "team"
    assert first["description"] == "Added the team Health visiting."


def test_rounds_moderation_exports_and_invitations_are_recorded_in_plain_words(
    people, organisation, framework, django_capture_on_commit_callbacks
):

    lead, admin = people["assessment_lead"], people["org_admin"]
    with set_actor(lead):
        round_ = round_services.open_round(
            membership=membership_for(lead, organisation.slug), title="Spring check", is_anonymous=False
        )
        respondents = [MembershipFactory(organisation=organisation, role=Role.LEARNER).user for _ in range(2)]
        round_services.invite_members(
            membership=membership_for(lead, organisation.slug), round_id=round_.pk, user_ids=[p.pk for p in respondents]
        )
    before_answers = LogEntry.objects.count()
    for person in respondents:
        with set_actor(person):
            response_services.save_answers(person, round_.pk, all_answers(round_, flag="no", gate="met"))
            response_services.submit_response(person, round_.pk)
    # Answering writes nothing to the log: it can never tell who said what.
    assert LogEntry.objects.count() == before_answers
    assert not LogEntry.objects.filter(content_type__model="roundinvitation").exists()
    key = round_.snapshot["domains"][0]["statements"][0]["key"]
    with set_actor(lead):
        round_services.close_round(membership=membership_for(lead, organisation.slug), round_id=round_.pk)
        results_services.moderate(
            membership=membership_for(lead, organisation.slug),
            round_id=round_.pk,
            statement_key=key,
            value="yes",
            reason="Seen at the team meeting.",
        )
        results_services.leave_as_group_said(
            membership=membership_for(lead, organisation.slug),
            round_id=round_.pk,
            statement_key=key,
            reason="On reflection, as they said.",
        )
        with django_capture_on_commit_callbacks(execute=True):
            report_services.request_report(
                membership=membership_for(lead, organisation.slug), kind="round_csv", round_id=round_.pk
            )
    with set_actor(admin):
        invitation = services.create_invitation(
            "new.colleague@example.org", membership=membership_for(admin, organisation.slug)
        )
        services.revoke_invitation(invitation.pk, membership=membership_for(admin, organisation.slug))
    said = descriptions(organisation)
    assert "Opened the named self-assessment round “Spring check”." in said
    assert "Closed the self-assessment round “Spring check”." in said
    agreed = f"Agreed an answer for statement {key} in “Spring check”: Yes (the group's answer was No)."
    assert f"{agreed} Reason: Seen at the team meeting." in said
    assert (
        f"Left statement {key} in “Spring check” as the group answered (No). Reason: On reflection, as they said."
        in said
    )
    assert "Asked for an export: Results data (CSV)." in said
    assert "Invited new.colleague@example.org as Learner." in said
    assert "Revoked the invitation to new.colleague@example.org." in said
    # Newest first, each with its actor.
    assert said[0] == "Revoked the invitation to new.colleague@example.org."
    moderation = entries_for(organisation).filter(content_type__model="agreedanswer")
    assert moderation.count() == 2 and all(e.actor == lead for e in moderation)


def test_only_the_organisations_own_admins_read_its_log(client, people, organisation, other_organisation):
    with set_actor(people["other_org"]):
        services.create_team(
            "Their secret team", membership=membership_for(people["other_org"], other_organisation.slug)
        )
    with set_actor(people["org_admin"]):
        services.create_team("Our team", membership=membership_for(people["org_admin"], organisation.slug))
    url = reverse("organisation_activity", args=[organisation.slug])
    client.force_login(people["org_admin"])
    page = client.get(url).content.decode()
    assert "Added the team Our team." in page and "Their secret team" not in page
    for person, status in [("assessment_lead", 403), ("learner", 403), ("other_org", 404), ("editor", 404)]:
        client.force_login(people[person])
        assert client.get(url).status_code == status
    api = APIClient()
    api.force_authenticate(people["assessment_lead"])
    assert api.get(reverse("api_activity", args=[organisation.slug])).status_code == 403
    api.force_authenticate(people["other_org"])
    assert api.get(reverse("api_activity", args=[organisation.slug])).status_code == 404


def _mentions(text):
    return LogEntry.objects.filter(object_repr__icontains=text).count() + sum(
        text.lower() in str(e.additional_data).lower() or text.lower() in (e.actor_email or "").lower()
        for e in LogEntry.objects.all()
    )


def test_deleting_an_account_takes_the_name_and_email_out_of_the_log(client, people, organisation, other_organisation):
    admin = people["org_admin"]
    leaver = MembershipFactory(organisation=organisation, role=Role.ASSESSMENT_LEAD).user
    with set_actor(people["other_org"]):  # an invitation to the same address, elsewhere
        services.create_invitation(
            leaver.email.upper(), membership=membership_for(people["other_org"], other_organisation.slug)
        )
    name, email = leaver.display_name, leaver.email
    client.force_login(admin)
    membership = Membership.objects.get(user=leaver, organisation=organisation)
    client.post(
        reverse("organisation_member_update", args=[organisation.slug, membership.pk]),
        {f"m{membership.pk}-role": Role.ORG_ADMIN, f"m{membership.pk}-team": ""},
    )
    assert _mentions(name) > 0 and _mentions(email) > 0
    # The person deletes their own account, through the page.
    client.force_login(leaver)
    client.post(reverse("profile_delete"), {"confirm": "on", "password": PASSWORD})
    assert not type(leaver).objects.filter(email=email).exists()
    assert _mentions(name) == 0 and _mentions(email) == 0
    said = descriptions(organisation)
    assert said[0] == "A deleted account no longer belongs to the organisation."
    # What was done to the account is still on the record.
    assert "Changed a deleted account's role from Assessment lead to Organisation admin." in said


def test_an_admin_deleting_someone_acting_in_the_log_leaves_no_name(people, organisation):
    actor = MembershipFactory(organisation=organisation, role=Role.ORG_ADMIN).user
    with set_actor(actor):
        services.create_team("Family support", membership=membership_for(actor, organisation.slug))
    name = actor.display_name
    actor.delete()
    entry = entries_for(organisation).filter(content_type__model="team").get()
    assert entry.actor_id is None and audit_log.actor_name(entry) == "A deleted account"
    assert _mentions(name) == 0


def test_scheduled_actions_are_credited_to_the_platform(people, organisation, framework):
    lead = people["assessment_lead"]
    round_ = round_services.open_round(
        membership=membership_for(lead, organisation.slug), title="Auto close", is_anonymous=False
    )
    round_services.close_round(
        membership=membership_for(lead, organisation.slug), round_id=round_.pk
    )  # no request: a task, a command
    entry = entries_for(organisation).filter(content_type__model="round").first()
    assert audit_log.actor_name(entry) == "The platform"


def test_old_entries_are_purged_after_the_retention_period(people, organisation, settings):
    with set_actor(people["org_admin"]):
        services.create_team("Old team", membership=membership_for(people["org_admin"], organisation.slug))
        services.create_team("New team", membership=membership_for(people["org_admin"], organisation.slug))
    old = entries_for(organisation).get(additional_data__subject="Old team")
    LogEntry.objects.filter(pk=old.pk).update(
        timestamp=timezone.now() - datetime.timedelta(days=settings.AUDIT_LOG_RETENTION_DAYS + 1)
    )
    counts = privacy.purge_expired()
    assert counts["audit_log"] == 1
    teams = [said for said in descriptions(organisation) if "team" in said]
    assert teams == ["Added the team New team."]


def test_the_activity_page_costs_the_same_queries_for_many_entries(
    client, people, organisation, site_pages, django_assert_max_num_queries
):
    admin = people["org_admin"]
    client.force_login(admin)
    url = reverse("organisation_activity", args=[organisation.slug])
    client.get(url)
    with set_actor(admin):
        for n in range(3):
            services.create_team(f"Team {n}", membership=membership_for(admin, organisation.slug))
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
    with set_actor(admin):
        for n in range(3, 60):
            services.create_team(f"Team {n}", membership=membership_for(admin, organisation.slug))
    with django_assert_max_num_queries(10):
        page = client.get(url).content.decode()
    assert "Added the team Team 59." in page and "Next page" in page


def test_every_tracked_model_is_registered_without_answers_or_files():
    from auditlog.registry import auditlog

    from quizzes.models import ReportJob, RoundInvitation

    for tracked in audit_log.TRACKED:
        from django.apps import apps

        assert auditlog.contains(apps.get_model(tracked.label))
    assert not auditlog.contains(RoundInvitation)
    assert "content" not in auditlog.get_model_fields(ReportJob)["include_fields"]


def test_turning_on_two_step_sign_in_for_admins_is_recorded(people, organisation):
    with set_actor(people["org_admin"]):
        organisation.require_mfa_for_admins = True
        organisation.save()
        organisation.require_mfa_for_admins = False
        organisation.save()
    said = descriptions(organisation)
    assert said[:2] == [
        "Stopped requiring two-step sign-in of organisation admins.",
        "Required two-step sign-in of every organisation admin.",
    ]
