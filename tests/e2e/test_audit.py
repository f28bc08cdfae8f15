"""A case-file audit end to end in real browsers, reached only by clicking from the home page: a lead
sets up an audit with 6 files in two groups (and is refused a reference that looks like a name, keeping
the form); two readers rate independently and cannot see each other's ratings until both have sent;
they agree the one measure they rated differently; the lead reads the results and the comparison with
the earlier (demo) audit, and downloads the PDF report."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import fetch_link

from .axe import describe, scan
from .test_pages import NARROW, TOO_WIDE_JS, check_exit_control

TITLE = "Case-file audit, spring 2027"
MEASURES = ["risk-assessment", "child-impact", "child-plan", "parent-expectations", "perpetrator-centre"]
FILES = [("F27-01", "Worker trained in the model"), ("F27-02", "Worker trained in the model")]
FILES += [("F27-03", "Worker trained in the model"), ("F27-04", "Worker not trained")]
FILES += [("F27-05", "Worker not trained"), ("F27-06", "Worker not trained")]

RATE_ALL_JS = """(form, [value, reason]) => {
  for (const fieldset of form.querySelectorAll('fieldset.statement')) {
    fieldset.querySelector(`input[type=radio][value=${value}]`).checked = true;
    fieldset.querySelector('textarea').value = reason;
  }
}"""


MARK_CONTROLS_JS = """() => {
  const seen = new Set();
  let n = 0;
  const selector = 'main a[href], main button, main input, main textarea, main select, main summary';
  for (const el of document.querySelectorAll(selector)) {
    if (el.type === 'hidden' || !el.getClientRects().length) continue;
    if (el.type === 'radio') { if (seen.has(el.name)) continue; seen.add(el.name); }
    el.dataset.tabcheck = String(n++);
  }
  return n;
}"""


def narrow_and_keyboard_problems(page):
    """At 320 px: no sideways scroll, the exit control first, and every main control (one per radio group)
    reached with Tab."""
    size = page.viewport_size
    page.set_viewport_size(NARROW)
    problems = []
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROW["width"]:
            problems.append(f"scrolls sideways at 320 px (scrollWidth {width}); too wide: {page.evaluate(TOO_WIDE_JS)}")
        page.evaluate("window.scrollTo(0, 0); document.activeElement && document.activeElement.blur()")
        page.locator("body").focus()
        problems += check_exit_control(page)
        total = page.evaluate(MARK_CONTROLS_JS)
        reached = set()
        for _ in range(total * 2 + 40):
            page.keyboard.press("Tab")
            mark = page.evaluate("document.activeElement && document.activeElement.dataset.tabcheck")
            if mark is not None:
                reached.add(mark)
            if len(reached) == total:
                break
        if len(reached) < total:
            missing = page.evaluate(
                "(r) => [...document.querySelectorAll('[data-tabcheck]')].filter(e => !r.includes(e.dataset.tabcheck))"
                ".map(e => e.outerHTML.slice(0, 80))",
                sorted(reached),
            )
            problems.append(f"not reached with Tab at 320 px: {missing}")
    finally:
        page.set_viewport_size(size)
    return problems


def assert_no_violations(page, label):
    violations = scan(page)
    assert not violations, describe(violations, f"{label} ({page.url}) ")
    problems = narrow_and_keyboard_problems(page)
    assert not problems, f"{label} ({page.url}): " + "; ".join(problems)


def sign_in_from_home(page, base, email):
    page.goto(base + "/")
    page.get_by_role("link", name="Sign in").first.click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill("demo-learn-2026")
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Sign out").wait_for()
    page.get_by_role("link", name="Organisations", exact=True).click()
    page.get_by_role("link", name="Northtown Children and Families Service").first.click()
    page.get_by_role("link", name="Case-file audits").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Case-file audits")


def open_my_files(page):
    page.get_by_role("link", name=re.compile(rf"^My files to read\W+{re.escape(TITLE)}$")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("My files to read")


def rate_file(page, reference, value="fully", differ=None):
    """Open a file from "My files to read", rate every measure `value` (one measure `differ`), and send."""
    page.get_by_role("link", name=f"File {reference}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"File {reference}")
    page.locator("main form").evaluate(RATE_ALL_JS, [value, "Seen clearly in the assessment and plan."])
    if differ:
        key, other = differ
        page.locator(f"#fs-{key}").get_by_role("radio", name={"partially": "Partially met"}[other]).check()
        page.get_by_label("Short reason").nth(MEASURES.index(key)).fill("The plan leans on separation.")
    page.get_by_role("button", name="Send my ratings").click()
    expect(page.get_by_role("status")).to_contain_text("Ratings sent.")
    page.get_by_role("link", name="My files to read", exact=True).click()


def test_case_file_audit_from_set_up_to_pdf(demo_site, new_page):
    from quizzes.models import AgreedRating, Audit, AuditFile, Reading

    base = demo_site.url

    # The lead sets up the audit: two groups, compared by default with the organisation's last audit.
    lead = new_page()
    sign_in_from_home(lead, base, "lead@example.org")
    assert_no_violations(lead, "audit list")
    lead.get_by_label("Name of the audit").fill(TITLE)
    lead.get_by_label("How the files were chosen").fill(
        "Three or more police concern reports in six months, and a completed risk and need assessment."
    )
    lead.get_by_label("Groups to compare, one a line").fill("Worker trained in the model\nWorker not trained")
    lead.get_by_role("button", name="Set up audit").click()
    expect(lead.get_by_role("heading", level=1)).to_contain_text(TITLE)
    audit = Audit.objects.get(title=TITLE)
    assert audit.groups == ["Worker trained in the model", "Worker not trained"]

    for name, background in (("Aisha Rahman", "Education"), ("Sam Okafor", "Early years")):
        lead.get_by_label("Member who will read files").select_option(label=name)
        lead.get_by_label("Their professional background").fill(background)
        lead.get_by_role("button", name="Add reader").click()
        expect(lead.get_by_role("status")).to_contain_text("Reader added.")

    # A reference that looks like a name is refused, with a message, and the rest of the form is kept.
    lead.get_by_label("File reference").fill("Jane Smith")
    lead.get_by_label("Group").select_option("Worker not trained")
    lead.get_by_label("First reader").select_option(label="Aisha Rahman (Education)")
    lead.get_by_label("Second reader").select_option(label="Sam Okafor (Early years)")
    lead.get_by_role("button", name="Add file").click()
    expect(lead.get_by_role("alert")).to_contain_text("must not be a name")
    expect(lead.get_by_label("File reference")).to_have_value("Jane Smith")
    expect(lead.get_by_label("Group")).to_have_value("Worker not trained")
    assert not AuditFile.objects.filter(audit=audit).exists()

    for reference, group in FILES:
        lead.get_by_label("File reference").fill(reference)
        lead.get_by_label("Group").select_option(group)
        lead.get_by_label("First reader").select_option(label="Aisha Rahman (Education)")
        lead.get_by_label("Second reader").select_option(label="Sam Okafor (Early years)")
        lead.get_by_role("button", name="Add file").click()
        expect(lead.get_by_role("status")).to_contain_text("File added")
    expect(lead.get_by_role("region", name="Files in the sample")).to_contain_text("F27-06")
    assert_no_violations(lead, "audit set-up")

    # The first reader rates all six files and sends; the partner's ratings stay hidden.
    first = new_page()
    sign_in_from_home(first, base, "learner@example.org")
    open_my_files(first)
    assert_no_violations(first, "my files")
    first.get_by_role("link", name="File F27-01").click()
    assert_no_violations(first, "reading form")
    first.get_by_role("link", name="My files to read", exact=True).click()
    for reference, _group in FILES:
        rate_file(first, reference)
    first.get_by_role("link", name="File F27-01").click()
    expect(first.locator("main")).to_contain_text("Your partner's ratings will show here once they have sent")
    expect(first.get_by_role("region", name="Ratings for this file")).not_to_contain_text("Your partner's rating")
    expect(first.locator("main")).not_to_contain_text("Set up and progress")  # a reader, not a lead
    first.get_by_role("link", name="My files to read", exact=True).click()

    # The second reader rates on their own, differing on one measure of the first file.
    second = new_page()
    sign_in_from_home(second, base, "nursery@example.org")
    open_my_files(second)
    for n, (reference, _group) in enumerate(FILES):
        rate_file(second, reference, differ=("child-plan", "partially") if n == 0 else None)
    assert Reading.objects.filter(file__audit=audit, sent_at__isnull=False).count() == 12

    # Now both have sent: the first reader sees the partner's ratings and agrees the difference.
    first.reload()
    expect(first.locator("main")).to_contain_text("To agree with your partner")
    first.get_by_role("link", name="File F27-01").click()
    ratings = first.get_by_role("region", name="Ratings for this file")
    expect(ratings).to_contain_text("Your partner's rating")
    expect(ratings).to_contain_text("The plan leans on separation.")
    first.get_by_role("link", name=re.compile(r"^Agree a rating\W+The child's plan meets best practice")).click()
    assert_no_violations(first, "agree a rating")
    first.get_by_role("radio", name="Partially met").check()
    first.get_by_label("Why you agreed this").fill("Read the plan again together: safety rests on separation.")
    first.get_by_role("button", name="Record agreed rating").click()
    expect(first.get_by_role("status")).to_contain_text("Agreed rating recorded.")
    agreed = AgreedRating.objects.get(file__audit=audit, measure_key="child-plan")
    assert agreed.value == "partially" and agreed.agreed_by.email == "learner@example.org"

    # The lead reads the results: 6 files, each group of 3 withheld.
    lead.get_by_role("link", name="Results", exact=True).click()
    expect(lead.get_by_role("heading", level=1)).to_contain_text("What the files show")
    main = lead.locator("main")
    expect(main).to_contain_text("6 of 6 files are complete")
    expect(main).to_contain_text(
        "Assessment of risk and need about domestic abuse: 100% of files fully met best practice"
    )
    expect(main).to_contain_text("The child's plan meets best practice about domestic abuse: 83% of files fully met")
    expect(
        lead.get_by_role("region", name="Assessment of risk and need about domestic abuse", exact=True)
    ).to_contain_text("Withheld: fewer than 5 files")
    expect(main).to_contain_text("Before agreeing, readers gave the same rating on 83% of 6 files.")
    expect(lead.locator("svg.audit-chart").first).to_be_visible()
    assert_no_violations(lead, "audit results")

    # The comparison with the earlier (demo) audit, with its care note.
    lead.get_by_role("link", name="Compare with Case-file audit, autumn 2026").click()
    expect(lead.get_by_role("heading", level=1)).to_contain_text("How practice has changed")
    expect(lead.locator("main")).to_contain_text(
        "Assessment of risk and need about domestic abuse, fully met rose from 23% (Case-file audit, autumn 2026) "
        "to 100% (Case-file audit, spring 2027)."
    )
    expect(lead.locator(".callout")).to_contain_text("The samples differ in size: 30 files, then 6.")
    assert_no_violations(lead, "audit comparison")

    # The PDF report, made by the worker, downloaded from its page.
    lead.get_by_role("link", name="Results", exact=True).click()
    lead.get_by_role("button", name="Make a PDF report").click(timeout=90_000)  # eager worker: made in the request
    download_link = lead.get_by_role("link", name="Download")
    expect(download_link).to_be_visible(timeout=30_000)
    assert fetch_link(lead, download_link).body()[:5] == b"%PDF-"
