"""Quiz journeys in a real browser: fail, learn from the feedback, pass, get a certificate anyone can
verify; and ordering and matching questions answered with the keyboard alone."""

from playwright.sync_api import expect

from .axe import describe, scan

LEARNER = "learner@example.org"


def assert_no_violations(page, label):
    violations = scan(page)
    assert not violations, describe(violations, f"{label} ({page.url}) ")


def right_answer(q):
    if q["type"] in ("single", "true_false"):
        return q["correct"][0]
    if q["type"] == "multiple":
        return q["correct"]
    if q["type"] == "ordering":
        return {i: i for i in range(len(q["items"]))}
    if q["type"] == "matching":
        return dict(enumerate(q["answer_key"]))
    return {n: p["correct"] for n, p in enumerate(q["parts"])}


def answer_by_clicking(page, q):
    key, answer = q["key"], right_answer(q)
    if q["type"] in ("single", "true_false"):
        page.locator(f"#q-{key}-{answer}").check()
    elif q["type"] == "multiple":
        for index in answer:
            page.locator(f"#q-{key}-{index}").check()
    elif q["type"] == "ordering":
        for item, position in answer.items():
            page.locator(f"#q-{key}-item-{q['tokens'][item]}").select_option(str(position))
    elif q["type"] == "matching":
        for left, right in answer.items():
            page.locator(f"#q-{key}-left-{left}").select_option(str(right))
    else:
        for n, correct in answer.items():
            for index in correct:
                page.locator(f"#q-{key}-{n}-{index}").check()


def complete_lessons(email, module_slug):
    from modules import services
    from modules.models import LessonPage, ModulePage
    from s2t_learn.models import User

    user = User.objects.get(email=email)
    for lesson in LessonPage.objects.child_of(ModulePage.objects.get(slug=module_slug)).live():
        services.complete_lesson(user, lesson)


def latest_attempt(email):
    from quizzes.models import Attempt

    return Attempt.objects.filter(user__email=email).latest("started_at")


def test_fail_learn_pass_download_and_verify_certificate(page, browser, demo_site, sign_in):
    base = demo_site.url
    complete_lessons(LEARNER, "three-principles")
    sign_in(page, LEARNER)
    page.goto(base + "/modules/three-principles/quiz/")
    assert_no_violations(page, "quiz page")
    page.locator("main form").get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_role("button", name="Finish and see my results")).to_be_visible()
    assert_no_violations(page, "attempt")

    # Fail: finish without answering, then read the explained feedback.
    page.get_by_role("button", name="Finish and see my results").click()
    expect(page.get_by_text("Not yet.")).to_be_visible()
    expect(page.get_by_role("heading", name="Every answer explained")).to_be_visible()
    expect(page.locator(".explanation").first).to_be_visible()
    assert_no_violations(page, "result (fail)")

    # Pass on the next try, with a fresh draw of questions.
    page.get_by_role("link", name="Back to the quiz").click()
    page.locator("main form").get_by_role("button", name="Try again").click()
    expect(page.get_by_role("button", name="Finish and see my results")).to_be_visible()
    for q in latest_attempt(LEARNER).snapshot:
        answer_by_clicking(page, q)
    # Answers autosave as the learner goes.
    expect(page.locator(".autosave-status")).to_have_text("Saved.")
    page.get_by_role("button", name="Finish and see my results").click()
    expect(page.get_by_text("You passed.")).to_be_visible()

    # The certificate is made straight away (Celery runs in-process here) and downloads as a PDF.
    page.goto(base + "/certificates/")
    expect(page.get_by_role("heading", name="The three principles")).to_be_visible()
    assert_no_violations(page, "certificates")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"

    # Anyone can verify it by its code; it shows nothing personal by default.
    from quizzes.models import Certificate

    code = Certificate.objects.get(user__email=LEARNER).code
    stranger = browser.new_context(viewport={"width": 390, "height": 800})
    other = stranger.new_page()
    other.goto(f"{base}/certificates/verify/{code}/")
    expect(other.get_by_text(f"Certificate {code} is valid.")).to_be_visible()
    expect(other.get_by_text("Aisha Rahman")).to_have_count(0)
    assert_no_violations(other, "verify")
    stranger.close()


def tab_to(page, element_id, limit=400):
    """Press Tab until the element has focus: the way a keyboard user reaches it."""
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"could not reach #{element_id} with the Tab key")


def test_ordering_and_matching_by_keyboard_alone(page, demo_site, sign_in):
    from quizzes.models import QuizPage

    quiz = QuizPage.objects.get(url_path__contains="/continuum-of-practice/")
    QuizPage.objects.filter(pk=quiz.pk).update(questions_per_attempt=len(quiz.questions))  # draw every question
    sign_in(page, "nursery@example.org")
    page.goto(demo_site.url + "/modules/continuum-of-practice/quiz/")
    start = page.locator("main form").get_by_role("button", name="Start the quiz")
    start.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Finish and see my results")).to_be_visible()
    snapshot = latest_attempt("nursery@example.org").snapshot
    ordering = next(q for q in snapshot if q["type"] == "ordering")
    matching = next(q for q in snapshot if q["type"] == "matching")
    for item in range(len(ordering["items"])):
        tab_to(page, f"q-{ordering['key']}-item-{ordering['tokens'][item]}")
        page.keyboard.type(str(item + 1))  # the option labelled with the position
    for left, right in enumerate(matching["answer_key"]):
        tab_to(page, f"q-{matching['key']}-left-{left}")
        page.keyboard.type(matching["rights"][right])
    finish = page.get_by_role("button", name="Finish and see my results")
    finish.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Every answer explained")).to_be_visible()
    from quizzes.models import Attempt

    attempt = Attempt.objects.filter(user__email="nursery@example.org").latest("started_at")
    answers = dict(attempt.responses.values_list("question_key", "answer"))
    assert answers[ordering["key"]] == {str(i): i for i in range(len(ordering["items"]))}
    assert answers[matching["key"]] == {str(i): r for i, r in enumerate(matching["answer_key"])}
