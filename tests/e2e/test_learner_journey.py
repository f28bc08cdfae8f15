"""The learner's journey as one path, in a real browser, moving only by clicking what a learner sees.

After the first ``goto('/')`` every step is a click on a visible link or button. The one exception
is the email-confirmation link, which a learner opens from their inbox: the test reads it from the
mail outbox, as the other journeys do. Setting up state (a quiz drawing every question, progress
made earlier) happens in the database before the first page.

(a) sign up as early-years staff, verify, give the "before" ratings, follow the pathway, read every
    lesson of its first module, take the quiz from the module page, fail, read the review with the
    right matching pairs, pass, and open the certificate from the result page;
(b) a signed-out visitor tries a quiz from the module page;
(c) My learning's continue button walks the pathway: the last lesson, the quiz, then the next module.
"""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import fetch_link
from tests.factories import PASSWORD, UserFactory

from .axe import describe, scan
from .test_learning import opening_a_lesson
from .test_quizzes import answer_by_clicking, latest_attempt

EARLY_YEARS_PATHWAY = "Early years settings"


def assert_no_violations(page, label):
    violations = scan(page)
    assert not violations, describe(violations, f"{label} ({page.url}) ")


def main(page):
    return page.locator("main")


def nav_link(page, name):
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)


def first_pathway_module():
    from modules.models import Pathway

    return Pathway.objects.get(slug="early-years").pathway_modules.first().module


def draw_every_question(module):
    """The module's quiz asks its whole pool, so the matching question is always there."""
    from quizzes.models import QuizPage

    quiz = QuizPage.objects.live().child_of(module).get()
    QuizPage.objects.filter(pk=quiz.pk).update(questions_per_attempt=len(quiz.questions))
    return quiz


