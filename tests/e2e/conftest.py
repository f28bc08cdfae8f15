"""Real-browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Every test here is marked ``e2e`` and is skipped when ``S2T_SKIP_E2E=1`` or when /usr/bin/chromium
is missing. The browser only ever talks to the loopback live server: Chromium sends every other address
to a proxy on a closed loopback port, where it fails (see CHROMIUM_ARGS), and the exit URL is pointed at
the live server's /healthz.
"""

import os
import re
import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import handlers as static_handlers
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

from s2t_learn.selectors import membership_for

# Playwright's sync API runs an event loop in this thread; the live server's ORM calls are safe here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # Nothing beyond loopback: every other address goes to a proxy on a closed loopback port and fails
    # (Chromium never sends loopback addresses through a proxy). Blocking in the browser, rather than
    # with a Playwright route on every request, keeps the browser's cache and spares a round trip through
    # Playwright for each request (about a sixth of the browser run's time).
    "--proxy-server=http://127.0.0.1:9",
]
DEMO_PASSWORD = "demo-learn-2026"
ARTIFACTS = Path(__file__).parent / "artifacts"
E2E_DIR = Path(__file__).parent


class _NoDelayWSGIServer(ThreadedWSGIServer):
    """The live server, answering without Nagle's delay.

    Django's server writes a response's headers and its body separately; with Nagle's algorithm on,
    the second write waits for the browser's delayed ACK, about 40 ms on Linux, on every request
    (measured: 44-57 ms a request, against 10-37 ms with TCP_NODELAY). Over the browser journeys'
    thousands of requests that wait was a large part of the run.
    """

    def get_request(self):
        connection, address = super().get_request()
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection, address


LiveServerThread.server_class = _NoDelayWSGIServer


class _CachedStaticFilesHandler(static_handlers.StaticFilesHandler):
    """The live server's static files, which the browser may keep for the test run.

    Django's handler sends no Cache-Control, so each page a test opens fetched the stylesheet and the
    scripts again (about seven requests a page, each served by Python in the test process). The files do
    not change while the tests run, and each test's browser context starts with an empty cache. In
    production WhiteNoise serves them, with its own headers (not this handler).
    """

    def serve(self, request):
        response = super().serve(request)
        response["Cache-Control"] = "max-age=3600"
        return response


# pytest-django's live server reads the handler from this module when it starts.
static_handlers.StaticFilesHandler = _CachedStaticFilesHandler


