"""Learning journeys in a real browser: a newcomer's pathway and their place kept across browsers,
lessons without JavaScript, a pathway followed to its printable plan, and the continuum explorer's
layout on a wide screen and a phone."""

import re

from playwright.sync_api import expect

DESKTOP = {"width": 1280, "height": 800}
NARROW = {"width": 320, "height": 640}


PROGRESS_API = re.compile(r"/api/v1/me/progress/\d+/$")


def opening_a_lesson(page):
    """Wrap the action that opens a lesson: returns once the page has recorded the learner's place.

    Signed in, a lesson page sends that in the background as it loads. The live server's threads
    share one SQLite connection, so the test waits for it rather than send another write alongside.
    """
    return page.expect_response(lambda response: bool(PROGRESS_API.search(response.url)))


def main_nav(page):
    return page.get_by_role("navigation", name="Main")


def open_from_learn(page, module_title, lesson_title=None):
    """Learn, then a module by its title, then (if given) one of its lessons."""
    main_nav(page).get_by_role("link", name="Learn", exact=True).click()
    page.locator("main").get_by_role("link", name=module_title).first.click()
    if lesson_title:
        page.locator("main").get_by_role("link", name=lesson_title).first.click()


def open_schools_pathway(page):
    main_nav(page).get_by_role("link", name="Learn", exact=True).click()
    page.locator("main section.pathway").first.get_by_role("link", name="Schools", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pathway: Schools")


def reflect_form(page):
    """The written-answer form of the first "Reflect" exercise on the lesson."""
    section = page.locator("section.exercise--reflect").filter(has=page.get_by_role("heading", name="Reflect"))
    return section.first.locator("form.answer-form")


def test_newcomer_follows_their_pathway_and_continues_in_another_browser(
    demo_site, new_page, sign_up, sign_in, artifacts
):
    from modules.models import Pathway
    from modules.selectors import pathway_minutes

    email, password = "early.years@example.org", "a-long-sign-up-password-8"
    page = new_page()
    sign_up(page, email, "Robin Nursery", "Early years", password)

    # Their own pathway comes first on the module index, with its total time.
    main_nav(page).get_by_role("link", name="Learn", exact=True).click()
    headings = page.locator("main h2")
    expect(headings.first).to_have_text("Your pathway")
    minutes = pathway_minutes(Pathway.objects.get(slug="early-years"))
    first_pathway = page.locator("main section.pathway").first
    expect(first_pathway.get_by_role("heading", level=3)).to_contain_text("Early years settings")
    expect(first_pathway).to_contain_text(f"about {minutes} minutes in all")

    # Into the pathway, its first module and that module's first lesson.
    first_pathway.get_by_role("link", name="Early years settings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pathway: Early years settings")
    page.locator("ol.pathway-steps > li").first.get_by_role("link").click()
    page.locator("main").get_by_role("link", name="Start the module").click()
    # Before the first lesson, the "before" ratings are asked for once; this learner skips them.
    with opening_a_lesson(page):
        page.locator("main").get_by_role("button", name="Skip the ratings").click()
    expect(page.locator("article.lesson .caption")).to_contain_text("Lesson 1 of")
    lesson_url = page.url

    answer = "I would ask the whole team what we already notice about the adults who collect children."
    form = reflect_form(page)
    textarea = form.get_by_role("textbox", name="Your answer")
    textarea.fill(answer)
    expect(form.get_by_role("status")).to_have_text("Saved.")
    page.screenshot(path=artifacts / "learning-reflect-saved.png")

    # Close the browser entirely; a new one (no cookies) signs in and continues.
    page.context.close()
    page = new_page()
    sign_in(page, email, password)
    main_nav(page).get_by_role("link", name="My learning").click()
    with opening_a_lesson(page):
        page.locator(".continue-card").get_by_role("link", name="Continue").click()
    expect(page).to_have_url(re.compile("^" + re.escape(lesson_url) + "(#[-\\w]+)?$"))
    expect(reflect_form(page).get_by_role("textbox", name="Your answer")).to_have_value(answer)


def test_without_javascript_answers_save_and_checks_give_feedback(demo_site, new_page, sign_in):
    from modules.models import LessonPage

    lesson = LessonPage.objects.get(slug="what-the-audit-found")
    check = next(block for block in lesson.body if block.block_type == "check_understanding")
    right = next(option for option in check.value["options"] if option["correct"])

    from quizzes.knowledge.measure import skip_before
    from s2t_learn.models import User

    skip_before(User.objects.get(email="learner@example.org"))  # past the one-off "before" ratings
    page = new_page(java_script_enabled=False)
    sign_in(page, "learner@example.org")
    open_from_learn(page, "Why domestic abuse-informed practice matters", lesson.title)

    answer = "Without scripts, the Save button keeps this answer."
    form = reflect_form(page)
    form.get_by_role("textbox", name="Your answer").fill(answer)
    form.get_by_role("button", name="Save my answer").click()
    expect(page.get_by_role("status").filter(has_text="Your answer is saved")).to_be_visible()
    form = reflect_form(page)
    expect(form.get_by_role("textbox", name="Your answer")).to_have_value(answer)
    expect(form.get_by_role("status")).to_have_text("Saved.")

    section = page.locator(f"#block-{check.id}")
    expect(section.locator(".feedback:visible")).to_have_count(0)
    section.get_by_role("radio", name=right["text"]).check()
    section.get_by_role("button", name="Check my answer").click()
    # The page reloads (a GET with the choice) and shows that option's feedback, and no other.
    expect(page).to_have_url(re.compile(rf"choice-{check.id}=\d"))
    section = page.locator(f"#block-{check.id}")
    expect(section.get_by_role("radio", name=right["text"])).to_be_checked()
    expect(section.locator(".feedback:visible")).to_have_count(1)
    expect(section.locator(".feedback:visible")).to_contain_text("A good answer.")
    expect(section.locator(".feedback:visible")).to_contain_text(right["feedback"])


def test_school_staff_member_finishes_the_schools_pathway_and_prints_a_plan(demo_site, page, sign_in, artifacts):
    from modules import services
    from modules.models import LessonPage, Pathway
    from s2t_learn.models import User

    learner = User.objects.get(email="learner@example.org")
    pathway = Pathway.objects.get(slug="schools")
    modules = [link.module for link in pathway.pathway_modules.all()]
    # The earlier modules are marked complete directly (lessons read, quizzes passed), to save time;
    # the last one's lessons in the browser, its quiz passed beforehand.
    from django.utils import timezone

    from quizzes.models import Attempt, QuizPage

    for module in modules:
        if module != modules[-1]:
            for lesson in LessonPage.objects.live().child_of(module):
                services.complete_lesson(learner, lesson)
        for quiz in QuizPage.objects.live().child_of(module):
            Attempt.objects.create(
                user=learner, quiz=quiz, snapshot=[], pass_mark=70, submitted_at=timezone.now(), percent=90, passed=True
            )
    last = modules[-1]
    lesson_count = LessonPage.objects.live().child_of(last).count()

    sign_in(page, learner.email)
    open_schools_pathway(page)
    page.get_by_role("link", name=last.title).click()
    with opening_a_lesson(page):
        # "Continue", not "Start": the module's quiz is already passed.
        page.locator("main").get_by_role("link", name=re.compile("^Continue")).click()
    for n in range(1, lesson_count):
        expect(page.locator("article.lesson .caption")).to_contain_text(f"Lesson {n} of {lesson_count}")
        with opening_a_lesson(page):
            page.get_by_role("button", name="Mark as complete and continue").click()
    expect(page.locator("article.lesson .caption")).to_contain_text(f"Lesson {lesson_count} of {lesson_count}")
    page.get_by_role("button", name="Mark as complete and finish the module").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(last.title)
    expect(page.get_by_role("status").filter(has_text="Module complete")).to_be_visible()

    open_schools_pathway(page)
    expect(page.locator("ol.pathway-steps .govuk-tag--green")).to_have_count(len(modules))
    plan = "Agree with the pastoral lead how we record what children tell us, and share it within a day."
    plan_form = page.locator("#plan form")
    plan_form.get_by_role("textbox", name="Your plan").fill(plan)
    expect(plan_form.get_by_role("status")).to_have_text("Saved.")
    plan_form.get_by_role("button", name="Save my plan").click()
    expect(page.get_by_role("status").filter(has_text="Your plan is saved")).to_be_visible()
    expect(page.get_by_role("textbox", name="Your plan")).to_have_value(plan)

    page.get_by_role("link", name="Print or save my plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My next step in my setting")
    plan_text = page.locator(".plan-text")
    expect(plan_text).to_have_text(plan)
    expect(page.get_by_role("button", name="Print this plan")).to_be_visible()
    expect(page.locator("main li").filter(has_text="(complete)")).to_have_count(len(modules))

    page.emulate_media(media="print")
    expect(page.locator("#exit-this-page")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("button", name="Print this plan")).to_be_hidden()
    expect(plan_text).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.screenshot(path=artifacts / "learning-plan-print.png", full_page=True)
    page.emulate_media(media="screen")
    expect(page.locator("#exit-this-page")).to_be_visible()


LEVEL_BOXES_JS = """() => [...document.querySelectorAll('.continuum-explorer .continuum-level')].map(el => {
  const box = el.getBoundingClientRect();
  return {top: box.top + window.scrollY, bottom: box.bottom + window.scrollY, left: box.left, right: box.right};
})"""


def test_continuum_explorer_side_by_side_when_wide_and_stacked_on_a_phone(page, demo_site, artifacts):
    page.set_viewport_size(DESKTOP)
    page.goto(demo_site.url + "/")
    open_from_learn(page, "The continuum of practice: where does your service stand?", "The five levels at a glance")
    levels = page.locator(".continuum-explorer .continuum-level")
    expect(levels).to_have_count(5)
    expect(levels.first).to_contain_text("Destructive")
    expect(levels.last).to_contain_text("Proficient")
    page.wait_for_load_state("load")  # measure once the stylesheet has applied (a busy machine loads it late)

    boxes = page.evaluate(LEVEL_BOXES_JS)
    tops = [box["top"] for box in boxes]
    assert max(tops) - min(tops) <= 3, f"At 1280 px the levels do not share a row: tops {tops}"
    assert all(a["right"] <= b["left"] + 1 for a, b in zip(boxes, boxes[1:], strict=False)), boxes
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    levels.first.scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "continuum-explorer-1280.png")

    page.set_viewport_size(NARROW)
    boxes = page.evaluate(LEVEL_BOXES_JS)
    for above, below in zip(boxes, boxes[1:], strict=False):
        assert below["top"] >= above["bottom"], f"At 320 px the levels do not stack: {boxes}"
    assert all(box["right"] <= NARROW["width"] for box in boxes), boxes
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"], f"The lesson scrolls sideways at 320 px (scrollWidth {width})"
    page.screenshot(path=artifacts / "continuum-explorer-320.png", full_page=True)
