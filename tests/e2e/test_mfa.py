"""Two-step sign-in in a real browser: an organisation asks its admins to use it; its admin, sent to set
it up, does so from the profile, changes the organisation's setting, signs out, signs in again with a
code from the authenticator app, makes new recovery codes, and cannot turn it off while it is required.

The app is played by Python: the test reads the setup key shown on the page and computes the codes
with allauth.mfa's own TOTP helpers. After the first `goto`, everything is a click or a keystroke.
Each new page type is scanned with axe (WCAG 2.2 A and AA): zero violations.
"""

import re
import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from .axe import describe, scan
from .conftest import DEMO_PASSWORD

ADMIN = "admin@example.org"
PHONE = {"width": 320, "height": 720}
DESKTOP = {"width": 1280, "height": 800}


def code_from_app(secret, steps_ahead=0):
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD + steps_ahead))


def a_wrong_code(secret):
    accepted = {code_from_app(secret, step) for step in (-2, -1, 0, 1, 2)}
    return next(code for code in ("000000", "123456", "999999") if code not in accepted)


def assert_fits_a_phone(page, label, artifacts):
    page.set_viewport_size(PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=str(artifacts / f"mfa-{label}-320.png"), full_page=True)
    page.set_viewport_size(DESKTOP)
    assert width <= PHONE["width"], f"{label} scrolls sideways at 320 px (scrollWidth {width})"


def assert_no_violations(page, label):
    violations = scan(page)
    assert not violations, describe(violations, f"{label} ({page.url}) ")


def sign_in_by_clicks(page, password=DEMO_PASSWORD):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill(ADMIN)
    page.get_by_label("Password", exact=True).fill(password)
    page.locator("main").get_by_role("button", name="Sign in").click()


def test_an_admin_sets_up_two_step_sign_in_and_signs_in_with_a_code(page, demo_site, artifacts):
    from allauth.mfa.models import Authenticator

    from s2t_learn.models import Organisation

    Organisation.objects.filter(slug="northtown").update(require_mfa_for_admins=True)
    main = page.locator("main")
    nav = page.get_by_role("navigation", name="Main")

    page.goto(demo_site.url + "/")
    sign_in_by_clicks(page)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    # The organisation's admin pages send her to set it up, and say why.
    nav.get_by_role("link", name="Organisations").click()
    main.get_by_role("link", name="Northtown Children and Families Service").click()
    page.get_by_role("navigation", name="Organisation").get_by_role("link", name="Members").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-step sign-in")
    expect(page.get_by_role("status")).to_contain_text("asks its admins to use two-step sign-in")
    expect(page.locator("#exit-this-page")).to_be_visible()
    assert_no_violations(page, "two-step sign-in, off")

    # From the profile, as anyone would.
    nav.get_by_role("link", name="Your profile").click()
    main.get_by_role("link", name="Two-step sign-in").click()
    main.get_by_role("link", name="Set up two-step sign-in").click()

    # Changing how she signs in asks for her password first.
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    assert_no_violations(page, "confirm with password")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    main.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step sign-in")
    expect(main.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    assert_no_violations(page, "set up")
    assert_fits_a_phone(page, "set-up", artifacts)
    secret = page.get_by_label("Setup key").input_value()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)

    # A mistyped code is refused, clearly, and nothing is turned on.
    page.get_by_label("Code from the app").fill(a_wrong_code(secret))
    main.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("alert")).to_contain_text("That code is not right")
    assert_no_violations(page, "set up, wrong code")
    assert not Authenticator.objects.filter(type="totp").exists()
    assert page.get_by_label("Setup key").input_value() == secret  # the same key: nothing to scan again

    page.get_by_label("Code from the app").fill(code_from_app(secret))
    main.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(page.get_by_role("status")).to_contain_text("Two-step sign-in is on")
    assert_no_violations(page, "recovery codes")
    assert_fits_a_phone(page, "recovery-codes", artifacts)
    recovery_codes = page.locator("[data-recovery-code]").all_inner_texts()
    assert len(recovery_codes) == 10
    main.get_by_role("link", name="I have saved my codes").click()
    expect(main).to_contain_text("Two-step sign-in is on.")

    # The admin pages open now.
    nav.get_by_role("link", name="Organisations").click()
    main.get_by_role("link", name="Northtown Children and Families Service").click()
    page.get_by_role("navigation", name="Organisation").get_by_role("link", name="Members").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Members")

    # The organisation's own setting: on, and hers to change.
    page.get_by_role("navigation", name="Organisation").get_by_role("link", name="Settings").click()
    requirement = page.get_by_label("Require two-step sign-in for admins")
    expect(requirement).to_be_checked()
    assert_no_violations(page, "organisation settings")
    requirement.uncheck()
    main.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("status")).to_contain_text("Settings saved")
    assert not Organisation.objects.get(slug="northtown").require_mfa_for_admins
    page.get_by_label("Require two-step sign-in for admins").check()
    main.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("status")).to_contain_text("Settings saved")
    assert Organisation.objects.get(slug="northtown").require_mfa_for_admins

    # Signing in again takes the password and then a code.
    page.get_by_role("button", name="Sign out").click()
    expect(nav.get_by_role("link", name="Sign in")).to_be_visible()
    sign_in_by_clicks(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)  # not signed in yet
    assert_no_violations(page, "enter your code")
    assert_fits_a_phone(page, "enter-code", artifacts)
    page.get_by_label("Code").fill(code_from_app(secret))
    main.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    # Making new recovery codes confirms it is her with the app, and says the old ones stop working.
    nav.get_by_role("link", name="Your profile").click()
    main.get_by_role("link", name="Two-step sign-in").click()
    main.get_by_role("link", name="Make new recovery codes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    main.get_by_role("link", name=re.compile("authenticator app", re.IGNORECASE)).click()
    assert_no_violations(page, "confirm with a code")
    # The code she signed in with is spent; the app's next one is accepted (one step of drift allowed).
    page.get_by_label("Code").fill(code_from_app(secret, steps_ahead=1))
    main.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Make new recovery codes")
    expect(main).to_contain_text("Your old codes will stop working")
    assert_no_violations(page, "make new recovery codes")
    main.get_by_role("button", name="Make new codes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    assert set(page.locator("[data-recovery-code]").all_inner_texts()).isdisjoint(recovery_codes)

    # Her organisation requires it of admins, so she cannot turn it off, and is told why.
    main.get_by_role("link", name="I have saved my codes").click()
    main.get_by_role("link", name="Turn off two-step sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Turn off two-step sign-in")
    expect(page.get_by_role("alert")).to_contain_text("requires it for your role")
    expect(main.get_by_role("button", name="Turn off two-step sign-in")).to_have_count(0)
    assert_no_violations(page, "turn off, refused")
    main.get_by_role("link", name="Back to two-step sign-in").click()
    expect(main).to_contain_text("Two-step sign-in is on.")
    assert Authenticator.objects.filter(type="totp").count() == 1
