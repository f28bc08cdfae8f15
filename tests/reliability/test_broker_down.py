"""Broker down: nothing is lost, no request fails or hangs, and the beat sweeps deliver later (issue 16, item 2).

The broker is a real closed port, not a mock: publishing meets a refused connection."""

import datetime
import time

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from modules.models import ModulePage
from quizzes.models import Certificate, QuizPage, ReportJob
from s2t_learn.models import Invitation
from s2t_learn.selectors import membership_for
from s2t_learn.tasks import sweep_invitation_emails

pytestmark = pytest.mark.django_db


def age(queryset, seconds=3600, field="created_at"):
    queryset.update(**{field: timezone.now() - datetime.timedelta(seconds=seconds)})


def test_a_report_asked_for_while_the_broker_is_down_is_made_later_and_emailed(
    client, people, organisation, site_pages, broker_down, django_capture_on_commit_callbacks, settings
):
    lead = people["assessment_lead"]
    client.force_login(lead)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("planning_reports", args=[organisation.slug]), {"kind": "plan_pdf"})
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert elapsed < 4 * settings.BROKER_TIMEOUT_SECONDS  # no long retry loop holding the request
    job = ReportJob.objects.get()
    assert job.status == "pending" and job.queued_at is None and job.email_when_ready
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "we will email you when it is ready" in page.content.decode()

    # The sweep, while the broker is still down, changes nothing and does not raise.
    from quizzes.planning.reports.services import sweep_report_jobs

    age(ReportJob.objects.all())
    assert sweep_report_jobs() == 0
    assert ReportJob.objects.get().status == "pending"

    # The broker is back (eager in tests): the sweep sends it, the job is made and the lead is emailed.
    broker_down.conf.task_always_eager = True
    assert sweep_report_jobs() == 1
    job.refresh_from_db()
    assert job.status == "done" and job.queued_at is not None
    assert [m.to for m in mail.outbox] == [[lead.email]]
    assert reverse("planning_report", args=[organisation.slug, job.pk]) in mail.outbox[0].body


def test_a_stuck_job_is_requeued_and_a_new_request_starts_a_fresh_one(
    people, organisation, site_pages, settings, django_capture_on_commit_callbacks
):
    from quizzes.planning.reports import services

    lead = people["assessment_lead"]
    stuck = ReportJob.objects.create(organisation=organisation, kind="plan_pdf", requested_by=lead, status="running")
    age(ReportJob.objects.filter(pk=stuck.pk), settings.REPORT_JOB_DEADLINE_SECONDS + 60, "started_at")
    with django_capture_on_commit_callbacks(execute=True):
        fresh = services.request_report(membership=membership_for(lead, organisation.slug), kind="plan_pdf")
    assert fresh.pk != stuck.pk
    fresh.refresh_from_db()
    stuck.refresh_from_db()
    assert stuck.status == "failed" and fresh.status == "done"

    # A job whose worker was lost mid-run, with nobody asking again: the sweep requeues it.
    lost = ReportJob.objects.create(organisation=organisation, kind="plan_pdf", requested_by=lead, status="running")
    age(ReportJob.objects.filter(pk=lost.pk), settings.REPORT_JOB_DEADLINE_SECONDS + 60, "started_at")
    assert services.sweep_report_jobs() == 1
    lost.refresh_from_db()
    assert lost.status == "done" and lost.requeues == 1


def test_a_recent_pending_job_is_returned_not_duplicated(people, organisation, site_pages, broker_down):
    from quizzes.planning.reports import services

    lead = people["assessment_lead"]
    first = services.request_report(membership=membership_for(lead, organisation.slug), kind="plan_pdf")
    assert services.request_report(membership=membership_for(lead, organisation.slug), kind="plan_pdf").pk == first.pk
    assert ReportJob.objects.count() == 1


def test_a_pass_while_the_broker_is_down_gets_its_certificate_from_the_sweep(
    curriculum, broker_down, django_capture_on_commit_callbacks
):
    from quizzes.knowledge.loader import load_quizzes
    from quizzes.knowledge.tasks import sweep_missing_certificates
    from tests.factories import UserFactory
    from tests.quizzes.test_knowledge import complete_lessons, pass_quiz

    load_quizzes()
    quiz = QuizPage.objects.get(url_path__contains="/three-principles/")
    module = ModulePage.objects.get(slug="three-principles")
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        complete_lessons(user, module)
        assert pass_quiz(user, quiz).passed  # no exception reaches the learner
    assert not Certificate.objects.filter(user=user).exists()

    broker_down.conf.task_always_eager = True
    codes = sweep_missing_certificates()
    certificate = Certificate.objects.get(user=user, module=module)
    assert codes == [certificate.code] and certificate.pdf
    assert sweep_missing_certificates() == []  # exactly once


def test_an_invitation_saved_while_the_broker_is_down_is_emailed_by_the_sweep(
    client, people, organisation, site_pages, broker_down, django_capture_on_commit_callbacks
):
    client.force_login(people["org_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("organisation_invitations", args=[organisation.slug]),
            {"email": "new.person@example.org", "role": "learner"},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="new.person@example.org")
    assert invitation.sent_at is None and mail.outbox == []

    age(Invitation.objects.all())
    assert sweep_invitation_emails() == 0  # still down: nothing sent, nothing raised
    broker_down.conf.task_always_eager = True
    assert sweep_invitation_emails() == 1
    invitation.refresh_from_db()
    assert invitation.sent_at and [m.to for m in mail.outbox] == [["new.person@example.org"]]
    assert sweep_invitation_emails() == 0  # sent once
