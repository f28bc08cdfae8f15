"""A real Celery worker, started as a subprocess, runs a task sent through Redis against the test database."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (Redis as the Celery broker)"),
]


def database_url():
    db = settings.DATABASES["default"]
    if connection.vendor != "postgresql":
        pytest.skip("the worker round trip runs on PostgreSQL (set DATABASE_URL)")
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_task_round_trips_through_redis_to_a_real_worker():
    from s2t_learn.celery import app
    from s2t_learn.tasks import health_check

    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "s2t_learn.settings.test",
        "DATABASE_URL": database_url(),  # the test database pytest-django created
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "s2t_learn",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-Q",
            queue,
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        result = health_check.apply_async(queue=queue)
        outcome = result.get(timeout=90)
    finally:
        app.conf.task_always_eager = previous
        worker.terminate()
        output, _ = worker.communicate(timeout=30)
    assert outcome == {"ok": True, "database": "postgresql"}, output
    assert result.successful()
