"""Background jobs: the tasks modules of each part, and what Celery beat runs when. Reminders are
daily and each is sent once; outbox sweeps send what the broker missed; retention purges run at night."""

from celery.schedules import crontab

# Each part of quizzes/ has its own tasks module (autodiscovery finds only an app's top-level tasks.py).
CELERY_IMPORTS = ["quizzes.assessment.tasks", "quizzes.knowledge.tasks", "quizzes.planning.tasks"]
CELERY_BEAT_SCHEDULE = {
    # Outbox sweeps: the rows are the truth, these send what the broker missed.
    "sweep-report-jobs": {"task": "quizzes.planning.tasks.sweep_report_jobs", "schedule": 60.0},
    "sweep-invitation-emails": {"task": "s2t_learn.tasks.sweep_invitation_emails", "schedule": 120.0},
    "sweep-round-invitations": {"task": "quizzes.assessment.tasks.sweep_round_invitations", "schedule": 120.0},
    "sweep-missing-certificates": {"task": "quizzes.knowledge.tasks.sweep_missing_certificates", "schedule": 300.0},
    "overdue-learning-reminders": {
        "task": "quizzes.planning.tasks.send_overdue_learning_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "reassessment-due-reminders": {
        "task": "quizzes.planning.tasks.send_reassessment_reminders",
        "schedule": crontab(hour=7, minute=15),
    },
    "round-deadlines": {
        "task": "quizzes.assessment.tasks.run_round_deadlines",
        "schedule": crontab(hour=6, minute=45),
    },
    "knowledge-follow-up-reminders": {
        "task": "quizzes.knowledge.tasks.send_follow_up_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
}
CELERY_BEAT_SCHEDULE["purge-expired-personal-data"] = {
    "task": "s2t_learn.tasks.purge_expired_personal_data",
    "schedule": crontab(hour=3, minute=0),
}
CELERY_BEAT_SCHEDULE["purge-stale-quiz-drafts"] = {
    "task": "quizzes.knowledge.tasks.purge_stale_quiz_drafts",
    "schedule": crontab(hour=3, minute=10),
}
CELERY_BEAT_SCHEDULE["purge-old-report-files"] = {
    "task": "quizzes.planning.tasks.purge_old_report_files",
    "schedule": crontab(hour=3, minute=15),
}
