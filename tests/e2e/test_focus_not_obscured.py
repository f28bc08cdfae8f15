"""WCAG 2.2, 2.4.11 Focus not obscured: the sticky exit bar never covers the element that has focus.

Tabbing backwards is the hard case: the browser scrolls up to each element, and without
scroll-padding it would stop with the element just under the bar. Each test tabs backwards from
the end of a long page and checks every focused element's box against the bar's.
"""

import pytest
from playwright.sync_api import expect

FOCUS_BOX = """() => {
  const el = document.activeElement;
  const bar = document.querySelector('.exit-this-page');
  if (!el || el === document.body) { return null; }
  const r = el.getBoundingClientRect();
  const b = bar.getBoundingClientRect();
  return {
    inBar: bar.contains(el), top: r.top, bottom: r.bottom, barTop: b.top, barBottom: b.bottom,
    what: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' '
      + (el.textContent || el.name || '').trim().slice(0, 40),
    skip: el.classList.contains('skip-link'),
  };
}"""


def tab_backwards_and_check(page, max_steps=400):
    """Shift+Tab from the page's end up to the skip link; returns how many elements were checked."""
    page.keyboard.press("End")
    page.locator(".site-footer a").last.focus()
    checked = 0
    for _ in range(max_steps):
        box = page.evaluate(FOCUS_BOX)
        if box is None or box["skip"]:
            break
        if not box["inBar"]:
            covered = box["top"] < box["barBottom"] - 1 and box["bottom"] > box["barTop"]
            assert not covered, f"{box['what']} is under the exit bar: {box}"
            checked += 1
        page.keyboard.press("Shift+Tab")
    return checked


@pytest.fixture
def short_phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    yield page
    context.close()


def test_tabbing_backwards_through_a_lesson_never_hides_focus(page, demo_site):
    page.set_viewport_size({"width": 1024, "height": 700})
    page.goto(demo_site.url + "/")
    page.get_by_role("link", name="Start learning").click()
    page.get_by_role("link", name="The five critical components").first.click()
    page.locator(".lesson-list a").first.click()
    expect(page.locator("article.lesson h1")).to_be_visible()
    assert tab_backwards_and_check(page) > 20


def test_tabbing_backwards_through_a_quiz_never_hides_focus(page, demo_site, sign_in):
    page.set_viewport_size({"width": 1024, "height": 700})
    sign_in(page, "nursery@example.org")
    page.get_by_role("link", name="S2T Learn").first.click()
    page.get_by_role("link", name="Try a quiz").click()
    page.locator(".card-list a").first.click()
    page.locator("main form").get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_role("button", name="Check and submit")).to_be_visible()
    assert tab_backwards_and_check(page) > 20


def test_an_error_summary_link_lands_below_the_bar(page, demo_site):
    page.set_viewport_size({"width": 1024, "height": 500})
    page.goto(demo_site.url + "/")
    page.get_by_role("link", name="Create an account").first.click()
    page.get_by_label("Email").fill("new.person@example.org")
    page.get_by_label("Your name").fill("Robin Ash")
    page.get_by_label("Where do you work?").select_option(label="Early years")
    page.get_by_label("Password", exact=True).fill("a-long-enough-passphrase")
    page.get_by_label("Password (again)").fill("a-different-passphrase")
    page.locator("main form").get_by_role("button", name="Sign up").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    # Scroll the field away first, then follow the summary's link to it.
    page.locator(".site-footer").scroll_into_view_if_needed()
    summary.get_by_role("link").last.click()
    box = page.evaluate(FOCUS_BOX)
    assert box is not None and not box["inBar"]
    assert box["top"] >= box["barBottom"] - 1, box


def test_on_a_short_screen_the_bar_scrolls_away(page, demo_site):
    page.set_viewport_size({"width": 800, "height": 420})
    page.goto(demo_site.url + "/about/")
    assert page.locator(".exit-this-page").evaluate("el => getComputedStyle(el).position") == "static"
    page.set_viewport_size({"width": 800, "height": 800})
    assert page.locator(".exit-this-page").evaluate("el => getComputedStyle(el).position") == "sticky"
