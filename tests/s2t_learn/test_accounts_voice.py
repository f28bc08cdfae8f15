"""Accounts in the platform's voice: names not usernames, the site's own name and address in emails,
sentence-case headings, the privacy page linked from sign-up, and My learning after signing in."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.test import RequestFactory, override_settings
from django.urls import reverse

from s2t_learn.adapters import site_url, user_display
from s2t_learn.models import Sector, SiteSettings
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _real_host_allowed(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "learn.northtown.example"]


SIGNUP = {
    "email": "newcomer@example.org",
    "password1": "a-good-long-password-9",
    "password2": "a-good-long-password-9",
    "full_name": "Robin Ash",
    "sector": Sector.EARLY_YEARS,
}


def verified_user(**fields):
    from allauth.account.models import EmailAddress

    user = UserFactory(**fields)
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user


def sign_in(client, user, next_url=None):
    url = reverse("account_login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": user.email, "password": PASSWORD})


def test_signing_in_greets_by_name_never_by_username(client, site_pages):
    user = verified_user(username="internal-7f3a9", full_name="Robin Ash")
    response = sign_in(client, user)
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert texts == ["You are signed in. Welcome back, Robin Ash."]
    assert "internal-7f3a9" not in " ".join(texts)


def test_signing_in_without_a_name_says_nothing_about_the_account(client, site_pages):
    user = verified_user(username="internal-8b2c1", full_name="")
    response = sign_in(client, user)
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["You are signed in."]


def test_user_display_is_a_name_or_email():
    assert user_display(UserFactory.build(username="x-1", full_name="Robin Ash")) == "Robin Ash"
    assert user_display(UserFactory.build(username="x-2", full_name="", email="r@example.org")) == "r@example.org"


def test_after_signing_in_a_learner_lands_on_my_learning(client, site_pages):
    response = sign_in(client, verified_user())
    assert response.status_code == 302 and response["Location"] == reverse("my_learning")


def test_a_next_address_is_respected(client, site_pages):
    response = sign_in(client, verified_user(), next_url=reverse("profile"))
    assert response["Location"] == reverse("profile")


@pytest.mark.parametrize(
    "url_name, heading",
    [
        ("account_login", "Sign in"),
        ("account_signup", "Create an account"),
        ("account_reset_password", "Reset your password"),
    ],
)
def test_headings_are_in_sentence_case(client, site_pages, url_name, heading):
    html = client.get(reverse(url_name)).content.decode()
    h1 = re.search(r"<h1[^>]*>\s*(.*?)\s*</h1>", html, re.S).group(1)
    assert h1 == heading
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert " ".join(title.split()).startswith(f"{heading} –")


def test_sign_up_links_privacy_and_safety_and_names_autocomplete(client, site_pages):
    html = client.get(reverse("account_signup")).content.decode()
    assert 'href="/privacy/"' in html
    assert 'href="/using-this-site-safely/"' in html
    name_input = re.search(r'<input[^>]*name="full_name"[^>]*>', html).group(0)
    assert 'autocomplete="name"' in name_input


def test_the_profile_name_field_autocompletes_a_name(client, site_pages):
    client.force_login(UserFactory())
    html = client.get(reverse("profile")).content.decode()
    assert 'autocomplete="name"' in re.search(r'<input[^>]*name="full_name"[^>]*>', html).group(0)


def test_the_error_summary_names_the_field(client, site_pages):
    response = client.post(reverse("account_signup"), {**SIGNUP, "full_name": ""})
    html = response.content.decode()
    summary = html[html.index('class="govuk-error-summary"') :]
    summary = summary[: summary.index("</div>")]
    assert re.search(r'<a href="#id_full_name">Your name: [^<]+</a>', summary)


def test_the_confirmation_email_names_the_site_and_its_real_address(client, site_pages):
    SiteSettings.objects.update(site_name="Northtown Learning")
    client.post(reverse("account_signup"), SIGNUP, HTTP_HOST="learn.northtown.example")
    body = mail.outbox[-1].body
    assert "Northtown Learning" in body
    assert "http://learn.northtown.example" in body
    assert "127.0.0.1" not in body and "localhost" not in body
    assert mail.outbox[-1].subject == "Confirm your email address"


@override_settings(SITE_URL="https://learn.example.org")
def test_a_configured_site_url_is_the_address_emails_name(client, site_pages):
    client.post(reverse("account_signup"), SIGNUP)
    assert "https://learn.example.org" in mail.outbox[-1].body


def test_the_password_reset_email_never_shows_the_username(client, site_pages):
    user = verified_user(username="internal-5d6e7")
    client.post(reverse("account_reset_password"), {"email": user.email}, HTTP_HOST="learn.northtown.example")
    message = mail.outbox[-1]
    assert "internal-5d6e7" not in message.body
    assert "http://learn.northtown.example/accounts/password/reset/key/" in message.body
    assert message.subject == "Reset your password"


@pytest.mark.parametrize(
    "configured, host, expected",
    [
        ("https://learn.example.org/", "other.example", "https://learn.example.org"),
        ("http://127.0.0.1:8000", "learn.example.org", "http://learn.example.org"),
        ("", "learn.example.org", "http://learn.example.org"),
        ("http://localhost:8000", None, "http://localhost:8000"),
    ],
)
def test_site_url(settings, configured, host, expected):
    settings.SITE_URL = configured
    settings.ALLOWED_HOSTS = ["*"]
    request = RequestFactory().get("/", HTTP_HOST=host) if host else None
    assert site_url(request) == expected
