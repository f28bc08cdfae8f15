"""Two-step sign-in (ASVS V2 level 2): who must use it, and where that is enforced. One place.

The rule:
- An organisation can require two-step sign-in for its admins (`Organisation.require_mfa_for_admins`).
  Its admins must then have it set up before they open a page that needs more than a learner's role
  in that organisation (every such page goes through `selectors.membership_for`).
- The site settings can require it for everyone who can use the Wagtail admin (editors, moderators),
  for staff who can use the Django admin, and for superusers (`SiteSettings.require_mfa_for_staff`).
  They must then have it set up before they open /admin/ or /django-admin/.
- "Set up" means an authenticator app: recovery codes alone are only a way back in.

Someone who must but has not is sent to the setup page with the reason; sign-out, the setup pages,
the safety and exit pages and their own learning stay open to them. A person not required costs no
query: the organisation's flag comes with the membership already read, and the staff check runs on
the admin paths only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.http import HttpRequest

    from .models import Membership, Organisation

    Person = AbstractBaseUser | AnonymousUser

# ---------------------------------------------------------------- the rule, over plain facts


@dataclass(frozen=True)
class MfaFacts:
    """What the rule needs to know about a person, and nothing else."""

    is_superuser: bool = False
    is_staff: bool = False
    can_use_wagtail_admin: bool = False
    admin_of_organisation_requiring_mfa: bool = False
    site_requires_mfa_for_staff: bool = False


def mfa_required_by(facts: MfaFacts) -> bool:
    """True when these facts oblige the person to use two-step sign-in."""
    if facts.admin_of_organisation_requiring_mfa:
        return True
    is_site_staff = facts.is_superuser or facts.is_staff or facts.can_use_wagtail_admin
    return facts.site_requires_mfa_for_staff and is_site_staff


def staff_required_by(facts: MfaFacts) -> bool:
    """True when the site settings oblige this person to use two-step sign-in for the admin paths."""
    return mfa_required_by(
        MfaFacts(
            is_superuser=facts.is_superuser,
            is_staff=facts.is_staff,
            can_use_wagtail_admin=facts.can_use_wagtail_admin,
            site_requires_mfa_for_staff=facts.site_requires_mfa_for_staff,
        )
    )


def membership_requires_mfa(*, role: str, minimum_role: str, organisation_requires: bool) -> bool:
    """True when opening a page that needs `minimum_role` obliges this member to have two-step sign-in:
    the organisation requires it of admins, the member is an admin, and the page needs more than a
    learner's role (an admin's account opens every lead page too)."""
    from .models import Role

    return organisation_requires and role == Role.ORG_ADMIN and minimum_role != Role.LEARNER


# ---------------------------------------------------------------- the facts, from the database


def site_requires_mfa_for_staff(request: HttpRequest | None = None) -> bool:
    from wagtail.models import Site

    from .models import SiteSettings

    if request is not None:
        # The layout's cached site settings, cleared when an editor saves them: no query once warm.
        from .templatetags.chrome import cached_chrome

        chrome = cached_chrome(request)
        if chrome is not None and "require_mfa_for_staff" in chrome:
            return bool(chrome["require_mfa_for_staff"])
    site = Site.find_for_request(request) if request is not None else None
    site = site or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return False
    return SiteSettings.for_site(site).require_mfa_for_staff


def facts_for(user: Person, request: HttpRequest | None = None) -> MfaFacts:
    from .models import Membership, Role

    if not user.is_authenticated:
        return MfaFacts()
    return MfaFacts(
        is_superuser=user.is_superuser,
        is_staff=user.is_staff,
        can_use_wagtail_admin=user.has_perm("wagtailadmin.access_admin"),
        admin_of_organisation_requiring_mfa=Membership.objects.filter(
            user=user, role=Role.ORG_ADMIN, organisation__require_mfa_for_admins=True
        ).exists(),
        site_requires_mfa_for_staff=site_requires_mfa_for_staff(request),
    )


def mfa_required(user: Person, request: HttpRequest | None = None) -> bool:
    """Is two-step sign-in required for this person (by any organisation of theirs or by the site)?"""
    return mfa_required_by(facts_for(user, request))


def has_mfa(user: Person) -> bool:
    """True when the person has an authenticator app set up. Remembered on the user for this request."""
    from allauth.mfa.models import Authenticator

    if not user.is_authenticated:
        return False
    cached = getattr(user, "_s2t_has_mfa", None)
    if cached is None:
        cached = user._s2t_has_mfa = Authenticator.objects.filter(
            user_id=user.pk, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
        ).exists()
    return cached


# ---------------------------------------------------------------- enforcement


class MfaSetupRequired(PermissionDenied):
    """Raised where a person must set up two-step sign-in first. Web pages turn it into a redirect to
    the setup page (MfaRequirementMiddleware), the API into a 403 with this message."""

    code = "mfa_required"

    def __init__(self, message=None):
        super().__init__(message or default_reason())


def default_reason() -> str:
    return _("You need to set up two-step sign-in before you can do this.")


def organisation_reason(organisation: Organisation) -> str:
    return _(
        "%(name)s asks its admins to use two-step sign-in. Set it up below, then go back to the "
        "organisation's admin pages. Your own learning is open to you as before."
    ) % {"name": organisation.name}


def staff_reason() -> str:
    return _(
        "This site asks its editors, moderators and administrators to use two-step sign-in. Set it up "
        "below, then go back to the admin. Your own learning is open to you as before."
    )


def check_membership(user: Person, membership: Membership, minimum_role: str) -> None:
    """Called by `selectors.membership_for` once the role is checked."""
    if membership_requires_mfa(
        role=membership.role,
        minimum_role=minimum_role,
        organisation_requires=membership.organisation.require_mfa_for_admins,
    ) and not has_mfa(user):
        raise MfaSetupRequired(organisation_reason(membership.organisation))


def check_may_create_api_token(user: Person) -> None:
    """A person who must use two-step sign-in and has not set it up creates no new API tokens: a token
    would let them (or whoever holds their password) skip the second step."""
    if mfa_required(user) and not has_mfa(user):
        raise MfaSetupRequired(
            _(
                "You need to set up two-step sign-in before you can create an API token, because your "
                "organisation or this site requires it for your role."
            )
        )


ADMIN_LOGIN_PATHS = ("/admin/login/", "/django-admin/login/")
ADMIN_OPEN_PATHS = ("/admin/logout/", "/django-admin/logout/")
ADMIN_PREFIXES = ("/admin/", "/django-admin/")


def setup_redirect(request, reason):
    messages.warning(request, reason)
    return HttpResponseRedirect(reverse("mfa_index"))


class MfaRequirementMiddleware:
    """The admin paths: their own sign-in pages (which would skip the second step) send people to the
    site's sign-in page, and staff who must use two-step sign-in and have not set it up go to the setup
    page. Also turns MfaSetupRequired from any web page into that redirect."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith(ADMIN_LOGIN_PATHS):
            return self._to_site_sign_in(request)
        if path.startswith(ADMIN_PREFIXES) and not path.startswith(ADMIN_OPEN_PATHS):
            user = request.user
            if (
                user.is_authenticated
                and site_requires_mfa_for_staff(request)
                and staff_required_by(facts_for_staff(user, request))
                and not has_mfa(user)
            ):
                return setup_redirect(request, staff_reason())
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, MfaSetupRequired) and not request.path_info.startswith("/api/"):
            return setup_redirect(request, str(exception.args[0]) if exception.args else default_reason())
        return None

    @staticmethod
    def _to_site_sign_in(request):
        target = request.GET.get("next") or request.path_info.rsplit("login/", 1)[0]
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = "/admin/"
        return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': target})}")


