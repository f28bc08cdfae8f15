"""Accounts in the platform's voice: emails name the site and its real address, never a username."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]", "0.0.0.0"}
DEFAULT_SITE_NAME = "S2T Learn"


def site_url(request=None):
    """The site's public address, without a trailing slash.

    A configured SITE_URL wins unless it is a loopback default; then the address the person used
    (the request's host, checked against ALLOWED_HOSTS by Django) is the real one.
    """
    configured = (getattr(settings, "SITE_URL", None) or "").rstrip("/")
    if configured and (request is None or urlsplit(configured).hostname not in LOOPBACK_HOSTS):
        return configured
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return configured


def site_name(request=None):
    """The site name an organisation set in the Wagtail site settings."""
    from wagtail.models import Site

    from s2t_learn.models import SiteSettings

    site = Site.find_for_request(request) if request is not None else None
    site = site or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return DEFAULT_SITE_NAME
    return SiteSettings.for_site(site).site_name or DEFAULT_SITE_NAME


def user_display(user):
    """How allauth names a person anywhere it does: their name or email, never the internal username."""
    return getattr(user, "display_name", None) or user.email


class AccountAdapter(DefaultAccountAdapter):
    def format_email_subject(self, subject):
        # Neutral subjects only: no site name that hints at domestic abuse.
        return subject

    def send_mail(self, template_prefix, email, context):
        request = context.get("request") or allauth_context.request
        name, url = site_name(request), site_url(request)
        context = {
            "site_name": name,
            "site_url": url,
            "current_site": SimpleNamespace(name=name, domain=urlsplit(url).netloc or url),
            **context,
        }
        context.pop("username", None)  # allauth adds it to reset emails; people sign in by email here
        super().send_mail(template_prefix, email, context)
