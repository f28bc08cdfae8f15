"""From placement to action in a real browser: a lead assigns recommended learning to a team, builds
an action plan, downloads the PDF report, then runs a second round and sees what changed. After signing
in, every step is a click on a link or button the lead can see."""

import re
from datetime import date, timedelta

from playwright.sync_api import expect

from quizzes.assessment.responding import services as response_services
from tests.e2e.conftest import fetch_link

from .axe import describe, scan

LEAD = "lead@example.org"


def assert_no_violations(page, label):
    violations = scan(page)
    assert not violations, describe(violations, f"{label} ({page.url}) ")


def open_rounds(page):
    """The lead's header link leads to the organisation's self-assessment rounds."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Self-assessment").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("self-assessment")


def open_results(page, title):
    open_rounds(page)
    page.locator("li.row").filter(has_text=title).get_by_role("link", name="Results").click()
    expect(page.get_by_role("heading", name="Next steps")).to_be_visible()


def demo_round(title):
    from quizzes.models import Round

    return Round.objects.get(organisation__slug="northtown", title=title)


def test_assign_plan_report_and_compare(page, demo_site, sign_in):
    from modules.models import ModuleAssignment
    from quizzes.models import ActionItem

    closed = demo_round("Autumn 2026 self-assessment")
    spring = demo_round("Spring 2027 self-assessment")
    assignments_before = ModuleAssignment.objects.filter(team__name="Family support team").count()
    items_before = ActionItem.objects.filter(organisation__slug="northtown").count()
    sign_in(page, LEAD)
    open_results(page, closed.title)

    # Assign the learning of two recommended steps to a team, with a due date.
    due = (date.today() + timedelta(days=60)).isoformat()
    page.get_by_role("link", name="Every next step: what to do, add it to the plan, assign its learning").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Next steps")
    assert_no_violations(page, "next steps")
    for n in range(2):
        page.locator(".step").filter(has=page.get_by_role("link", name="Assign this learning")).nth(n).get_by_role(
            "link", name="Assign this learning"
        ).click()
        form = page.locator("main form")
        form.get_by_label("Who should do this learning?").select_option(label="Family support team")
        form.get_by_label("Due by").fill(due)
        form.get_by_role("button", name="Assign").click()
        expect(page.locator(".govuk-notification-banner").first).to_be_visible()  # back on the next-steps page
    assert ModuleAssignment.objects.filter(team__name="Family support team").count() >= assignments_before + 2
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="My learning"
    ).click()  # the lead is in that team
    expect(page.get_by_role("heading", name="Assigned to you")).to_be_visible()
    expect(page.locator(".module-card").first).to_be_visible()

    # Three action items: two from recommended steps, one written by hand.
    for n in range(2):
        open_results(page, closed.title)
        page.get_by_role("link", name="Every next step: what to do, add it to the plan, assign its learning").click()
        page.locator(".step").nth(n + 2).get_by_role("button", name="Add to the action plan").click()
        expect(page.locator(".govuk-notification-banner").first).to_be_visible()
    open_rounds(page)
    page.get_by_role("link", name="Action plan and targets").click()
    page.get_by_role("link", name="Add an action item").click()
    page.get_by_label("Outcome: how you will know it worked").fill(
        "Plans for children name what the perpetrator must stop doing and how change will be seen."
    )
    page.get_by_label("Action: what will be done").fill("Add a perpetrator-accountability prompt to the plan template.")
    page.get_by_label("Lead person").fill("Practice development lead")
    page.get_by_label("Target date").fill((date.today() + timedelta(days=120)).isoformat())
    page.locator("main form").get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Action plan")).to_be_visible()
    assert ActionItem.objects.filter(organisation__slug="northtown").count() == items_before + 3
    assert_no_violations(page, "plan")

    # The PDF report is made by a background task and downloads from an expiring link.
    open_results(page, closed.title)
    # Made in the request when tasks run in-process: WeasyPrint can take several seconds on a busy machine.
    page.get_by_role("button", name="Make a PDF report").click(timeout=60_000)
    expect(page.get_by_role("link", name="Download")).to_be_visible(timeout=60_000)
    assert fetch_link(page, page.get_by_role("link", name="Download")).body()[:4] == b"%PDF"

    # The second round: colleagues answer, the lead closes it and compares the two.
    from quizzes.models import RoundInvitation

    # An anonymous round's results are released only when at least three people have sent answers.
    for invitation in RoundInvitation.objects.filter(round=spring).select_related("user")[:3]:
        answers = {
            s["key"]: {"value": "no" if s["kind"] == "destructive" else "met"}
            for d in spring.snapshot["domains"]
            for s in d["statements"]
        }
        response_services.save_answers(invitation.user, spring.pk, answers)
        response_services.submit_response(invitation.user, spring.pk)
    open_rounds(page)
    page.locator("li.row").filter(has_text=spring.title).get_by_role("link", name=spring.title).click()
    page.get_by_role("link", name="Close the round").click()
    page.locator("main form").get_by_role("button", name=re.compile("Close (anyway|the round)")).click()
    expect(page.get_by_role("heading", name="Where the service stands")).to_be_visible()
    page.get_by_role("link", name="Compare with the previous round: what changed").click()
    expect(page.get_by_role("heading", name="Each area, before and after")).to_be_visible()
    expect(page.get_by_text("Overall before")).to_be_visible()
    expect(page.get_by_text("Overall after")).to_be_visible()
    expect(page.locator("svg").first).to_be_visible()
    expect(page.locator("table").first).to_be_visible()
    assert_no_violations(page, "compare")
