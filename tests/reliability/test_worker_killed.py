"""The whole worker (main process and pool) killed mid-task, then restarted: the job is delivered again
and completes once (issue 16, item 2). Needs Redis (REDIS_URL); no database access in the task."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (Redis as the Celery broker)"),
]
VISIBILITY_TIMEOUT = 3


def start_worker(queue):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "s2t_learn.settings.test",
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "CELERY_UNACKED_RESTORE_INTERVAL": "1",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "s2t_learn", "worker", "--pool=prefork", "--concurrency=1"]
        + ["--without-gossip", "--without-mingle", "--without-heartbeat", "-Q", queue]
        + ["-I", "tests.reliability.worker_tasks", "--loglevel=WARNING"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, so the kill takes main process and pool
    )


def wait_for(condition, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_a_killed_worker_s_job_is_redelivered_and_done_once(tmp_path, settings):
    from s2t_learn.celery import app

    from .worker_tasks import block_on_first_delivery

    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST and settings.CELERY_TASK_ACKS_LATE
    assert settings.CELERY_VISIBILITY_TIMEOUT > settings.CELERY_TASK_TIME_LIMIT  # production: a few minutes above
    marker = tmp_path / "deliveries.txt"
    queue = f"test-kill-{uuid.uuid4().hex[:8]}"
    first = start_worker(queue)
    second = None
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        result = block_on_first_delivery.apply_async(args=[str(marker)], queue=queue)
        assert wait_for(lambda: marker.exists() and marker.read_text() == "start\n", 90), "first delivery never started"
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
        second = start_worker(queue)
        assert result.get(timeout=90) == "done"
    finally:
        app.conf.task_always_eager = previous
        for worker in (first, second):
            if worker and worker.poll() is None:
                os.killpg(worker.pid, signal.SIGTERM)
                worker.communicate(timeout=30)
    assert marker.read_text().splitlines() == ["start", "start", "done"]
