"""The main journeys, end to end in a real browser: sign up and verify, set up an organisation,
invite a colleague who accepts. Emails come from django.core.mail.outbox (the live server runs in
this process, with the locmem backend)."""

import re

from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory

from .axe import describe, scan


def assert_no_violations(page, label):
    violations = scan(page)
    assert not violations, describe(violations, f"{label} ({page.url}) ")


def test_sign_up_as_early_years_staff_and_verify_by_email(page, demo_site, emailed_link):
    from s2t_learn.models import Sector, User

    base = demo_site.url
    page.goto(base + "/")
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Email").fill("new.starter@example.org")
    page.get_by_label("Your name").fill("Robin Early")
    page.get_by_label("Where do you work?").select_option(label="Early years")
    page.get_by_label("Password", exact=True).fill("a-long-sign-up-password-7")
    page.get_by_label("Password (again)").fill("a-long-sign-up-password-7")
    page.locator("main form").get_by_role("button", name="Sign up").click()

    # Verification is mandatory: not signed in yet, and an email with a confirmation link is sent.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verify")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    page.goto(emailed_link("new.starter@example.org", r"https?://\S+/accounts/confirm-email/[^\s/]+/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Confirm")
    assert_no_violations(page, "confirm-email")
    page.locator("main").get_by_role("button", name="Confirm").click()

    # Confirming signs the new person in.
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.goto(base + "/profile/")
    expect(page.locator("main")).to_contain_text("new.starter@example.org")
    user = User.objects.get(email="new.starter@example.org")
    assert user.full_name == "Robin Early"
    assert user.sector == Sector.EARLY_YEARS
    assert user.emailaddress_set.get().verified


def test_new_user_sets_up_an_organisation_and_becomes_its_admin(page, demo_site, sign_in):
    from s2t_learn.models import Membership, Role

    user = UserFactory(email="founder@example.org", full_name="Fran Founder")
    sign_in(page, user.email, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Organisations").click()
    page.locator("main").get_by_role("link", name="Set up an organisation").click()
    page.get_by_label("Organisation name").fill("Hillside Nursery")
    page.locator("main form").get_by_role("button", name="Set up organisation").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Hillside Nursery")
    expect(page.get_by_role("status")).to_contain_text("You are its admin")
    membership = Membership.objects.get(user=user)
    assert membership.organisation.name == "Hillside Nursery"
    assert membership.role == Role.ORG_ADMIN

    page.get_by_role("navigation", name="Organisation").get_by_role("link", name="Members").click()
    expect(page.locator("main table")).to_contain_text("founder@example.org")


def test_admin_invites_a_colleague_who_accepts_and_is_listed(demo_site, new_page, sign_in, emailed_link):
    from s2t_learn.models import Membership

    colleague = UserFactory(email="new.colleague@example.org", full_name="Casey Colleague")

    admin = new_page()
    sign_in(admin, "admin@example.org")
    admin.get_by_role("navigation", name="Main").get_by_role("link", name="Organisations").click()
    admin.locator("main").get_by_role("link", name=re.compile("^Northtown")).first.click()
    org_tabs = admin.get_by_role("navigation", name="Organisation")
    org_tabs.get_by_role("link", name="Invitations").click()
    admin.get_by_label("Their email address").fill(colleague.email)
    admin.get_by_label("Role").select_option(label="Learner")
    admin.locator("main form").get_by_role("button", name="Send invitation").click()
    expect(admin.locator("main table")).to_contain_text(colleague.email)

    # The colleague, in their own browser, follows the emailed link, signs in and accepts.
    link = emailed_link(colleague.email, r"https?://\S+/invitations/[^\s/]+/")
    page = new_page()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Join Northtown")
    page.locator("main").get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill(colleague.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(link)
    page.locator("main").get_by_role("button", name="Join organisation").click()
    expect(page.get_by_role("status")).to_contain_text("You have joined Northtown")
    assert Membership.objects.filter(user=colleague, organisation__slug="northtown").exists()

    # The admin now sees them among the members.
    org_tabs.get_by_role("link", name="Members").click()
    expect(admin.locator("main table")).to_contain_text("Casey Colleague")
    expect(admin.locator("main table")).to_contain_text(colleague.email)

    # The invitation worked once: the same link now says so.
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("This invitation has already been used")