def _skip_reason():
    if os.environ.get("S2T_SKIP_E2E") == "1":
        return "e2e tests skipped: S2T_SKIP_E2E=1"
    if not Path(CHROMIUM).exists():
        return f"e2e tests skipped: {CHROMIUM} not found (apt-get install -y chromium)"
    return None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Mark (and, if need be, skip) every test under tests/e2e, and run them after all the others.

    pytest-django puts live-server tests after the database tests, because their flush empties the
    tables (including data loaded once per session). pytest's own reordering by session-scoped
    parameters (pytest-playwright's browser_name) can then pull them forward again, so move them
    to the end here, last of all.
    """
    reason = _skip_reason()
    e2e, others = [], []
    for item in items:
        if E2E_DIR in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))
            e2e.append(item)
        else:
            others.append(item)
    items[:] = others + e2e


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {"executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 800}, "locale": "en-GB"}


@pytest.fixture
def new_page(new_context):
    """Make a page in a fresh browser context (its own cookies), that can only reach loopback.

    A ``viewport`` (which browser_context_args already sets, so the context cannot take it again)
    is applied to the page before it loads anything.
    """

    pages = []

    def _new_page(viewport=None, **context_args):
        ctx = new_context(**context_args)
        ctx.set_default_timeout(10_000)
        page = ctx.new_page()
        if viewport:
            page.set_viewport_size(viewport)
        pages.append(page)
        return page

    yield _new_page
    # Let every page finish loading before the live server's database is flushed. A page whose last
    # click started a download has nothing more to load, and never says so: it is left as it is.
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for page in pages:
        if not page.is_closed():
            try:
                page.wait_for_load_state("load")
            except PlaywrightTimeout:
                pass


@pytest.fixture
def context(new_page):
    """pytest-playwright's context (and so its page), with every request not to loopback aborted."""
    return new_page().context


@pytest.fixture
def page(context):
    return context.pages[0]


@pytest.fixture(autouse=True)
def _configured_throttle_rates(monkeypatch):
    """The API throttles at the rates the test settings configure, whatever another test left.

    DRF reads its rates into class attributes once; a test that lowers them and restores them
    wrongly would leave the API docs page (three throttled requests) answering 429 here.
    """
    from rest_framework.settings import api_settings
    from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

    for throttle in (AnonRateThrottle, UserRateThrottle):
        monkeypatch.setattr(throttle, "THROTTLE_RATES", api_settings.DEFAULT_THROTTLE_RATES)


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


# The page-type screenshots (tests/e2e/artifacts/, two a page: desktop and 320 px) cost about a tenth of the
# browser run, so `make test` takes them only in CI or when asked: E2E_SCREENSHOTS=1 (`make screenshots`).
SCREENSHOTS = os.environ.get("E2E_SCREENSHOTS", "1" if os.environ.get("CI") else "0") == "1"


@pytest.fixture
def screenshot(artifacts):
    """Save a full-page screenshot of a page under tests/e2e/artifacts/, when screenshots are on."""

    def _screenshot(page, name):
        if SCREENSHOTS:
            page.screenshot(path=artifacts / f"{name}.png", full_page=True)

    return _screenshot


@pytest.fixture
def exit_url(live_server):
    return live_server.url + "/healthz"


@pytest.fixture(scope="session")
def _demo_snapshot():
    """Holds an in-memory SQLite copy of the database just after load_demo, once one is made."""
    holder = {}
    yield holder
    if "db" in holder:
        holder["db"].close()


def _load_demo():
    # load_demo also restores what the flush after each live-server test removes (the default
    # locale, the root collection, the page root): see s2t_learn.site_setup.ensure_root.
    call_command("load_demo", verbosity=0)


@pytest.fixture
def demo_site(live_server, exit_url, _demo_snapshot):
    """The demo content and people (load_demo), in place for this test, with a loopback exit URL.

    pytest-django flushes the database after each live-server test, so the data is loaded for each
    test. On SQLite (the test default) load_demo runs once and later tests restore a copy of the
    result with SQLite's backup API, which takes milliseconds instead of seconds; on other
    databases load_demo runs every time.
    """
    import sqlite3

    from django.db import connection

    from s2t_learn.models import SiteSettings

    if connection.vendor != "sqlite":
        _load_demo()
    elif "db" in _demo_snapshot:
        from django.contrib.contenttypes.models import ContentType

        connection.ensure_connection()
        _demo_snapshot["db"].backup(connection.connection)
        ContentType.objects.clear_cache()
    else:
        _load_demo()
        connection.ensure_connection()
        snapshot = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(snapshot)
        _demo_snapshot["db"] = snapshot
    SiteSettings.objects.update(exit_url=exit_url)
    return live_server


@pytest.fixture
def sign_in(live_server):
    """Sign in through the real form; returns once the signed-in header shows."""

    def _sign_in(page, email, password=DEMO_PASSWORD):
        page.goto(live_server.url + "/accounts/login/")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password", exact=True).fill(password)
        page.locator("main").get_by_role("button", name="Sign in").click()
        page.get_by_role("button", name="Sign out").wait_for()

    return _sign_in


@pytest.fixture
def tokens(demo_site):
    """A fresh invitation token and join-link token for the demo organisation (and its admin)."""
    from datetime import timedelta

    from django.utils import timezone

    from s2t_learn import services
    from s2t_learn.models import Invitation, Organisation, Role, User

    admin = User.objects.get(email="admin@example.org")
    organisation = Organisation.objects.get(slug="northtown")
    invitation = Invitation.objects.create(
        organisation=organisation,
        email="invited.colleague@example.org",
        role=Role.LEARNER,
        invited_by=admin,
        expires_at=timezone.now() + timedelta(days=14),
    )
    link = services.create_join_link(membership=membership_for(admin, "northtown"))
    return {"invitation": services.issue_invitation_token(invitation), "join_link": link.token}


@pytest.fixture
def emailed_link(live_server):
    """The first link matching a regex in the emails sent to an address, moved onto the live server.

    Emails build links from settings.SITE_URL (http://127.0.0.1:8000); the scheme and host are
    swapped for the live server's so the browser stays on it.
    """

    from django.core import mail

    def _emailed_link(to, pattern):
        # The live server runs in this process and the test settings use the locmem backend.
        bodies = [message.body for message in mail.outbox if to in message.to]
        assert bodies, f"No email to {to}; sent: {[(m.to, m.subject) for m in mail.outbox]}"
        match = re.search(pattern, "\n".join(bodies))
        assert match, f"No link matching {pattern!r} in:\n" + "\n---\n".join(bodies)
        parts = urlsplit(match.group(0))
        return live_server.url + parts.path + (f"?{parts.query}" if parts.query else "")

    return _emailed_link


@pytest.fixture
def sign_up(live_server, emailed_link):
    """Sign up through the real form and confirm by the emailed link; returns once signed in."""

    def _sign_up(page, email, full_name, sector_label, password):
        page.goto(live_server.url + "/accounts/signup/")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Your name").fill(full_name)
        page.get_by_label("Where do you work?").select_option(label=sector_label)
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_label("Password (again)").fill(password)
        page.locator("main form").get_by_role("button", name="Sign up").click()
        page.get_by_role("heading", level=1, name=re.compile("Verify")).wait_for()
        page.goto(emailed_link(email, r"https?://\S+/accounts/confirm-email/[^\s/]+/"))
        page.locator("main").get_by_role("button", name="Confirm").click()
        page.get_by_role("button", name="Sign out").wait_for()

    return _sign_up


EVERY_BLOCK_SLUG = "every-block"


def _every_block_body(image_id):
    """Raw StreamField data with one block of every lesson block type (and every callout kind)."""
    import uuid

    from modules.loader import raw_block

    options = [
        {"text": "The perpetrator's pattern of behaviour", "correct": True, "feedback": "Yes: start there."},
        {"text": "The survivor's choices alone", "correct": False, "feedback": "That puts the burden on her."},
    ]
    blocks = [
        {"type": "heading", "value": "A heading for the first section"},
        {"type": "text", "value": "Some **plain** text with a [link](/about/) and a list:\n\n- one\n- two"},
        {"type": "callout", "value": {"kind": "key_point", "title": "A key point", "text": "Key point text."}},
        {"type": "callout", "value": {"kind": "practice_tip", "title": "A practice tip", "text": "Tip text."}},
        {"type": "callout", "value": {"kind": "content_note", "title": "A content note", "text": "Note text."}},
        {"type": "quote", "value": {"text": "A quotation to think about.", "source": "An invented source, 2026"}},
        {"type": "reflective_question", "value": {"prompt": "What do you notice first?", "hint": "Take your time."}},
        {
            "type": "scenario",
            "value": {
                "title": "An invented family",
                "vignette": "A fictional parent tells you about her week.",
                "question": "What do you focus on?",
                "options": options,
            },
        },
        {
            "type": "reframing",
            "value": {
                "context": "A review meeting.",
                "harmful": "Why doesn't she just leave?",
                "model_answer": "What has he done that makes leaving dangerous?",
                "reasons": "It puts the focus on the person who causes the harm.",
            },
        },
        {"type": "check_understanding", "value": {"question": "Where does the assessment start?", "options": options}},
        {
            "type": "video",
            "value": {
                "title": "A short talk",
                "url": "http://127.0.0.1/video-placeholder",
                "transcript": "What the speaker says, in full.",
            },
        },
        {
            "type": "resource",
            "value": {
                "title": "A practice briefing",
                "description": "Four pages.",
                "url": "http://127.0.0.1/resource-placeholder",
            },
        },
        {"type": "continuum_explorer", "value": None},
    ]
    body = [raw_block(block, EVERY_BLOCK_SLUG, n) for n, block in enumerate(blocks)]
    image = {
        "type": "image",
        "value": {"image": image_id, "alt_text": "A plain blue rectangle", "caption": "A caption for the image"},
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, "every-block-image")),
    }
    body.insert(5, image)
    return body


