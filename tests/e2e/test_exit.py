"""The "Exit this page" control leaves with location.replace, so Back never returns to the page
that was exited. The exit URL is the live server's /healthz (set by the demo_site fixture), so
nothing leaves the machine. That the control is on every page, and is the second Tab stop after
the skip link, is checked for each page type in test_pages.py."""

import pytest
from playwright.sync_api import expect


@pytest.fixture
def on_about_page(page, demo_site):
    """Home first, then the about page: the page to leave, with a page before it in history."""
    page.goto(demo_site.url + "/")
    page.goto(demo_site.url + "/about/")
    expect(page.get_by_role("heading", level=1)).to_have_text("About S2T Learn")
    return page


def assert_left_without_history(page, base, history_before):
    expect(page).to_have_url(base + "/healthz")
    # Replaced, not pushed: the history is no longer than before the exit.
    assert page.evaluate("history.length") == history_before
    page.go_back()
    expect(page).to_have_url(base + "/")


def test_exit_button_replaces_the_page_in_history(on_about_page, demo_site):
    page = on_about_page
    history_before = page.evaluate("history.length")
    page.get_by_role("button", name="Exit this page").click()
    assert_left_without_history(page, demo_site.url, history_before)


def test_pressing_shift_three_times_exits(on_about_page, demo_site):
    page = on_about_page
    history_before = page.evaluate("history.length")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    expect(page).to_have_url(demo_site.url + "/about/")
    page.keyboard.press("Shift")
    assert_left_without_history(page, demo_site.url, history_before)


def test_exit_by_keyboard_skip_link_then_exit_button(on_about_page, demo_site):
    page = on_about_page
    history_before = page.evaluate("history.length")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Tab")
    exit_button = page.get_by_role("button", name="Exit this page")
    expect(exit_button).to_be_focused()
    page.keyboard.press("Enter")
    assert_left_without_history(page, demo_site.url, history_before)


def test_exit_control_signed_in_uses_the_site_exit_url(page, demo_site, sign_in):
    sign_in(page, "learner@example.org")
    page.goto(demo_site.url + "/")
    page.goto(demo_site.url + "/profile/")
    history_before = page.evaluate("history.length")
    exit_button = page.get_by_role("button", name="Exit this page")
    expect(exit_button).to_have_attribute("href", demo_site.url + "/healthz")
    exit_button.click()
    assert_left_without_history(page, demo_site.url, history_before)
