import socket

import pytest


def closed_port():
    """A loopback port nothing listens on: connecting to it is refused at once."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def broker_down():
    """Point Celery at a closed port, with eager mode off: every publish meets a real refused connection."""
    from s2t_learn.celery import app

    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.broker_url = f"redis://127.0.0.1:{closed_port()}/0"
    app.conf.task_always_eager = False
    app._pool = None
    app.amqp._producer_pool = None
    yield app
    app.conf.update(saved)
    app._pool = None
    app.amqp._producer_pool = None
