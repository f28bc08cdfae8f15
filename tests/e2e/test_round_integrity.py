"""A self-assessment a manager can stand behind, in a real browser, reached only by clicking from `/`.

A lead opens an anonymous round, invites a team and one more colleague; three colleagues answer (one
stops and resumes in a new browser); while the round is open the lead sees only how many have sent;
the lead closes it, agrees two answers with reasons, sees the reasons on the results and in the PDF
(downloaded through the report link), and opens the organisation's own action plan.
"""

import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import fetch_link

from .axe import describe, scan

ROUND_TITLE = "Autumn 2027 anonymous check"
FIRST_REASON = "Two colleagues described it happening at the last team meeting."
SECOND_REASON = "The file audit found no written safety plan in four of five cases."

CHOOSE_GOOD_ANSWERS_JS = """form => [...form.querySelectorAll('fieldset.statement')].map(fieldset => {
  const radio = fieldset.querySelector('input[type=radio][value=no]')
    || fieldset.querySelector('input[type=radio][value=met]');
  radio.checked = true;
  return radio.id;
}).length"""


def assert_no_violations(page, label):
    violations = scan(page)
    assert not violations, describe(violations, f"{label} ({page.url}) ")


def sign_in_from_home(page, base, email, password="demo-learn-2026"):
    page.goto(base + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Sign out").wait_for()


def open_round_from_my_learning(page):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My learning").click()
    page.get_by_role("link", name=ROUND_TITLE).click()


def answer_areas(page, domain_count, start):
    for position in range(start, domain_count + 1):
        expect(page.get_by_label(f"Area {position} of {domain_count}")).to_be_attached()
        page.locator("form[data-respond]").evaluate(CHOOSE_GOOD_ANSWERS_JS)
        last = position == domain_count
        page.get_by_role("button", name="Save and review" if last else "Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check and send your answers")


def send(page):
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")


def test_anonymous_round_invite_answer_close_moderate_report_plan(demo_site, new_page, tmp_path):
    from quizzes.models import AgreedAnswer, Round

    base = demo_site.url
    lead = new_page()
    sign_in_from_home(lead, base, "lead@example.org")
    lead.get_by_role("navigation", name="Main").get_by_role("link", name="Organisations").click()
    lead.get_by_role("link", name="Northtown Children and Families Service").first.click()
    # The lead's tab bar shows only what a lead can open: no admin pages that would answer 403.
    tabs = lead.get_by_role("navigation", name="Organisation")
    expect(tabs.get_by_role("link", name="Members")).to_have_count(0)
    lead.locator("main").get_by_role("link", name="Continuum self-assessment").click()

    lead.get_by_label("Name of this round").fill(ROUND_TITLE)
    lead.get_by_label("Who is it for?").select_option(label="The whole organisation")
    lead.get_by_role("radio", name="Anonymous: nobody sees anyone's individual answers").check()
    lead.locator("main form").get_by_role("button", name="Open round").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text(ROUND_TITLE)
    round_ = Round.objects.get(title=ROUND_TITLE)

    # Invite a whole team (Schools liaison: two people) and one more colleague.
    lead.get_by_label("Or select a team").select_option(label="Schools liaison")
    lead.get_by_role("checkbox", name="Morag Lindsay").check()
    lead.get_by_role("button", name="Invite selected members").click()
    expect(lead.get_by_role("status")).to_contain_text("3 colleagues invited")
    expect(lead.locator("main")).to_contain_text("0 people have sent their answers")
    assert_no_violations(lead, "manage")

    domains = round_.snapshot["domains"]

    # Two colleagues answer everything and send.
    for email in ("learner@example.org", "admin@example.org"):
        person = new_page()
        sign_in_from_home(person, base, email)
        open_round_from_my_learning(person)
        expect(person.locator("main")).to_contain_text("only if at least 3 people have sent their answers")
        answer_areas(person, len(domains), start=1)
        send(person)
        person.context.close()

    # The third answers one area, closes the browser, and resumes in a new one at the next area.
    third = new_page()
    sign_in_from_home(third, base, "nursery@example.org")
    open_round_from_my_learning(third)
    third.locator("form[data-respond]").evaluate(CHOOSE_GOOD_ANSWERS_JS)
    third.get_by_role("button", name="Save and continue").click()
    third.context.close()
    third = new_page()
    sign_in_from_home(third, base, "nursery@example.org")
    open_round_from_my_learning(third)
    expect(third.get_by_role("heading", level=1)).to_have_text(domains[1]["title"])
    expect(third.get_by_role("navigation", name="Areas").locator("li").first).to_contain_text("Done")
    answer_areas(third, len(domains), start=2)
    send(third)

    # While open, the lead sees a count only: no names, no progress, no results.
    lead.reload()
    main = lead.locator("main")
    expect(main).to_contain_text("3 people have sent their answers")
    for name in ("Aisha Rahman", "Sam Okafor", "Morag Lindsay"):
        expect(main).not_to_contain_text(name)

    lead.get_by_role("link", name="Close the round").click()
    expect(lead.get_by_role("heading", level=1)).to_contain_text("Close the round?")
    assert_no_violations(lead, "close")
    lead.get_by_role("button", name="Close the round").click()
    expect(lead.get_by_role("heading", level=2, name="Overall:")).to_have_text("Overall: Proficient")

    # Moderate two statements, each with a reason.
    domain = domains[0]
    flag = next(s for s in domain["statements"] if s["kind"] == "destructive")
    gate = next(s for s in domains[1]["statements"] if s["kind"] == "gate")
    for statement, area_key, answer, reason in (
        (flag, domain["key"], "Yes", FIRST_REASON),
        (gate, domains[1]["key"], "Not met", SECOND_REASON),
    ):
        area = lead.locator(f"#domain-{area_key}")
        area.get_by_role("link", name="Every statement in this area").click()
        expect(lead.get_by_role("heading", level=2, name="Every statement in this area")).to_be_visible()
        if statement is flag:
            assert_no_violations(lead, "an area's statements")
        area.locator(f"#statement-{statement['key']}").get_by_role("link", name="Agree an answer").click()
        expect(lead.locator("main .lead")).to_have_text(statement["text"])
        form = lead.locator("main form")
        expect(form.locator("input[type=radio]:checked")).to_have_count(0)  # nothing pre-selected
        if statement is flag:
            assert_no_violations(lead, "moderate")
        form.get_by_role("radio", name=answer, exact=True).check()
        lead.get_by_label("Why the group agreed this").fill(reason)
        lead.get_by_role("button", name="Record agreed answer").click()
        expect(lead.get_by_role("status")).to_contain_text("Agreed answer recorded")
    assert AgreedAnswer.objects.filter(round=round_).count() == 2

    record = lead.locator("section.moderation-record")
    expect(record).to_contain_text(FIRST_REASON)
    expect(record).to_contain_text(SECOND_REASON)
    expect(lead.get_by_role("heading", level=2, name="Overall:")).to_have_text("Overall: Destructive")
    assert_no_violations(lead, "results")

    # The PDF report, downloaded through the report link, carries both reasons.
    # Made in-process (eager Celery) while the page waits: WeasyPrint can take a while on a busy machine.
    lead.get_by_role("button", name="Make a PDF report").click(timeout=90_000)
    expect(lead.get_by_role("link", name="Download")).to_be_visible()
    content = fetch_link(lead, lead.get_by_role("link", name="Download")).body()
    assert content[:4] == b"%PDF"
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed: cannot read the PDF's text")
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split())
    assert FIRST_REASON in text and SECOND_REASON in text

    # The results page links to its own scope's plan: the organisation's, reading this round.
    lead.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=ROUND_TITLE).click()
    lead.get_by_role("link", name="Open the organisation's action plan").click()
    expect(lead.get_by_role("heading", level=1)).to_contain_text("Action plan")
    expect(lead.locator("main")).to_contain_text("Using the round")
    expect(lead.locator("main")).to_contain_text(ROUND_TITLE)
    assert_no_violations(lead, "plan")
