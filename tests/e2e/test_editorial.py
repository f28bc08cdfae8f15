"""An editor changes a sentence of a lesson and a recommendation, previews and submits both; a moderator
approves both; the public site then shows them. Only the home page is opened by address: every later
step is a click on a visible link or button. Screenshots: /tmp/editorial-*.png."""

import re

from playwright.sync_api import expect

from tests.e2e.axe import describe, scan
from tests.e2e.conftest import DEMO_PASSWORD

LESSON_SLUG = "how-the-model-fits-together"
LESSON_TITLE = "How the model fits together"
MODULE_TITLE = "The three principles"
OLD_SENTENCE = "It is easy to misunderstand what kind of thing it is."
UNCHANGED_WORDS = "a course that families attend"
NEW_SENTENCE = "People often misread what kind of thing the model is."
NEW_STEP = "Agree one shared way to record his pattern of behaviour"
ROUND = "Autumn 2026 self-assessment"


def shot(page, name):
    page.screenshot(path=f"/tmp/editorial-{name}.png", full_page=False)


def first_next_step_key():
    """The first next step the demo's closed round shows its lead."""
    from quizzes.models import Round
    from quizzes.planning.recommendations.selectors import next_steps
    from quizzes.planning.shared import placements_for
    from s2t_learn.models import Membership, Role

    closed = Round.objects.get(organisation__slug="northtown", title=ROUND)
    lead = Membership.objects.select_related("organisation").get(
        organisation=closed.organisation, user__email="lead@example.org", role=Role.ASSESSMENT_LEAD
    )
    placement = placements_for(membership=lead, rounds=[closed])[closed.pk]
    return next_steps(placement, closed.snapshot.get("setting") or "")[0].key


def admin_sign_in(page, email):
    """The admin's sign-in sends people to the site's own (which asks for a second step where one is
    set up); from there, on to the Wagtail dashboard."""
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1).first).to_be_visible()


def replace_sentence(page, editor, old, new):
    """Select the sentence in the rich text editor as a person would (click, Home, Shift+Right) and type."""
    text = editor.locator("[data-block='true']").filter(has_text=old).locator("span[data-text='true']").first
    assert text.inner_text().startswith(old)
    text.click(position={"x": 2, "y": 4})
    page.keyboard.press("Home")
    for _ in range(len(old)):
        page.keyboard.press("Shift+ArrowRight")
    page.keyboard.type(new)


def toggle_preview(page, expanded):
    """Open or close the preview panel. The admin remembers an open panel from page to page, so each
    edit here closes it again before leaving: every edit page then starts with it closed."""
    toggle = page.get_by_role("button", name="Toggle preview")
    expect(toggle).to_have_attribute("aria-expanded", "false" if expanded else "true")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true" if expanded else "false")


# The admin takes its "unchanged" copy of an edit form two seconds after the page loads, and sends the
# preview only changes made after that; it says when with a w-unsaved:watch-edits event. Mark the form
# then, so a test edits only once the admin watches (a person is never that quick).
WATCH_EDITS = """
document.addEventListener("w-unsaved:watch-edits", (event) => {
  event.target.setAttribute("data-test-watching-edits", "");
});
"""


def wait_until_the_admin_watches_edits(page):
    expect(page.locator("form[data-test-watching-edits]")).to_have_count(1)


def preview(page):
    # The admin swaps in a fresh iframe on each refresh: the last one is the current one.
    return page.frame_locator("iframe[title='Preview']").last


