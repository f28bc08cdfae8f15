"""Accounts in the platform's voice: emails name the site and its real address, never a username."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.utils.translation import gettext_lazy as _

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


class MfaAdapter(DefaultMFAAdapter):
    """Two-step sign-in in the platform's voice, named after the site an organisation set up."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": _(
            "That code is not right. Type the 6-digit code your authenticator app shows now (it changes "
            "every 30 seconds), or one of your recovery codes."
        ),
        "cannot_delete_authenticator": _(
            "You cannot turn off two-step sign-in, because your organisation or this site requires it for your role."
        ),
        "cannot_generate_recovery_codes": _("Set up an authenticator app first, then make recovery codes."),
        "unverified_email": _("Confirm your email address first, then set up two-step sign-in."),
    }

    # Authenticator keys and recovery-code seeds are stored encrypted with a key derived from
    # SECRET_KEY, so a copy of the database alone cannot make codes. Old SECRET_KEYs stay in
    # SECRET_KEY_FALLBACKS after a rotation, or everyone's two-step sign-in stops working.
    ENCRYPTED_PREFIX = "fernet:"

    @staticmethod
    def _fernet():
        import base64
        import hashlib

        from cryptography.fernet import Fernet, MultiFernet

        keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
        return MultiFernet(
            [Fernet(base64.urlsafe_b64encode(hashlib.sha256(f"s2t-learn-mfa:{key}".encode()).digest())) for key in keys]
        )

    def encrypt(self, text):
        return self.ENCRYPTED_PREFIX + self._fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text):
        import logging

        from cryptography.fernet import InvalidToken

        if not encrypted_text.startswith(self.ENCRYPTED_PREFIX):
            return encrypted_text  # stored before encryption was turned on
        try:
            return self._fernet().decrypt(encrypted_text[len(self.ENCRYPTED_PREFIX) :].encode()).decode()
        except InvalidToken:
            import base64
            import secrets

            logging.getLogger("s2t_learn.mfa").error(
                "A two-step sign-in key could not be decrypted: was SECRET_KEY changed without keeping the "
                "old one in SECRET_KEY_FALLBACKS?"
            )
            # Fail closed: a fresh random key that no code matches. An empty or fixed one would let
            # anyone compute the codes.
            return base64.b32encode(secrets.token_bytes(20)).decode()

    def can_delete_authenticator(self, authenticator):
        """Someone who must use two-step sign-in cannot turn it off."""
        from .mfa import mfa_required

        return not mfa_required(authenticator.user, allauth_context.request)

    def get_totp_issuer(self):
        """The site name from the Wagtail site settings; MFA_TOTP_ISSUER when there is no request."""
        request = allauth_context.request
        if request is None:
            return super().get_totp_issuer()
        return site_name(request)
