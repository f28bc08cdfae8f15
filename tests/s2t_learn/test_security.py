import logging
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

from s2t_learn.logging import RedactTokensFilter

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_strict_headers_on_site_pages(client, site_pages):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_templates_have_no_inline_script_or_style():
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        if "pdf" in path.relative_to(ROOT / "templates").parts:
            continue  # rendered offline by WeasyPrint into PDFs, never served as a page
        text = path.read_text()
        if " style=" in text or "<style" in text or "<script>" in text or "onclick=" in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert not offenders


def test_wagtail_admin_is_outside_the_csp(client, people):
    client.force_login(people["superuser"])
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


def test_healthz(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_readyz_reports_the_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"


def test_readyz_is_503_when_the_broker_is_down(client, settings):
    from tests.reliability.conftest import closed_port

    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/0"  # a real refused connection
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "unavailable"


def test_friendly_503_when_the_database_is_down(client, site_pages):
    def broken(*args, **kwargs):
        raise OperationalError("could not connect")

    with (
        mock.patch("wagtail.views.serve", side_effect=OperationalError("down")),
        mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection", side_effect=broken),
    ):
        response = client.get("/about/")
    html = response.content.decode()
    assert response.status_code == 503
    assert "Sorry, the service is unavailable" in html
    assert 'id="exit-this-page"' in html and "Childline" in html


def test_login_lockout_after_repeated_failures(client, people, site_pages):
    email = people["learner"].email
    codes = [
        client.post(reverse("account_login"), {"login": email, "password": "wrong-password"}).status_code
        for _ in range(5)
    ]
    assert codes == [200, 200, 200, 200, 429]
    locked = client.post(reverse("account_login"), {"login": email, "password": "wrong-password"})
    assert "Sign-in paused" in locked.content.decode()
    client.post(reverse("account_login"), {"login": email, "password": "a-long-test-password-1"})
    assert "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2_in_production():
    from s2t_learn.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert len(base.AUTH_PASSWORD_VALIDATORS) == 4


def test_tokens_are_redacted_from_logs():
    record = logging.LogRecord(
        "django.server", logging.INFO, "", 0, '"GET %s HTTP/1.1" 200', ("/invitations/abc123XYZ/",), None
    )
    RedactTokensFilter().filter(record)
    assert "abc123XYZ" not in record.getMessage()
    assert "/invitations/[redacted]" in record.getMessage()
    record = logging.LogRecord("x", logging.INFO, "", 0, "GET /join/secret-token/?a=1", (), None)
    RedactTokensFilter().filter(record)
    assert "secret-token" not in record.getMessage()


def _manage(*args, env=None):
    """Run manage.py as a deployment would: production settings, no test-only environment."""
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    environment.update({"DJANGO_SETTINGS_MODULE": "s2t_learn.settings.production", **(env or {})})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_secret_key():
    result = _manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "SECRET_KEY": "x" * 30 + "-a-long-random-production-secret-value-123",
            "ALLOWED_HOSTS": "learn.example.org",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_load_demo_is_idempotent_and_creates_demo_people(django_user_model):
    from django.core.management import call_command

    from s2t_learn.models import HomePage, Membership, StandardPage

    call_command("load_demo", verbosity=0)
    counts = (django_user_model.objects.count(), Membership.objects.count(), StandardPage.objects.count())
    call_command("load_demo", verbosity=0)
    assert counts == (django_user_model.objects.count(), Membership.objects.count(), StandardPage.objects.count())
    assert HomePage.objects.count() == 1
    assert django_user_model.objects.filter(email="admin@example.org").exists()


def test_load_demo_never_creates_logins_without_permission(settings, django_user_model):
    from django.core.management import call_command

    settings.DEMO_LOGINS_ALLOWED = False
    call_command("load_demo", verbosity=0)
    assert django_user_model.objects.count() == 0