@pytest.fixture
def every_block_lesson(demo_site):
    """A published lesson (in the Practice skills module) that uses every block type; its URL path."""
    import io
    import json

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    from modules.models import LessonPage, ModulePage

    buffer = io.BytesIO()
    PILImage.new("RGB", (160, 90), "#22477a").save(buffer, format="PNG")
    image = get_image_model().objects.create(
        title="Every block test image", file=ImageFile(buffer, name="every-block.png")
    )
    module = ModulePage.objects.get(slug="practice-skills")
    lesson = LessonPage(
        title="Every kind of block",
        slug=EVERY_BLOCK_SLUG,
        summary="A lesson made by the tests, with one block of each type.",
        body=json.dumps(_every_block_body(image.pk)),
    )
    module.add_child(instance=lesson)
    lesson.save_revision().publish()
    yield LessonPage.objects.get(pk=lesson.pk).get_url_parts()[2]
    # Files outlive the database flush: remove the original and any renditions made while serving.
    storage = image.file.storage
    names = [image.file.name] + [r.file.name for r in image.renditions.all()]
    for name in names:
        if storage.exists(name):
            storage.delete(name)


def fetch_link(page, link):
    """The file a visible link leads to, fetched with the page's own cookies through Playwright's request
    context, which has a timeout. (Chromium's `download.path()` has none, and on a busy machine a
    download has been seen never to finish.) Returns the APIResponse: `.body()`, `.headers`."""
    from urllib.parse import urljoin

    href = link.get_attribute("href")
    assert href, "the link has no address"
    response = page.request.get(urljoin(page.url, href), timeout=60_000)
    assert response.ok, (href, response.status)
    return response
