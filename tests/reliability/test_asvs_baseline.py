"""ASVS level 2 baseline pieces (issue 16, item 10): no-store on signed-in responses, idle timeout,
expiring API tokens, reset keys kept out of logs, no personal data in cookies."""

import logging
import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from s2t_learn import services
from s2t_learn.logging import RedactTokensFilter
from s2t_learn.middleware import SessionSecurityMiddleware
from s2t_learn.models import ApiToken

pytestmark = pytest.mark.django_db


def test_signed_in_responses_are_never_stored(client, people, site_pages):
    assert "no-store" not in client.get("/").get("Cache-Control", "")
    client.force_login(people["learner"])
    for path in ("/", reverse("profile"), "/api/v1/me/"):
        assert client.get(path)["Cache-Control"] == "no-store, private", path


def _last_seen(client, seconds_ago):
    session = client.session
    session[SessionSecurityMiddleware.LAST_SEEN] = int(time.time()) - seconds_ago
    session.save()


def test_an_idle_session_ends_and_the_admin_s_sooner(client, people, site_pages, settings):
    client.force_login(people["learner"])
    assert client.get(reverse("profile")).status_code == 200
    _last_seen(client, settings.SESSION_IDLE_TIMEOUT - 60)
    assert client.get(reverse("profile")).status_code == 200  # active enough: still signed in
    _last_seen(client, settings.SESSION_IDLE_TIMEOUT + 60)
    assert client.get(reverse("profile")).status_code == 302  # idle too long: signed out
    assert "_auth_user_id" not in client.session

    client.force_login(people["superuser"])
    client.get("/admin/")
    _last_seen(client, settings.SESSION_ADMIN_IDLE_TIMEOUT + 60)
    assert client.get("/admin/").status_code == 302
    assert settings.SESSION_ADMIN_IDLE_TIMEOUT < settings.SESSION_IDLE_TIMEOUT


def test_an_api_tokens_name_and_scope_follow_the_models_rules_every_problem_at_once(people):
    user = people["learner"]
    with pytest.raises(ValidationError) as error:
        services.create_api_token(user, "n" * 101, "everything", valid_days=7)
    problems = error.value.message_dict
    assert "100 characters or fewer" in problems["name"][0]
    assert "read only, or read and write" in problems["scope"][0]
    assert "30, 90, 180 or 365" in problems["valid_days"][0]
    with pytest.raises(ValidationError) as error:
        services.create_api_token(user, "   ", "read")
    assert "Give the token a name" in error.value.message_dict["name"][0]
    assert not ApiToken.objects.filter(user=user).exists()
    instance, _token = services.create_api_token(user, "  nightly report  ", "read_write")
    assert (instance.name, instance.scope) == ("nightly report", "read_write")


def test_api_tokens_expire_after_the_chosen_days(client, people, site_pages):
    user = people["learner"]
    client.force_login(user)
    page = client.post(reverse("profile_token_create"), {"name": "script", "scope": "read", "valid_days": "30"})
    instance = ApiToken.objects.get(user=user)
    assert abs(instance.expiry - (timezone.now() + timedelta(days=30))) < timedelta(minutes=5)
    assert "expires" in page.content.decode()
    _, default_token = services.create_api_token(user, "default", "read")
    default = ApiToken.objects.get(user=user, name="default")
    assert abs(default.expiry - (timezone.now() + timedelta(days=90))) < timedelta(minutes=5)
    with pytest.raises(ValidationError):
        services.create_api_token(user, "forever", "read", valid_days=100000)

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {default_token}")
    assert api.get("/api/v1/me/").status_code == 200
    ApiToken.objects.filter(pk=default.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    assert api.get("/api/v1/me/").status_code == 401


@pytest.mark.parametrize(
    "path",
    ["/accounts/password/reset/key/3-abc-secretkey/", "/accounts/confirm-email/MTp4eXo:secret/"],
)
def test_reset_and_confirmation_keys_are_redacted_from_logs(path):
    record = logging.LogRecord("django.server", logging.INFO, "", 0, '"GET %s HTTP/1.1" 200', (path,), None)
    RedactTokensFilter().filter(record)
    assert "secret" not in record.getMessage() and "[redacted]" in record.getMessage()


def test_no_personal_data_in_cookies(client, people, organisation, site_pages, django_capture_on_commit_callbacks):
    client.force_login(people["org_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("organisation_invitations", args=[organisation.slug]),
            {"email": "someone.new@example.org", "role": "learner"},
        )
    assert "messages" not in response.cookies
    for cookie in response.cookies.values():
        assert "example.org" not in cookie.value
    assert "someone.new@example.org" in client.get(response["Location"]).content.decode()  # still shown, once
