"""Every page type, signed out and signed in (as an org admin, a learner who is also a respondent of the
open demo self-assessment round, and an assessment lead): axe-core (WCAG 2.2 A and AA) finds
nothing, the exit control is there and is the second Tab stop, nothing scrolls sideways at 320 px,
and, in CI or with E2E_SCREENSHOTS=1 (`make screenshots`), a screenshot of each (desktop and 320 px)
lands in tests/e2e/artifacts/.

One test per audience walks its whole page list and reports every problem at once. The Wagtail
admin (/admin/) is out of scope.
"""

import pytest
from playwright.sync_api import expect

from .axe import describe, scan

DESKTOP = {"width": 1280, "height": 800}
NARROW = {"width": 320, "height": 640}


def visit(path):
    def _visit(page, base, tokens):
        page.goto(base + path)

    return _visit


def with_token(kind, path_template):
    def _visit(page, base, tokens):
        page.goto(base + path_template.format(token=tokens[kind]))

    return _visit


def signup_with_errors(page, base, tokens):
    page.goto(base + "/accounts/signup/")
    page.get_by_label("Email").fill("someone@example.org")
    page.get_by_label("Your name").fill("Someone New")
    page.get_by_label("Where do you work?").select_option(label="Early years")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Password (again)").fill("different")
    page.locator("main form").get_by_role("button", name="Sign up").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def login_with_errors(page, base, tokens):
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill("nobody@example.org")
    page.get_by_label("Password", exact=True).fill("not-the-password")
    page.locator("main form").get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def submit_empty(path, button):
    def _visit(page, base, tokens):
        page.goto(base + path)
        page.locator("main form").get_by_role("button", name=button).click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()

    return _visit


def api_docs(page, base, tokens):
    page.goto(base + "/api/docs/")
    expect(page.locator(".swagger-ui .info")).to_be_visible()


COMMON = [
    ("home", visit("/")),
    ("about", visit("/about/")),
    ("accessibility", visit("/accessibility/")),
    ("privacy", visit("/privacy/")),
    ("api-docs", api_docs),
    ("token-problem", visit("/join/not-a-real-token/")),
    ("invitation", with_token("invitation", "/invitations/{token}/")),
    ("join-link", with_token("join_link", "/join/{token}/")),
    ("not-found", visit("/no-such-page/")),
]
SIGNED_OUT = COMMON + [
    ("signup", visit("/accounts/signup/")),
    ("signup-errors", signup_with_errors),
    ("login", visit("/accounts/login/")),
    ("login-errors", login_with_errors),
    ("password-reset", visit("/accounts/password/reset/")),
    ("verification-sent", visit("/accounts/confirm-email/")),
]
ORG_ADMIN = COMMON + [
    ("profile", visit("/profile/")),
    ("password-change", visit("/accounts/password/change/")),
    ("org-list", visit("/org/")),
    ("org-new", visit("/org/new/")),
    ("org-new-errors", submit_empty("/org/new/", "Set up organisation")),
    ("org-detail", visit("/org/northtown/")),
    ("org-members", visit("/org/northtown/members/")),
    ("org-teams", visit("/org/northtown/teams/")),
    ("org-invitations", visit("/org/northtown/invitations/")),
    ("org-invitations-errors", submit_empty("/org/northtown/invitations/", "Send invitation")),
    ("org-join-links", visit("/org/northtown/join-links/")),
    ("org-leave", visit("/org/northtown/leave/")),
    ("other-org", visit("/org/eastfield-primary/")),
    ("cohort-measure", visit("/org/northtown/measure/")),
]


def every_block_lesson(page, base, tokens):
    page.goto(base + tokens["every_block_lesson"])
    expect(page.locator(".continuum-level")).to_have_count(5)


def demo_round(title):
    from quizzes.models import Round

    return Round.objects.get(organisation__slug="northtown", title=title)


