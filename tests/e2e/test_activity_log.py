"""A lead finds the self-assessment from the header and from My learning; an org admin changes a role and
reads it in the organisation's activity log. Reached only by clicking from `/`."""

from playwright.sync_api import expect

from .test_audit import assert_no_violations

ORGANISATION = "Northtown Children and Families Service"


def sign_in(page, base, email):
    page.goto(base + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill("demo-learn-2026")
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Sign out").wait_for()


def test_a_lead_reaches_the_self_assessment_from_the_header_and_my_learning(demo_site, new_page):
    page = new_page()
    sign_in(page, demo_site.url, "lead@example.org")
    header = page.get_by_role("navigation", name="Main")
    header.get_by_role("link", name="Self-assessment").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("self-assessment")
    expect(
        page.get_by_role("navigation", name="Organisation").get_by_role("link", name="Self-assessment")
    ).to_have_attribute("aria-current", "page")
    header.get_by_role("link", name="My learning").click()
    page.get_by_role("link", name=f"Continuum self-assessment for {ORGANISATION}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("self-assessment")
    # A learner has no such link.
    learner = new_page()
    sign_in(learner, demo_site.url, "learner@example.org")
    expect(learner.get_by_role("navigation", name="Main").get_by_role("link", name="Self-assessment")).to_have_count(0)


def test_an_admin_reads_a_role_change_in_the_activity_log(demo_site, new_page):
    from s2t_learn.models import Membership

    page = new_page()
    sign_in(page, demo_site.url, "admin@example.org")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Organisations").click()
    page.get_by_role("link", name=ORGANISATION).first.click()
    tabs = page.get_by_role("navigation", name="Organisation")
    tabs.get_by_role("link", name="Members").click()
    member = Membership.objects.select_related("user").get(user__email="learner@example.org")
    row = page.locator("main tr", has_text=member.user.email)
    row.get_by_label("Role").select_option(label="Assessment lead")
    row.get_by_role("button", name=f"Save {member.user.display_name}").click()
    expect(page.get_by_text("Member updated.")).to_be_visible()
    tabs.get_by_role("link", name="Activity log").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Activity log")
    first = page.locator("main tbody tr").first
    expect(first).to_contain_text(f"Changed {member.user.display_name}'s role from Learner to Assessment lead.")
    expect(first).to_contain_text("Morag Lindsay")
    page.screenshot(path="/tmp/activity-log.png", full_page=True)
    assert_no_violations(page, "activity log")
