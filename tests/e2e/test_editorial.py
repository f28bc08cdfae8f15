"""An editor changes a recommendation and a lesson, previews and submits both; a moderator approves;
the public site then shows the change. Every step after the home page is a click."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD

NEW_STEP = "Agree one shared way to record his pattern of behaviour"
NEW_LESSON_TITLE = "How the model fits together, in one page"


def admin_sign_in(page, base, email):
    page.goto(base + "/")
    page.locator(".site-footer").get_by_role("link", name="Editors' sign-in").click()
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def admin_sign_out(page):
    page.context.clear_cookies()


@pytest.mark.django_db(transaction=True)
def test_editor_submits_moderator_approves_public_sees_it(page, demo_site, artifacts):
    from modules.models import LessonPage
    from quizzes.models import Recommendation

    base = demo_site.url
    recommendation = Recommendation.objects.order_by("domain_key", "level", "sort_order").first()
    lesson = LessonPage.objects.get(slug="how-the-model-fits-together")
    try:
        admin_sign_in(page, base, "editor@example.org")
        # The recommendation: Snippets > Recommendations > edit, preview, submit.
        page.get_by_role("link", name="Snippets").first.click()
        page.get_by_role("link", name=re.compile("Recommendations")).first.click()
        page.get_by_role("link", name=recommendation.title, exact=True).first.click()
        page.locator("#id_title").fill(NEW_STEP)
        page.locator('[data-side-panel-toggle="preview"]').first.click()
        preview = page.frame_locator("iframe[title='Preview']").last
        expect(preview.get_by_role("heading", level=1)).to_have_text(NEW_STEP, timeout=15000)
        page.locator("footer").get_by_role("button", name="More actions").click()
        page.get_by_role("button", name="Submit to Moderators approval").click()
        expect(page.get_by_text(re.compile("submitted for moderation", re.I)).first).to_be_visible()

        # The lesson: found with the admin search, edited, previewed, submitted.
        page.get_by_role("link", name="Dashboard").first.click()
        page.get_by_placeholder(re.compile("Search all pages")).fill(lesson.title)
        page.keyboard.press("Enter")
        page.get_by_role("link", name=lesson.title, exact=True).first.click()
        page.locator("#id_title").fill(NEW_LESSON_TITLE)
        page.wait_for_load_state("networkidle")
        if not page.locator(".w-preview__iframe").last.is_visible():  # the admin remembers an open panel
            page.locator('button[data-side-panel-toggle="preview"]').click()
        expect(page.locator(".w-preview__iframe").last).to_be_visible()
        page.locator("#id_title").fill(NEW_LESSON_TITLE + " ")  # a change the open preview sees
        page.locator("#id_title").fill(NEW_LESSON_TITLE)
        expect(page.frame_locator("iframe[title='Preview']").last.get_by_role("heading", level=1)).to_have_text(
            NEW_LESSON_TITLE, timeout=15000
        )
        page.locator("footer").get_by_role("button", name="More actions").click()
        page.get_by_role("button", name="Submit to Moderators approval").click()
        expect(page.get_by_text(re.compile("submitted for moderation", re.I)).first).to_be_visible()
        assert Recommendation.objects.get(pk=recommendation.pk).title == recommendation.title  # not live yet

        # The moderator approves both from the dashboard.
        admin_sign_out(page)
        admin_sign_in(page, base, "moderator@example.org")
        rows = page.locator("#awaiting-review tbody tr")
        expect(rows).to_have_count(2)
        for remaining in (1, 0):
            rows.first.get_by_role("button", name="Actions").click()
            rows.first.get_by_role("button", name="Approve", exact=True).click()
            expect(rows).to_have_count(remaining)
        assert Recommendation.objects.get(pk=recommendation.pk).title == NEW_STEP

        # The public lesson shows the change.
        page.goto(base + "/")
        page.get_by_role("link", name="Start learning").click()
        page.get_by_role("link", name="The three principles").first.click()
        page.get_by_role("link", name=NEW_LESSON_TITLE).first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(NEW_LESSON_TITLE)
    except Exception:
        page.screenshot(path=str(artifacts / "editorial-failure.png"), full_page=True)
        raise