OPEN_ROUND, CLOSED_ROUND = "Spring 2027 self-assessment", "Autumn 2026 self-assessment"


def round_page(title, path_template):
    """A page of a demo round: path_template takes the round's id and its first statement's key."""

    def _visit(page, base, tokens):
        round_ = demo_round(title)
        first_key = round_.snapshot["domains"][0]["statements"][0]["key"]
        page.goto(base + path_template.format(id=round_.pk, key=first_key))

    return _visit


def unmoderated_statement_errors(page, base, tokens):
    """The moderate form sent with no reason, for a statement the group has not agreed yet."""
    round_ = demo_round(CLOSED_ROUND)
    key = round_.snapshot["domains"][1]["statements"][3]["key"]
    page.goto(base + f"/org/northtown/assessments/{round_.pk}/moderate/{key}/")
    page.locator("main form").get_by_role("button", name="Record agreed answer").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def my_learning_with_progress(page, base, tokens):
    """My learning with something in each list: a module assigned with a due date, one in progress
    (with a place to continue from) and one complete."""
    from datetime import timedelta

    from django.utils import timezone

    from modules import services
    from modules.models import LessonPage, ModuleAssignment, ModulePage
    from s2t_learn.models import Organisation, User

    learner = User.objects.get(email="learner@example.org")
    for lesson in LessonPage.objects.live().child_of(ModulePage.objects.get(slug="why-it-matters")):
        services.complete_lesson(learner, lesson)
    started = LessonPage.objects.live().child_of(ModulePage.objects.get(slug="three-principles")).first()
    services.complete_lesson(learner, started)
    ModuleAssignment.objects.get_or_create(
        organisation=Organisation.objects.get(slug="northtown"),
        module=ModulePage.objects.get(slug="schools"),
        user=learner,
        defaults={"due_date": timezone.localdate() + timedelta(days=30)},
    )
    page.goto(base + "/my-learning/")
    expect(page.locator(".continue-card")).to_be_visible()


def pathway_with_plan(path):
    def _visit(page, base, tokens):
        from modules import services
        from modules.models import Pathway
        from s2t_learn.models import User

        learner = User.objects.get(email="learner@example.org")
        services.save_plan(learner, Pathway.objects.get(slug="schools"), "Talk to the head teacher first.\n\nThen…")
        page.goto(base + path)

    return _visit


