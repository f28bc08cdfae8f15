"""The one autosave (static/js/autosave.js) on each form that uses it, in a real browser, reached by
clicking from `/`: a lesson's written answer, a quiz attempt and a self-assessment round.

On each: a change is saved without pressing any button (the database has it), the status says the
template's translated "Saved." (the words come from the form's data attributes: a stand-in
translation is switched on for these tests, so English written into the JavaScript would show), and
a refusal from the server shows the server's own message and leaves what was typed on the page.
"""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from quizzes.assessment.rounds import services as round_services
from s2t_learn.selectors import membership_for

SAVED = "Gespeichert (Test)."
SAVING = "Wird gespeichert (Test)…"
STAND_IN = {"Saved.": SAVED, "Saving…": SAVING}


@pytest.fixture(autouse=True)
def stand_in_translation(monkeypatch):
    """The live server runs in this process: make gettext answer the stand-in words for these two."""
    from django.utils import translation

    original = translation._trans.gettext

    def gettext(message):
        return STAND_IN.get(str(message), original(message))

    monkeypatch.setattr(translation._trans, "gettext", gettext, raising=False)


def sign_in_from_home(page, base, email, password="demo-learn-2026"):
    page.goto(base + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="Sign out").wait_for()


def test_lesson_answer_autosaves_and_shows_a_refusal(page, demo_site):
    from modules.api import AnswerUpdateSerializer
    from modules.models import LessonPage, ModulePage, ReflectiveAnswer

    module = ModulePage.objects.get(slug="three-principles")
    lesson, block_id = next(
        (item, block.id)
        for item in LessonPage.objects.live().child_of(module).order_by("path")
        for block in item.body
        if block.block_type == "reflective_question"
    )
    sign_in_from_home(page, demo_site.url, "learner@example.org")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Learn", exact=True).click()
    page.locator("main").get_by_role("link", name=module.title).first.click()
    page.locator("main").get_by_role("link", name=lesson.title).first.click()
    page.get_by_role("button", name="Skip the ratings").click()
    expect(page.get_by_role("heading", level=1, name=lesson.title)).to_be_visible()

    form = page.locator(f"form[action*='{block_id}']")
    assert form.get_attribute("data-msg-saved") == SAVED
    textarea = page.locator(f"#answer-{block_id}")
    status = page.locator(f"#answer-{block_id}-status")
    text = "He stopped her seeing her sister."
    textarea.press_sequentially(text)
    expect(status).to_have_text(SAVED)
    assert ReflectiveAnswer.objects.get(user__email="learner@example.org", block_id=block_id).text == text

    # Over the limit: the server refuses with its own message; the text stays whole on the page.
    too_long = "x" * 5001
    refusal = AnswerUpdateSerializer(data={"text": too_long})
    assert not refusal.is_valid()
    textarea.fill(too_long)
    expect(status).to_have_text(str(refusal.errors["text"][0]))
    assert textarea.input_value() == too_long
    assert ReflectiveAnswer.objects.get(user__email="learner@example.org", block_id=block_id).text == text


def test_quiz_answer_autosaves_and_shows_a_refusal(page, demo_site):
    from quizzes.knowledge.services import AttemptClosed
    from quizzes.models import Attempt, QuizPage, Response

    quiz = QuizPage.objects.get(url_path__contains="/continuum-of-practice/")
    sign_in_from_home(page, demo_site.url, "nursery@example.org")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Learn", exact=True).click()
    page.locator("main").get_by_role("link", name=quiz.get_parent().title, exact=True).first.click()
    page.locator("main ul.lesson-list").last.get_by_role("link", name=quiz.title).click()
    page.locator("main form").get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_role("button", name="Check and submit")).to_be_visible()
    attempt = Attempt.objects.filter(user__email="nursery@example.org").latest("started_at")
    first, second = [q for q in attempt.snapshot if q["type"] in ("single", "true_false")][:2]

    status = page.locator("form[data-autosave-format] .autosave-status")
    page.locator(f"#q-{first['key']}-0").check()
    expect(status).to_have_text(SAVED)
    assert Response.objects.get(attempt=attempt, question_key=first["key"]).answer in (0, "0", [0], ["0"])

    # Meanwhile the attempt has closed (open for 14 days only): the next change is refused.
    Attempt.objects.filter(pk=attempt.pk).update(started_at=attempt.started_at - timedelta(days=15))
    page.locator(f"#q-{second['key']}-0").check()
    expect(status).to_have_text(AttemptClosed.message)
    expect(page.locator(f"#q-{second['key']}-0")).to_be_checked()
    assert not Response.objects.filter(attempt=attempt, question_key=second["key"], answer__isnull=False).exists()


def test_self_assessment_answer_and_note_autosave_and_show_a_refusal(page, demo_site):
    from quizzes.assessment.errors import RoundClosed
    from quizzes.models import Answer, Round
    from s2t_learn.models import User

    lead = User.objects.get(email="lead@example.org")
    round_ = round_services.open_round(
        membership=membership_for(lead, "northtown"), title="Autosave check", is_anonymous=False
    )
    round_services.invite_members(
        membership=membership_for(lead, "northtown"),
        round_id=round_.pk,
        user_ids=[User.objects.get(email="learner@example.org").pk],
    )
    domain = next(d for d in round_.snapshot["domains"] if any(s["kind"] == "gate" for s in d["statements"]))
    gate = next(s for s in domain["statements"] if s["kind"] == "gate")

    sign_in_from_home(page, demo_site.url, "learner@example.org")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My learning").click()
    page.get_by_role("link", name="Autosave check").click()
    page.get_by_role("navigation", name="Areas").get_by_role("link", name=domain["title"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(domain["title"])

    form = page.locator("form[data-respond]")
    status = form.locator(".autosave-status")
    fieldset = page.locator(f"#fs-{gate['key']}")
    fieldset.get_by_role("radio").first.check()
    expect(status).to_have_text(SAVED)
    chosen = fieldset.get_by_role("radio").first.get_attribute("value")
    assert Answer.objects.get(invitation__round=round_, statement_key=gate["key"]).value == chosen

    note = page.locator(f"#note-{gate['key']}")
    # The status already says "Saved." for the answer: wait for the note's own save to be answered.
    with page.expect_response(lambda r: r.url.endswith(f"/rounds/{round_.pk}/response/")) as sent:
        note.press_sequentially("Seen in four of five files.")
    sent_note = sent.value.request.post_data_json["answers"][gate["key"]]["note"]
    assert sent_note == "Seen in four of five files."  # one save, after the pause, with the whole note
    expect(status).to_have_text(SAVED)
    answer = Answer.objects.get(invitation__round=round_, statement_key=gate["key"])
    assert answer.note == "Seen in four of five files."

    # The lead closes the round meanwhile: more typing is refused with the server's message, and kept.
    round_services.close_round(membership=membership_for(lead, "northtown"), round_id=round_.pk)
    note.press_sequentially(" One had a plan.")
    expect(status).to_have_text(RoundClosed.message)
    assert note.input_value() == "Seen in four of five files. One had a plan."
    assert Answer.objects.get(pk=answer.pk).note == "Seen in four of five files."
    assert Round.objects.get(pk=round_.pk).status == Round.Status.CLOSED