def test_a_sign_up_rate_learn_fail_review_pass_and_open_the_certificate(page, demo_site, emailed_link, artifacts):
    from modules.models import LessonPage
    from quizzes.models import Certificate, Measure, MeasureResponse

    module = first_pathway_module()
    quiz = draw_every_question(module)
    lessons = list(LessonPage.objects.live().child_of(module).order_by("path"))
    email = "nursery.starter@example.org"

    page.goto(demo_site.url + "/")
    nav_link(page, "Create an account").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Your name").fill("Robin Early")
    page.get_by_label("Where do you work?").select_option(label="Early years")
    page.get_by_label("Password", exact=True).fill("a-long-sign-up-password-9")
    page.get_by_label("Password (again)").fill("a-long-sign-up-password-9")
    main(page).locator("form").get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verify")
    # The one link not clicked on the site: the learner opens it from the confirmation email.
    page.goto(emailed_link(email, r"https?://\S+/accounts/confirm-email/[^\s/]+/"))
    main(page).get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    # My learning offers the learner's own pathway.
    nav_link(page, "My learning").click()
    expect(page.locator(".continue-card")).to_contain_text("Start your pathway")
    assert_no_violations(page, "my learning (new learner)")
    main(page).get_by_role("link", name=EARLY_YEARS_PATHWAY).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Pathway: {EARLY_YEARS_PATHWAY}")
    assert_no_violations(page, "pathway")

    # Starting the pathway asks for the "before" ratings first; the error summary names each item.
    main(page).get_by_role("link", name="Start the pathway").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rate your knowledge and confidence")
    assert_no_violations(page, "before ratings")
    items = list(Measure.objects.get(is_active=True).items.all())
    main(page).get_by_role("button", name="Save my ratings").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link")).to_have_count(len(items))
    expect(summary.get_by_role("link").first).to_contain_text(items[0].text[:40])
    assert_no_violations(page, "before ratings with errors")
    # On a 320 px phone: nothing wider than the screen, and each item's ratings one under another.
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    tops = page.evaluate(
        "key => [...document.querySelectorAll(`input[name='rating-${key}']`)].map(i => i.getBoundingClientRect().top)",
        items[0].key,
    )
    assert len(tops) == 5 and tops == sorted(tops) and len(set(tops)) == 5, tops
    assert_no_violations(page, "before ratings at 320 px")
    page.set_viewport_size({"width": 1280, "height": 800})
    for item in items:
        page.locator(f"#rating-{item.key}-3").check()
    with opening_a_lesson(page):
        main(page).get_by_role("button", name="Save my ratings").click()
    expect(page.locator("article.lesson .caption")).to_contain_text(f"Lesson 1 of {len(lessons)}")
    assert MeasureResponse.objects.get(user__email=email, stage="before").ratings[items[0].key] == 3

    # Read every lesson; the last one's button goes to the quiz.
    for n in range(1, len(lessons)):
        with opening_a_lesson(page):
            page.get_by_role("button", name="Mark as complete and continue").click()
        expect(page.locator("article.lesson .caption")).to_contain_text(f"Lesson {n + 1} of {len(lessons)}")
    expect(page.get_by_role("link", name=re.compile(f"^Quiz: {re.escape(quiz.title)}"))).to_be_visible()
    assert_no_violations(page, "last lesson")
    page.get_by_role("button", name="Mark as complete and go to the quiz").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(quiz.title)
    expect(page.get_by_role("status").filter(has_text="You have read every lesson")).to_be_visible()

    # The module page lists the quiz after the lessons, with its state; take it from there.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=module.title).click()
    quiz_section = main(page).locator("ul.lesson-list").last
    expect(quiz_section).to_contain_text("Not started")
    expect(main(page)).to_contain_text("You have read every lesson. Take the quiz to complete the module.")
    assert_no_violations(page, "module page (quiz to take)")
    main(page).get_by_role("link", name="Go to the quiz").click()
    main(page).locator("form").get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_role("button", name="Check and submit")).to_be_visible()
    snapshot = latest_attempt(email).snapshot
    page.locator(f"#flag-{snapshot[1]['key']}").check()
    expect(page.locator(".autosave-status")).to_have_text("Saved.")

    # Fail: submit with nothing answered, after a summary of what is unanswered and flagged.
    page.get_by_role("button", name="Check and submit").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check before you submit")
    unanswered = main(page).locator("ul.finish-list").first
    expect(unanswered.get_by_role("listitem")).to_have_count(len(snapshot))
    flagged = main(page).locator("ul.finish-list").nth(1)
    expect(flagged.get_by_role("listitem")).to_have_count(1)
    expect(flagged).to_contain_text("Question 2")
    assert_no_violations(page, "check before submitting")
    main(page).get_by_role("button", name="Submit anyway and see my results").click()
    expect(page.get_by_text("Not yet.")).to_be_visible()

    # The review says, in words, what was chosen and what was right; matching shows each right pair.
    matching = next(q for q in snapshot if q["type"] == "matching")
    table = page.locator(f"#question-{matching['key']} table")
    for left, right in enumerate(matching["answer_key"]):
        row = table.locator("tbody tr").filter(
            has=page.get_by_role("rowheader", name=matching["lefts"][left], exact=True)
        )
        expect(row.locator("td").nth(0)).to_have_text("No answer")
        expect(row.locator("td").nth(1)).to_have_text(matching["rights"][right])
        expect(row.locator("td").nth(2)).to_have_text("Not right")
    expect(page.get_by_text("You did not answer this question.")).to_have_count(len(snapshot))
    expect(main(page).locator("input[disabled]")).to_have_count(0)
    single = next(q for q in snapshot if q["type"] in ("single", "true_false"))
    right_option = single["options"][single["correct"][0]]["text"]
    expect(page.locator(f"#question-{single['key']} .review-option").filter(has_text=right_option)).to_contain_text(
        "Right answer, not chosen"
    )
    assert_no_violations(page, "result (fail)")
    page.screenshot(path=artifacts / "journey-review.png", full_page=True)

    # Pass on the next try.
    main(page).get_by_role("link", name="Back to the quiz to try again").click()
    main(page).locator("form").get_by_role("button", name="Try again").click()
    expect(page.get_by_role("button", name="Check and submit")).to_be_visible()
    for q in latest_attempt(email).snapshot:
        answer_by_clicking(page, q)
    expect(page.locator(".autosave-status")).to_have_text("Saved.")
    page.get_by_role("button", name="Check and submit").click()
    expect(main(page)).to_contain_text("Every question has an answer.")
    main(page).get_by_role("button", name="Submit and see my results").click()
    expect(page.get_by_text("You passed, and you have completed the module.")).to_be_visible()
    assert_no_violations(page, "result (pass)")

    # The result page links straight to the certificate.
    pdf = fetch_link(page, main(page).get_by_role("link", name="Open your certificate (PDF)"))
    assert pdf.body()[:4] == b"%PDF"
    certificate = Certificate.objects.get(user__email=email, module=module)
    assert certificate.code in pdf.headers.get("content-disposition", "")


