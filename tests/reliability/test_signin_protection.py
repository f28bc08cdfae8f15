"""Sign-in protection is keyed on the account and the client together (issue 16, item 1)."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from s2t_learn.client_ip import client_ip, login_username

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password-1"
X, Y = "203.0.113.10", "198.51.100.20"


def sign_in(email, password, address, forwarded=None):
    extra = {"REMOTE_ADDR": address}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    client = Client(**extra)
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    return client, response


def signed_in(client):
    return "_auth_user_id" in client.session


def test_wrong_passwords_for_a_from_x_lock_neither_b_from_x_nor_a_from_y(people, site_pages, settings):
    a, b = people["learner"], people["assessment_lead"]
    for _ in range(settings.AXES_FAILURE_LIMIT + 3):
        sign_in(a.email, "wrong-password", X)
    locked_client, locked = sign_in(a.email, PASSWORD, X)
    assert locked.status_code == 429 and not signed_in(locked_client)
    assert "Sign-in paused" in locked.content.decode()

    b_from_x, _ = sign_in(b.email, PASSWORD, X)
    assert signed_in(b_from_x)
    a_from_y, _ = sign_in(a.email, PASSWORD, Y)
    assert signed_in(a_from_y)


def test_a_forged_forwarded_for_header_does_not_escape_the_lock(people, site_pages, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    a = people["learner"]
    for index in range(settings.AXES_FAILURE_LIMIT + 1):
        sign_in(a.email, "wrong-password", X, forwarded=f"10.9.9.{index}")
    client, response = sign_in(a.email, PASSWORD, X, forwarded="10.9.9.200")
    assert response.status_code == 429 and not signed_in(client)


def test_behind_a_trusted_proxy_each_client_is_told_apart(people, site_pages, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    a = people["learner"]
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        sign_in(a.email, "wrong-password", proxy, forwarded=X)
    locked_client, _ = sign_in(a.email, PASSWORD, proxy, forwarded=X)
    assert not signed_in(locked_client)
    # Another client behind the same proxy is not locked out of the same account.
    other_client, _ = sign_in(a.email, PASSWORD, proxy, forwarded=Y)
    assert signed_in(other_client)


def test_the_locked_page_offers_a_password_reset_that_ends_the_pause(people, site_pages, settings, mailoutbox):
    a = people["learner"]
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        _, response = sign_in(a.email, "wrong-password", X)
    html = response.content.decode()
    assert reverse("account_reset_password") in html
    assert 'id="exit-this-page"' in html

    client = Client(REMOTE_ADDR=X)
    client.post(reverse("account_reset_password"), {"email": a.email})
    link = next(line for line in mailoutbox[-1].body.splitlines() if "/password/reset/key/" in line).strip()
    path = link[link.index("/accounts/") :] if "/accounts/" in link else link
    form_page = client.get(path, follow=True)
    new_password = "another-long-password-9"
    client.post(form_page.request["PATH_INFO"], {"password1": new_password, "password2": new_password})
    after, _ = sign_in(a.email, new_password, X)
    assert signed_in(after)


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "1.1.1.1", "9.9.9.9"),
        (0, "", "9.9.9.9"),
        (1, "1.1.1.1", "1.1.1.1"),
        (1, "6.6.6.6, 1.1.1.1", "1.1.1.1"),
        (2, "6.6.6.6, 1.1.1.1, 2.2.2.2", "1.1.1.1"),
        (3, "1.1.1.1", "1.1.1.1"),
        (1, "", "9.9.9.9"),
        (1, " , ", "9.9.9.9"),
    ],
)
def test_client_ip_trusts_only_the_configured_proxies(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="9.9.9.9", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_login_username_reads_allauth_credentials_and_form():
    request = RequestFactory().post("/", {"login": " Someone@Example.org "})
    assert login_username(request, {"email": "A@Example.org", "password": "x"}) == "a@example.org"
    assert login_username(request, None) == "someone@example.org"
    assert login_username(RequestFactory().post("/", {}), None) is None


def test_api_throttle_ignores_a_forged_forwarded_for(settings):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import AnonRateThrottle

    assert api_settings.NUM_PROXIES == settings.TRUSTED_PROXY_COUNT == 0
    request = RequestFactory().get("/api/v1/", REMOTE_ADDR="9.9.9.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert AnonRateThrottle().get_ident(request) == "9.9.9.9"
