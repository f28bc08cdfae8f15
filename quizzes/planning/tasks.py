"""Celery tasks for reports and reminders. Each takes ids (or nothing), acknowledges late and is safe to
run twice: a finished report is left alone, and each reminder is logged so it is sent once."""

from celery import shared_task


@shared_task(acks_late=True)
def make_report(job_id):
    from .reports.services import run_report_job

    return run_report_job(job_id)


@shared_task(acks_late=True)
def send_overdue_learning_reminders():
    from .reports.reminders import send_overdue_assignment_reminders

    return send_overdue_assignment_reminders()


@shared_task(acks_late=True)
def send_reassessment_reminders():
    from .reports.reminders import send_reassessment_reminders as send

    return send()


@shared_task(acks_late=True)
def sweep_report_jobs():
    """Beat task: send report jobs the broker never took and requeue stuck ones."""
    from .reports.services import sweep_report_jobs as sweep

    return sweep()


@shared_task(acks_late=True)
def purge_old_report_files():
    """Beat task: delete finished reports (and their files) past the retention period."""
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    from ..models import ReportJob

    cutoff = timezone.now() - timedelta(days=settings.PRIVACY_RETENTION_DAYS)
    return ReportJob.objects.filter(finished_at__lt=cutoff).delete()[0]