def test_b_signed_out_visitor_tries_a_quiz_from_the_module_page(page, demo_site):
    from modules.models import ModulePage

    module = ModulePage.objects.get(slug="three-principles")
    page.goto(demo_site.url + "/")
    nav_link(page, "Learn").click()
    main(page).get_by_role("link", name=module.title, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(module.title)
    quiz_list = main(page).locator("ul.lesson-list").last
    expect(quiz_list).to_contain_text("You can try it without an account")
    assert_no_violations(page, "module page (signed out)")
    quiz_list.get_by_role("link").click()
    main(page).locator("form").get_by_role("button", name="Try the quiz").click()
    expect(main(page)).to_contain_text("nothing is saved")
    main(page).get_by_role("button", name="See my results").click()
    expect(main(page)).to_contain_text("You scored 0%")
    expect(page.get_by_text("You did not answer this question.").first).to_be_visible()
    expect(main(page).get_by_role("link", name="Create a free account")).to_be_visible()
    assert_no_violations(page, "try result")
    from quizzes.models import Attempt

    assert not Attempt.objects.exists()


def test_c_continue_walks_the_pathway_to_the_next_module(page, demo_site):
    from modules import services
    from modules.models import LessonPage, Pathway
    from s2t_learn.models import Sector

    pathway = Pathway.objects.get(slug="early-years")
    first, second = [link.module for link in pathway.pathway_modules.all()[:2]]
    quiz = draw_every_question(first)
    lessons = list(LessonPage.objects.live().child_of(first).order_by("path"))
    learner = UserFactory(email="walker@example.org", sector=Sector.EARLY_YEARS)
    from quizzes.knowledge.measure import skip_before

    skip_before(learner)
    for lesson in lessons[:-1]:  # read earlier, all but the last lesson
        services.complete_lesson(learner, lesson)

    page.goto(demo_site.url + "/")
    nav_link(page, "Sign in").click()
    page.get_by_label("Email").fill(learner.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    main(page).get_by_role("button", name="Sign in").click()
    nav_link(page, "My learning").click()

    # 1. The next unread lesson.
    card = page.locator(".continue-card")
    expect(card).to_contain_text("Continue where you left off")
    expect(card).to_contain_text(lessons[-1].title)
    with opening_a_lesson(page):
        card.get_by_role("link", name="Continue").click()
    expect(page.locator("article.lesson .caption")).to_contain_text(f"Lesson {len(lessons)} of {len(lessons)}")
    page.get_by_role("button", name="Mark as complete and go to the quiz").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(quiz.title)

    # 2. With every lesson read, My learning says so and continue leads to the quiz.
    nav_link(page, "My learning").click()
    expect(main(page)).to_contain_text("Lessons read, quiz to take")
    expect(card).to_contain_text(f"The quiz for {first.title}")
    assert_no_violations(page, "my learning (quiz to take)")
    card.get_by_role("link", name="Continue").click()
    main(page).locator("form").get_by_role("button", name="Start the quiz").click()
    for q in latest_attempt(learner.email).snapshot:
        answer_by_clicking(page, q)
    expect(page.locator(".autosave-status")).to_have_text("Saved.")
    page.get_by_role("button", name="Check and submit").click()
    main(page).get_by_role("button", name="Submit and see my results").click()
    expect(page.get_by_text("You passed, and you have completed the module.")).to_be_visible()

    # 3. The module complete, continue goes on to the next module of the pathway.
    nav_link(page, "My learning").click()
    expect(card).to_contain_text("Next in your pathway")
    expect(card).to_contain_text(second.title)
    completed = main(page).locator("h2", has_text="Completed").locator("xpath=following-sibling::ul[1]")
    expect(completed).to_contain_text(first.title)
    with opening_a_lesson(page):
        card.get_by_role("link", name="Continue").click()
    expect(page.locator("article.lesson .caption")).to_contain_text("Lesson 1 of")
    expect(page.locator("article.lesson .caption")).to_contain_text(second.title)
