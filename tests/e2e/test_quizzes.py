"""Quiz journeys in a real browser: ordering and matching questions answered with the keyboard alone.
The whole path from sign-up to a certificate (fail, review, pass) is in test_learner_journey.py; the
helpers here answer a drawn attempt by clicking."""

import contextlib
import threading

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


def latest_attempt(email):
    from quizzes.models import Attempt

    return Attempt.objects.filter(user__email=email).latest("started_at")


@contextlib.contextmanager
def server_answered(method, path):
    """A threading.Event set when the live server has finished answering a request for this path."""
    from django.core.signals import request_finished, request_started

    done, mine = threading.Event(), threading.local()

    def started(sender, environ=None, **kwargs):
        mine.match = bool(environ) and environ["REQUEST_METHOD"] == method and environ["PATH_INFO"] == path

    def finished(sender, **kwargs):
        if getattr(mine, "match", False):
            done.set()

    request_started.connect(started, weak=False)
    request_finished.connect(finished, weak=False)
    try:
        yield done
    finally:
        request_started.disconnect(started)
        request_finished.disconnect(finished)


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
    # From the header to the module page, and its quiz listed after the lessons.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Learn", exact=True).click()
    page.locator("main").get_by_role("link", name=quiz.get_parent().title, exact=True).first.click()
    page.locator("main ul.lesson-list").last.get_by_role("link", name=quiz.title).click()
    start = page.locator("main form").get_by_role("button", name="Start the quiz")
    start.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Check and submit")).to_be_visible()
    snapshot = latest_attempt("nursery@example.org").snapshot
    ordering = next(q for q in snapshot if q["type"] == "ordering")
    matching = next(q for q in snapshot if q["type"] == "matching")
    for item in range(len(ordering["items"])):
        tab_to(page, f"q-{ordering['key']}-item-{ordering['tokens'][item]}")
        page.keyboard.type(str(item + 1))  # the option labelled with the position
    for left, right in enumerate(matching["answer_key"]):
        tab_to(page, f"q-{matching['key']}-left-{left}")
        page.keyboard.type(matching["rights"][right])
    finish = page.get_by_role("button", name="Check and submit")
    finish.focus()
    page.keyboard.press("Enter")
    submit = page.get_by_role("button", name="Submit anyway and see my results")
    submit.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Every answer explained")).to_be_visible()
    from quizzes.models import Attempt

    attempt = Attempt.objects.filter(user__email="nursery@example.org").latest("started_at")
    answers = dict(attempt.responses.values_list("question_key", "answer"))
    assert answers[ordering["key"]] == {str(i): i for i in range(len(ordering["items"]))}
    assert answers[matching["key"]] == {str(i): r for i, r in enumerate(matching["answer_key"])}


def test_an_answer_changed_just_before_leaving_the_page_is_saved(page, demo_site, sign_in):
    """The autosave waits half a second after a change; leaving sooner sends the change as the page goes
    (pagehide, with a keepalive request), so nothing chosen is lost."""
    from quizzes.models import QuizPage, Response

    quiz = QuizPage.objects.get(url_path__contains="/continuum-of-practice/")
    sign_in(page, "nursery@example.org")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Learn", exact=True).click()
    page.locator("main").get_by_role("link", name=quiz.get_parent().title, exact=True).first.click()
    page.locator("main ul.lesson-list").last.get_by_role("link", name=quiz.title).click()
    page.locator("main form").get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_role("button", name="Check and submit")).to_be_visible()
    attempt = latest_attempt("nursery@example.org")
    question = next(q for q in attempt.snapshot if q["type"] in ("single", "true_false"))
    answer = right_answer(question)

    # The keepalive request leaves from a page being unloaded, which the browser driver does not report:
    # the live server says when it has answered it instead.
    with server_answered("POST", f"/quizzes/attempts/{attempt.pk}/") as answered:
        page.locator(f"#q-{question['key']}-{answer}").check()
        # At once, well inside the half second: away to My learning.
        page.get_by_role("navigation", name="Main").get_by_role("link", name="My learning").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("My learning")
        assert answered.wait(timeout=10), "the change was never sent"
    saved = Response.objects.get(attempt=attempt, question_key=question["key"])
    assert saved.answer in (answer, [answer], str(answer), [str(answer)])
