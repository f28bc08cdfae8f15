"""Sending work to the broker without ever failing the request that asked for it.

The database row is the truth (an outbox): a job, certificate or email is recorded first, the broker
message is only a nudge. `enqueue` sends after the transaction commits, with a short broker timeout
and no publish retries; if the broker is unreachable it logs (task name and ids only) and calls
`on_failure`, so the row can be marked and a beat sweep sends it later. It never raises.
"""

import logging

from django.db import transaction

logger = logging.getLogger("s2t_learn.queueing")

try:  # the errors a broker outage raises while publishing
    from kombu.exceptions import OperationalError as KombuOperationalError
except ImportError:  # pragma: no cover
    KombuOperationalError = OSError

BROKER_ERRORS = (KombuOperationalError, ConnectionError, OSError, TimeoutError)


def send_now(task, *args):
    """Publish at once. True when the broker took the message (or the task ran eagerly)."""
    try:
        task.apply_async(args=args, retry=False)
    except BROKER_ERRORS:
        logger.warning("Could not queue %s%r: the broker is unreachable; a sweep will retry.", task.name, args)
        return False
    return True


def enqueue(task, *args, on_failure=None, on_success=None):
    """Publish after the surrounding transaction commits (at once outside one)."""

    def send():
        if send_now(task, *args):
            if on_success:
                on_success()
        elif on_failure:
            on_failure()

    transaction.on_commit(send)
