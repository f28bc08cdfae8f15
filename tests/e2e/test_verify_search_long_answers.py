"""Journeys from the home page, by clicking only: verify a certificate from the footer, search from the
header (on a desktop and at 320 px), and write a long answer with the character count and an autosave
that never claims to have kept text it did not keep."""

import json
import re

from playwright.sync_api import expect

from .axe import describe, scan

LEARNER = "learner@example.org"
NARROW = {"width": 320, "height": 640}
TOO_WIDE_JS = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
  .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''))"""


def assert_no_violations(page, label):
    violations = scan(page)
    assert not violations, describe(violations, f"{label} ({page.url}) ")


def make_certificate(email, module_slug):
    from modules.models import ModulePage
    from quizzes.knowledge import services
    from s2t_learn.models import User

    user = User.objects.get(email=email)
    return services._issue(user, module=ModulePage.objects.get(slug=module_slug))


def test_verify_a_certificate_from_the_footer_typed_in_lower_case_without_dashes(page, demo_site):
    certificate = make_certificate(LEARNER, "three-principles")
    typed = certificate.code.lower().replace("-", "")
    page.goto(demo_site.url + "/")
    page.locator("footer").get_by_role("link", name="Verify a certificate").click()
    expect(page.get_by_role("heading", level=1, name="Verify a certificate")).to_be_visible()
    assert_no_violations(page, "verify form")

    # Nothing typed: the error summary names the field and links to it; focus can go there.
    page.get_by_role("button", name="Check the certificate").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the certificate's code")
    assert_no_violations(page, "verify form with an error")
    summary.get_by_role("link").click()
    expect(page.get_by_label("Certificate code")).to_be_focused()

    page.get_by_label("Certificate code").fill(typed)
    page.get_by_role("button", name="Check the certificate").click()
    expect(page.get_by_text(f"Certificate {certificate.code} is valid.")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("The three principles")
    # Nothing personal unless the learner chose to show their name.
    expect(page.locator(".govuk-summary-list")).to_contain_text("Not shown")
    assert page.url.endswith(f"/certificates/verify/{certificate.code}/")
    assert_no_violations(page, "verified certificate")

    # A code that matches nothing says so, and the form is there to try again.
    page.get_by_label("Certificate code").fill("zzzz zzzz zzzz")
    page.get_by_role("button", name="Check the certificate").click()
    expect(page.get_by_role("heading", name="No certificate has this code")).to_be_visible()
    assert_no_violations(page, "unknown certificate")

    page.set_viewport_size(NARROW)
    assert page.evaluate(TOO_WIDE_JS) == []


def test_search_from_the_header_box(page, demo_site):
    page.goto(demo_site.url + "/")
    header_search = page.get_by_role("search", name="Site search")
    header_search.get_by_label("Search the lessons").fill("coercive control")
    header_search.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=1, name="Search the lessons")).to_be_visible()
    results = page.locator(".search-result")
    expect(results.first).to_be_visible()
    # Each result names its module and shows the matched words, marked.
    for n in range(results.count()):
        result = results.nth(n)
        expect(result.locator(".search-result__module")).to_have_text(re.compile(r"^(Module|Lesson in the module .+)$"))
        expect(result.locator("mark").first).to_be_visible()
    hrefs = [results.nth(n).get_by_role("link").get_attribute("href") for n in range(results.count())]
    assert len(hrefs) == len(set(hrefs)), "a page is listed twice"
    # The header box keeps the query.
    expect(page.get_by_role("search", name="Site search").get_by_label("Search the lessons")).to_have_value(
        "coercive control"
    )
    assert_no_violations(page, "search results")
    first = results.first.get_by_role("link")
    title = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_search_from_the_header_at_320_px(new_page, demo_site):
    page = new_page(viewport=NARROW)
    page.goto(demo_site.url + "/")
    box = page.get_by_role("search", name="Site search").get_by_label("Search the lessons")
    expect(box).to_be_visible()
    bounds = box.bounding_box()
    assert bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= NARROW["width"]
    assert page.evaluate(TOO_WIDE_JS) == []
    box.fill("pattern")
    box.press("Enter")
    expect(page.locator(".search-result").first).to_be_visible()
    assert page.evaluate(TOO_WIDE_JS) == []
    assert_no_violations(page, "search results at 320 px")


def _lesson_with_reflection():
    from modules.models import LessonPage, ModulePage

    module = ModulePage.objects.get(slug="three-principles")
    for lesson in LessonPage.objects.live().child_of(module).order_by("path"):
        block = next((b for b in lesson.body if b.block_type == "reflective_question"), None)
        if block is not None:
            return module, lesson, block.id
    raise AssertionError("no reflective question in the module")


def test_long_answer_count_and_honest_autosave(page, demo_site, sign_in):
    module, lesson, block_id = _lesson_with_reflection()
    sign_in(page, LEARNER)
    page.goto(demo_site.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Learn", exact=True).click()
    page.locator("main").get_by_role("link", name=module.title).first.click()
    page.locator("main").get_by_role("link", name=lesson.title).first.click()
    # A learner's first lesson asks, once, for the "before" ratings; skipping returns to the lesson.
    page.get_by_role("button", name="Skip the ratings").click()
    expect(page.get_by_role("heading", level=1, name=lesson.title)).to_be_visible()

    textarea = page.locator(f"#answer-{block_id}")
    count = page.locator(f"#answer-{block_id}-count")
    status = page.locator(f"#answer-{block_id}-status")
    expect(count).to_have_text("You have 5,000 characters remaining")
    # The count is shown, but screen readers hear the polite live region, not every keystroke.
    assert count.get_attribute("aria-hidden") == "true"
    textarea.fill("")
    textarea.press_sequentially("Hello")
    expect(count).to_have_text("You have 4,995 characters remaining")
    expect(page.locator(f"#answer-{block_id}-count + [aria-live=polite]")).to_have_text(
        "You have 4,995 characters remaining"
    )
    expect(status).to_have_text("Saved.")

    # The server answers 200 but kept something else: autosave must not say "Saved.".
    def tampered(route):
        route.fulfill(status=200, content_type="application/json", body=json.dumps({"text": "something else"}))

    page.route(re.compile(r".*/api/v1/me/answers/.*"), tampered)
    textarea.press_sequentially(" again")
    textarea.blur()
    expect(status).to_have_text(re.compile("^Not saved as you wrote it"))
    page.unroute(re.compile(r".*/api/v1/me/answers/.*"))

    # Over the limit: nothing is cut (the paste stays whole), the count says how many too many,
    # and the refused autosave does not say "Saved.".
    long_text = "x" * 5003
    textarea.fill(long_text)
    expect(count).to_have_text("You have 3 characters too many")
    assert len(textarea.input_value()) == 5003
    textarea.blur()
    expect(status).not_to_have_text("Saved.")
    expect(status).not_to_have_text("Saving…")
    assert_no_violations(page, "lesson with an over-long answer")

    # Saving without autosave: refused with the count, the text shown back whole, ready to shorten.
    page.locator(f"#block-{block_id}, form[action*='{block_id}']").first.get_by_role(
        "button", name="Save my answer"
    ).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("3 characters too long")
    kept = page.get_by_label("Your answer")
    assert kept.input_value() == long_text
    assert_no_violations(page, "answer not saved")
    kept.fill("x" * 4000)
    expect(page.locator("#kept-text-count")).to_have_text("You have 1,000 characters remaining")
    page.get_by_role("button", name="Save my answer").click()
    expect(page.get_by_text("Your answer is saved.")).to_be_visible()

    from modules.models import ReflectiveAnswer

    assert ReflectiveAnswer.objects.get(user__email=LEARNER, block_id=block_id).text == "x" * 4000