def facts_for_staff(user: Person, request: HttpRequest) -> MfaFacts:
    """The staff facts only: the admin paths never need the organisations' flags (one query fewer)."""
    return MfaFacts(
        is_superuser=user.is_superuser,
        is_staff=user.is_staff,
        can_use_wagtail_admin=user.has_perm("wagtailadmin.access_admin"),
        site_requires_mfa_for_staff=site_requires_mfa_for_staff(request),
    )


# ---------------------------------------------------------------- wrong codes, limited per account


def _failures_key(user) -> str:
    return f"s2t-mfa-code-failures:{user.pk}"


class _LimitedCodeMixin:
    """At most MFA_CODE_FAILURE_LIMIT wrong codes per account in MFA_CODE_FAILURE_WINDOW_SECONDS, from
    any address. allauth's own limit here shares the password limit, which is per address only."""

    def clean_code(self):
        key = _failures_key(self.user)
        if (cache.get(key) or 0) >= settings.MFA_CODE_FAILURE_LIMIT:
            minutes = max(1, settings.MFA_CODE_FAILURE_WINDOW_SECONDS // 60)
            raise forms.ValidationError(
                _(
                    "Too many wrong codes. Wait %(minutes)d minutes, then try again with a new code from "
                    "your authenticator app, or with one of your recovery codes."
                )
                % {"minutes": minutes},
                code="too_many_codes",
            )
        try:
            code = super().clean_code()
        except forms.ValidationError:
            if not cache.add(key, 1, timeout=settings.MFA_CODE_FAILURE_WINDOW_SECONDS):
                try:
                    cache.incr(key)
                except ValueError:  # expired between add and incr
                    cache.add(key, 1, timeout=settings.MFA_CODE_FAILURE_WINDOW_SECONDS)
            raise
        cache.delete(key)
        return code


def _code_input(field, label, help_text):
    field.label = label
    field.help_text = help_text
    field.widget.attrs.pop("placeholder", None)
    field.widget.attrs.update(
        {"autocomplete": "one-time-code", "inputmode": "numeric", "class": "input input--code", "spellcheck": "false"}
    )


class _SignInCodeMixin(_LimitedCodeMixin):
    """The code asked for at sign-in and when confirming it is you: an app code or a recovery code."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_input(
            self.fields["code"],
            _("Code"),
            _("The 6-digit code from your authenticator app, or an 8-digit recovery code."),
        )


class LimitedAuthenticateForm(_SignInCodeMixin, AuthenticateForm):
    pass


class LimitedReauthenticateForm(_SignInCodeMixin, ReauthenticateForm):
    pass


class SetupCodeForm(ActivateTOTPForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_input(self.fields["code"], _("Code from the app"), _("The 6 digits the app shows for this account."))
