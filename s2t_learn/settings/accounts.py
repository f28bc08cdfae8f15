"""Accounts (django-allauth), two-step sign-in (allauth.mfa) and the sign-in lockout (django-axes)."""

import os

# Email is the login, and it must be verified.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "s2t_learn.forms.SignupDetailsForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_ADAPTER = "s2t_learn.adapters.AccountAdapter"
# The client address: REMOTE_ADDR, or behind this many trusted reverse proxies the address the
# outermost one saw (s2t_learn/client_ip.py). Never a raw X-Forwarded-For. Set it to the number of
# proxies in front of gunicorn (1 behind one nginx or load balancer).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# A per-address limit only: a per-account limit would let anyone lock an account from anywhere.
# Axes below locks one account from one client.
ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip"}
ACCOUNT_USER_DISPLAY = "s2t_learn.adapters.user_display"  # a name, never the internal username

# Two-step sign-in (allauth.mfa): an authenticator app (TOTP) and single-use recovery codes. WebAuthn is
# left out: it needs fido2 and its own scripts, and no journey here tests it yet.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "s2t_learn.adapters.MfaAdapter"
# What the authenticator app shows beside the codes; the adapter prefers the site name set in the
# Wagtail site settings, and falls back to this.
MFA_TOTP_ISSUER = "S2T Learn"
# One 30-second step either side, for a phone clock that is a little out (RFC 6238 section 6).
MFA_TOTP_TOLERANCE = 1
# Wrong codes are limited per account too (the password limits above are per address only): whoever
# types codes already has the password.
MFA_FORMS = {
    "authenticate": "s2t_learn.mfa.LimitedAuthenticateForm",
    "reauthenticate": "s2t_learn.mfa.LimitedReauthenticateForm",
    "activate_totp": "s2t_learn.mfa.SetupCodeForm",
}
MFA_CODE_FAILURE_LIMIT = int(os.environ.get("MFA_CODE_FAILURE_LIMIT", "5"))
MFA_CODE_FAILURE_WINDOW_SECONDS = int(os.environ.get("MFA_CODE_FAILURE_WINDOW_SECONDS", str(5 * 60)))

# Login lockout after repeated failures, keyed on the account and the client together, so that
# wrong passwords for one account lock neither another account behind the same address nor the
# same account from elsewhere.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"  # allauth posts `login`
AXES_USERNAME_CALLABLE = "s2t_learn.client_ip.login_username"  # allauth authenticates with `email`
AXES_CLIENT_IP_CALLABLE = "s2t_learn.client_ip.client_ip"
AXES_LOCKOUT_TEMPLATE = "errors/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
