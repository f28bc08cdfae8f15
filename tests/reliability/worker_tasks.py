"""A task for the worker-loss test only, loaded into the test's worker with `-I`. It records each
delivery in a file; the first delivery then waits to be killed, a later one finishes."""

import time
from pathlib import Path

from celery import shared_task


@shared_task(acks_late=True, name="tests.reliability.block_on_first_delivery")
def block_on_first_delivery(marker):
    path = Path(marker)
    earlier = path.read_text().splitlines() if path.exists() else []
    with path.open("a") as handle:
        handle.write("start\n")
    if not earlier:
        while True:  # the worker is killed here, as a container restart would kill it
            time.sleep(0.2)
    with path.open("a") as handle:
        handle.write("done\n")
    return "done"