LEARNING = [
    ("modules", visit("/modules/")),
    ("module", visit("/modules/why-it-matters/")),
]
# learner@example.org works in education (the Schools pathway) and is invited to the open demo round.
# The lesson comes after the pages that write to the database from the test: signed in, a lesson
# page records the learner's place in the background, and the live server shares its SQLite
# connection with this thread.
LEARNER = LEARNING + [
    ("my-learning", my_learning_with_progress),
    ("search", visit("/search/?q=coercive")),
    ("pathway", pathway_with_plan("/pathways/schools/")),
    ("pathway-plan", pathway_with_plan("/pathways/schools/plan/")),
    ("every-block-lesson", every_block_lesson),
    ("respond", round_page(OPEN_ROUND, "/assessments/{id}/respond/")),
    ("review", round_page(OPEN_ROUND, "/assessments/{id}/review/")),
    ("thanks", round_page(OPEN_ROUND, "/assessments/{id}/thanks/")),
    ("thanks-with-summary", round_page(CLOSED_ROUND, "/assessments/{id}/thanks/")),
    ("check-your-knowledge", visit("/check-your-knowledge/")),
    ("quiz", visit("/modules/why-it-matters/quiz/")),
    ("certificates", visit("/certificates/")),
    ("measure", visit("/my-learning/measure/")),
    ("measure-form", visit("/my-learning/measure/before/")),
    ("measure-errors", submit_empty("/my-learning/measure/before/", "Save my ratings")),
]
LEAD = [
    ("assignments", visit("/org/northtown/assignments/")),
    ("assignments-errors", submit_empty("/org/northtown/assignments/", "Assign module")),
    ("rounds", visit("/org/northtown/assessments/")),
    ("rounds-errors", submit_empty("/org/northtown/assessments/", "Open round")),
    ("round-manage-open", round_page(OPEN_ROUND, "/org/northtown/assessments/{id}/")),
    ("round-manage-closed", round_page(CLOSED_ROUND, "/org/northtown/assessments/{id}/")),
    ("results", round_page(CLOSED_ROUND, "/org/northtown/assessments/{id}/results/")),
    ("moderate", round_page(CLOSED_ROUND, "/org/northtown/assessments/{id}/moderate/{key}/")),
    ("moderate-errors", unmoderated_statement_errors),
    ("compare", round_page(OPEN_ROUND, "/org/northtown/assessments/{id}/compare/")),
    ("reassess", round_page(CLOSED_ROUND, "/org/northtown/assessments/{id}/reassess/")),
    ("plan", visit("/org/northtown/plan/")),
    ("plan-targets", visit("/org/northtown/plan/targets/")),
    ("plan-new-item", visit("/org/northtown/plan/items/new/")),
    ("plan-learning", visit("/org/northtown/plan/learning/")),
    ("reports", visit("/org/northtown/reports/")),
]
TOO_WIDE_JS = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
  .slice(0, 8)
  .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
    + ' right=' + Math.round(el.getBoundingClientRect().right))"""
AUDIENCES = {
    "signed-out": (None, SIGNED_OUT + LEARNING + [("every-block-lesson", every_block_lesson)]),
    "org-admin": ("admin@example.org", ORG_ADMIN),
    "learner": ("learner@example.org", LEARNER),
    "lead": ("lead@example.org", LEAD),
}


def check_exit_control(page):
    """The exit control is on the page, and Tab reaches the skip link first, then the exit button.

    Called straight after a page loads, so focus starts at the top of the document.
    """
    exit_button = page.locator("#exit-this-page")
    if exit_button.count() != 1 or not exit_button.is_visible():
        return ["the exit control is missing or hidden"]
    page.keyboard.press("Tab")
    first = page.evaluate("document.activeElement && document.activeElement.className")
    page.keyboard.press("Tab")
    second = page.evaluate("document.activeElement && document.activeElement.id")
    problems = []
    if "skip-link" not in (first or ""):
        problems.append(f"first Tab stop is not the skip link (got class {first!r})")
    if second != "exit-this-page":
        problems.append(f"second Tab stop is not the exit button (got id {second!r})")
    return problems


@pytest.mark.parametrize("audience", list(AUDIENCES))
def test_every_page_type(audience, page, demo_site, tokens, every_block_lesson, sign_in, screenshot):
    email, pages = AUDIENCES[audience]
    base = demo_site.url
    tokens = {**tokens, "every_block_lesson": every_block_lesson}
    if email:
        sign_in(page, email)
    problems = []
    for name, reach in pages:
        label = f"{audience}/{name}"
        page.set_viewport_size(DESKTOP)
        reach(page, base, tokens)
        for problem in check_exit_control(page):
            problems.append(f"{label} ({page.url}): {problem}")
        violations = scan(page)
        if violations:
            problems.append(f"{label} ({page.url}): {len(violations)} axe violation(s)\n" + describe(violations))
        page.evaluate("document.activeElement && document.activeElement.blur()")
        screenshot(page, f"{audience}-{name}-desktop")

        page.set_viewport_size(NARROW)
        if not page.locator("#exit-this-page").is_visible():
            problems.append(f"{label}: the exit control is hidden at 320 px")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROW["width"]:
            wide = page.evaluate(TOO_WIDE_JS)
            problems.append(f"{label}: scrolls sideways at 320 px (scrollWidth {width}); too wide: {wide}")
        screenshot(page, f"{audience}-{name}-320")
    if problems:
        print("\n\n".join(problems))
    assert not problems, "\n\n".join(problems)
