"""Privacy rights (issue 16, item 8): download my data; the retention purge."""

import json
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from s2t_learn import services
from s2t_learn.models import Invitation, JoinLink, Role
from s2t_learn.privacy import personal_data, purge_expired
from s2t_learn.selectors import membership_for
from tests.quizzes.conftest import lead_of

# Some of these read the real modules, lessons and quizzes (the opt-in curriculum).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("curriculum")]


def test_download_my_data_holds_everything_about_me_and_nothing_secret(client, people, organisation, site_pages):
    from quizzes.knowledge import services as quiz_services
    from quizzes.models import QuizPage

    learner = people["learner"]
    quiz = QuizPage.objects.first()
    attempt = quiz_services.start_attempt(learner, quiz)
    services.create_api_token(learner, "script", "read")
    client.force_login(learner)
    response = client.get(reverse("profile_my_data"))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    document = json.loads(response.content)
    assert document["account"]["email"] == learner.email and "password" not in document["account"]
    assert [m["organisation_id"] for m in document["s2t_learn.membership"]] == [organisation.pk]
    assert [a["id"] for a in document["quizzes.attempt"]] == [attempt.pk]
    assert document["account.emailaddress"][0]["email"] == learner.email
    tokens = document["s2t_learn.apitoken"]
    assert tokens[0]["name"] == "script" and "digest" not in tokens[0] and "token_key" not in tokens[0]
    assert "Download my data" in client.get(reverse("profile")).content.decode()
    # Another person's rows never appear.
    other = personal_data(people["assessment_lead"])
    assert "quizzes.attempt" not in other


def test_invitations_i_sent_do_not_carry_the_invitees_into_my_data(people, organisation):
    admin = people["org_admin"]
    services.create_invitation(
        "someone.else@example.org", Role.LEARNER, membership=membership_for(admin, organisation.slug)
    )
    assert "someone.else@example.org" not in json.dumps(personal_data(admin), default=str)


def test_the_retention_purge_deletes_only_what_has_expired(people, organisation, settings):
    admin = people["org_admin"]
    now = timezone.now()
    old = now - timedelta(days=settings.PRIVACY_RETENTION_DAYS + 1)
    expired = services.create_invitation("old@example.org", membership=membership_for(admin, organisation.slug))
    current = services.create_invitation("current@example.org", membership=membership_for(admin, organisation.slug))
    Invitation.objects.filter(pk=expired.pk).update(expires_at=old)
    stale_link = services.create_join_link(membership=membership_for(admin, organisation.slug))
    live_link = services.create_join_link(membership=membership_for(admin, organisation.slug))
    JoinLink.objects.filter(pk=stale_link.pk).update(expires_at=old)
    attempt = AccessAttempt.objects.create(username="x@example.org", ip_address="1.2.3.4", failures_since_start=3)
    AccessAttempt.objects.filter(pk=attempt.pk).update(
        attempt_time=now - timedelta(days=settings.SIGNIN_RECORD_RETENTION_DAYS + 1)
    )
    recent = AccessAttempt.objects.create(username="y@example.org", ip_address="1.2.3.4", failures_since_start=1)

    counts = purge_expired()
    assert counts["invitations"] == 1 and counts["join_links"] == 1 and counts["signin_attempts"] == 1
    assert list(Invitation.objects.values_list("pk", flat=True)) == [current.pk]
    assert list(JoinLink.objects.values_list("pk", flat=True)) == [live_link.pk]
    assert list(AccessAttempt.objects.values_list("pk", flat=True)) == [recent.pk]


def test_old_report_files_and_stale_drafts_are_purged(people, organisation, settings):
    from quizzes.knowledge.tasks import purge_stale_quiz_drafts
    from quizzes.models import Attempt, QuizPage, ReportJob
    from quizzes.planning.tasks import purge_old_report_files
    from tests.factories import UserFactory

    old = timezone.now() - timedelta(days=settings.PRIVACY_RETENTION_DAYS + 30)
    done = ReportJob.objects.create(organisation=organisation, kind="plan_pdf", status="done", finished_at=old)
    fresh = ReportJob.objects.create(
        organisation=organisation, kind="plan_pdf", status="done", finished_at=timezone.now()
    )
    quiz = QuizPage.objects.first()
    stale = Attempt.objects.create(user=UserFactory(), quiz=quiz, snapshot=[], pass_mark=80, started_at=old)
    kept = Attempt.objects.create(user=UserFactory(), quiz=quiz, snapshot=[], pass_mark=80)
    assert purge_old_report_files() == 1 and purge_stale_quiz_drafts() == 1
    assert list(ReportJob.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert set(Attempt.objects.values_list("pk", flat=True)) == {kept.pk}
    assert not ReportJob.objects.filter(pk=done.pk).exists() and not Attempt.objects.filter(pk=stale.pk).exists()


def test_the_privacy_page_lists_every_cookie(client, site_pages):
    from s2t_learn.demo_content import PRIVACY

    text = " ".join(str(body) for _kind, body in PRIVACY)
    for name in ("sessionid", "csrftoken"):
        assert name in text
    from django.conf import settings

    assert settings.SESSION_COOKIE_NAME == "sessionid" and settings.CSRF_COOKIE_NAME == "csrftoken"
    assert settings.MESSAGE_STORAGE.endswith("SessionStorage")  # no messages cookie to list


def test_deleting_a_respondent_of_a_closed_round_leaves_its_results_unchanged(
    client, people, organisation, site_pages, curriculum
):
    from quizzes.assessment import selectors as round_selectors
    from quizzes.models import RoundInvitation
    from tests.quizzes.conftest import make_framework
    from tests.quizzes.planning_helpers import closed_round
    from tests.quizzes.test_planning import LEVELS, make_recommendations

    make_framework()
    make_recommendations()
    lead = people["assessment_lead"]
    round_ = closed_round(lead, organisation, LEVELS, respondents=3)
    before = round_selectors.results(round_, membership=lead_of(round_))
    leaver = RoundInvitation.objects.filter(round=round_).first().user
    services.create_invitation(
        "elsewhere@example.org", membership=membership_for(people["org_admin"], organisation.slug)
    )
    Invitation.objects.create(
        organisation=organisation, email=leaver.email, expires_at=timezone.now() + timedelta(days=3)
    )

    client.force_login(leaver)
    page = client.get(reverse("profile_delete"))
    assert page.status_code == 200 and "Delete my account" in page.content.decode()
    refused = client.post(reverse("profile_delete"), {"confirm": "on", "password": "not-my-password"})
    assert refused.status_code == 200 and "Nothing was deleted" in refused.content.decode()
    unconfirmed = client.post(reverse("profile_delete"), {"password": "a-long-test-password-1"})
    assert unconfirmed.status_code == 200
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.filter(pk=leaver.pk).exists()

    done = client.post(reverse("profile_delete"), {"confirm": "on", "password": "a-long-test-password-1"})
    assert done.status_code == 302 and "_auth_user_id" not in client.session
    assert not get_user_model().objects.filter(email=leaver.email).exists()
    assert not Invitation.objects.filter(email__iexact=leaver.email).exists()
    assert Invitation.objects.filter(email="elsewhere@example.org").exists()

    round_.refresh_from_db()
    after = round_selectors.results(round_, membership=lead_of(round_))
    assert after["respondent_count"] == before["respondent_count"] == 3
    assert after["placement"] == before["placement"] and after["spread"] == before["spread"]
    stand_in = RoundInvitation.objects.filter(round=round_, user__is_active=False).get().user
    assert not stand_in.is_active and not stand_in.has_usable_password() and stand_in.full_name == "Former respondent"