def submit_for_moderation(page):
    actions = page.locator("footer").get_by_role("button", name="More actions")
    actions.click()
    expect(page.get_by_role("button", name="Submit to Moderators approval")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Publish"))).to_have_count(0)
    page.get_by_role("button", name="Submit to Moderators approval").click()
    expect(page.get_by_text(re.compile("has been submitted for moderation")).first).to_be_visible()


def test_editor_submits_moderator_approves_public_sees_it(demo_site, new_page):
    base = demo_site.url
    page = new_page()
    page.set_default_timeout(20_000)
    try:
        journey(page, base)
    except Exception:
        shot(page, "failure")
        open("/tmp/editorial-failure.html", "w").write(page.content())
        raise


def journey(page, base):
    from modules.models import LessonPage
    from quizzes.models import Recommendation

    recommendation = Recommendation.objects.get(key=first_next_step_key())
    page.context.add_init_script(WATCH_EDITS)
    page.goto(base + "/")
    page.locator("footer").get_by_role("link", name="Editors' sign-in").click()
    admin_sign_in(page, "editor@example.org")
    shot(page, "01-dashboard")

    # The lesson: found with the dashboard's page search, opened in the editor.
    page.get_by_placeholder(re.compile("Search all pages")).fill(LESSON_TITLE)
    page.keyboard.press("Enter")
    page.get_by_role("link", name=LESSON_TITLE, exact=True).first.click()
    # The rich text box holding the sentence, found by words that stay after the change.
    editor = page.locator(".DraftEditor-root").filter(has_text=UNCHANGED_WORDS)
    expect(editor).to_contain_text(OLD_SENTENCE)
    expect(editor).to_be_visible()
    shot(page, "02-lesson-editor")
    # The preview panel (an iframe from the same origin) shows the lesson, then follows the change
    # before anything is saved.
    toggle_preview(page, expanded=True)
    expect(preview(page).get_by_text(OLD_SENTENCE)).to_be_visible(timeout=30_000)
    wait_until_the_admin_watches_edits(page)
    replace_sentence(page, editor, OLD_SENTENCE, NEW_SENTENCE)
    expect(editor).to_contain_text(NEW_SENTENCE)
    expect(editor).not_to_contain_text(OLD_SENTENCE)
    expect(preview(page).get_by_text(NEW_SENTENCE)).to_be_visible(timeout=30_000)
    expect(preview(page).get_by_text(OLD_SENTENCE)).to_have_count(0)
    expect(preview(page).get_by_role("heading", level=1)).to_have_text(LESSON_TITLE)
    preview(page).get_by_text(NEW_SENTENCE).scroll_into_view_if_needed()
    shot(page, "03-lesson-preview")
    toggle_preview(page, expanded=False)

    # An editor can save and submit, never publish.
    submit_for_moderation(page)
    shot(page, "04-lesson-submitted")
    assert NEW_SENTENCE not in str(LessonPage.objects.get(slug=LESSON_SLUG).body.raw_data)  # the live page is unchanged

    # The recommendation: Snippets > Recommendations, found with the listing's search, edited, previewed.
    page.get_by_role("link", name="Snippets").first.click()
    page.get_by_role("link", name=re.compile("^Recommendations")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Recommendations")
    # 56 steps over three pages: filter by the step's area (the listing has no search box).
    page.get_by_role("button", name="Show filters").click()
    page.get_by_role("button", name=re.compile("Domain key")).click()
    page.get_by_label("Domain key").fill(recommendation.domain_key)
    expect(page.locator("tbody tr")).not_to_have_count(20)
    page.keyboard.press("Escape")
    page.get_by_role("link", name=recommendation.title, exact=True).click()
    toggle_preview(page, expanded=True)
    expect(preview(page).get_by_role("heading", level=1)).to_have_text(recommendation.title, timeout=30_000)
    wait_until_the_admin_watches_edits(page)
    page.get_by_label(re.compile("^Title")).fill(NEW_STEP)
    expect(preview(page).get_by_role("heading", level=1)).to_have_text(NEW_STEP, timeout=30_000)
    shot(page, "05-recommendation-preview")
    toggle_preview(page, expanded=False)
    submit_for_moderation(page)
    shot(page, "06-recommendation-submitted")
    assert Recommendation.objects.get(pk=recommendation.pk).title == recommendation.title  # not live yet

    # The moderator signs in.
    page.get_by_role("button", name=re.compile("editor@example.org")).click()
    page.get_by_role("button", name="Log out").or_(page.get_by_role("link", name="Log out")).first.click()
    admin_sign_in(page, "moderator@example.org")
    # Signed out of the admin, the site's sign-in lands on My learning: the footer leads back to it.
    page.locator("footer").get_by_role("link", name="Editors' sign-in").click()
    review = page.locator("section").filter(has=page.get_by_role("heading", name="Awaiting your review"))
    expect(review).to_be_visible()
    shot(page, "07-moderator-dashboard")

    # The moderator approves both from "Awaiting your review": each row's Actions menu, then Approve.
    for title in (NEW_STEP, LESSON_TITLE):
        row = review.locator("tbody tr").filter(has=page.get_by_role("link", name=title, exact=True))
        row.get_by_role("button", name="Actions").click()
        row.get_by_role("button", name="Approve", exact=True).click()
        # The dashboard reloads without the approved row.
        expect(review.get_by_role("link", name=title, exact=True)).to_have_count(0)
    shot(page, "08-approved")
    assert Recommendation.objects.get(pk=recommendation.pk).title == NEW_STEP
    assert NEW_SENTENCE in str(LessonPage.objects.get(slug=LESSON_SLUG).body.raw_data)

    # Signed out, the public site shows the new sentence in the lesson, reached from the site's menu.
    page.get_by_role("button", name=re.compile("moderator@example.org")).click()
    page.get_by_role("button", name="Log out").or_(page.get_by_role("link", name="Log out")).first.click()
    main_nav = page.get_by_role("navigation", name="Main")
    main_nav.get_by_role("link", name="Learn").click()
    page.get_by_role("link", name=MODULE_TITLE).first.click()
    page.locator("main").get_by_role("link", name=LESSON_TITLE).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(LESSON_TITLE)
    expect(page.get_by_text(NEW_SENTENCE)).to_be_visible()
    expect(page.get_by_text(OLD_SENTENCE)).to_have_count(0)
    page.get_by_text(NEW_SENTENCE).scroll_into_view_if_needed()
    shot(page, "09-public-lesson")
    violations = scan(page)
    assert violations == [], describe(violations, "changed lesson")

    # The lead reads the new step title on the closed round's results page.
    page.get_by_role("link", name="Sign in").first.click()
    admin_sign_in(page, "lead@example.org")
    main_nav.get_by_role("link", name="Self-assessment").click()
    page.locator("li.row").filter(has_text=ROUND).get_by_role("link", name="Results").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(ROUND)
    steps = page.locator("section.next-steps")
    expect(steps.get_by_role("link", name=NEW_STEP)).to_be_visible()
    expect(steps.get_by_role("link", name=recommendation.title, exact=True)).to_have_count(0)
    steps.get_by_role("link", name=NEW_STEP).scroll_into_view_if_needed()
    shot(page, "10-results-new-step")
