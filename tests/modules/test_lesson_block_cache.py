"""A lesson's blocks that read the same for everyone are rendered once per live revision and kept in the
page cache (issue 17); the blocks that differ between readers are rendered for each of them."""

import re
from pathlib import Path

import pytest
from django.core.cache import caches

from modules.templatetags.lesson_tags import PERSONAL_BLOCKS
from tests.factories import UserFactory
from tests.page_factories import build_module, module_index

pytestmark = pytest.mark.django_db
BLOCK_TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "blocks"
READER_SPECIFIC = re.compile(r"\buser\b|request\.|csrf_token|answers\||ordered_options")


def test_every_block_template_that_reads_the_reader_is_rendered_per_reader():
    """A block template that uses the reader (or includes one that does) must be one of PERSONAL_BLOCKS."""
    specific = {path.name for path in BLOCK_TEMPLATES.glob("*.html") if READER_SPECIFIC.search(path.read_text())}
    including = {
        path.stem
        for path in BLOCK_TEMPLATES.glob("*.html")
        if any(f'"blocks/{name}"' in path.read_text() for name in specific)
    }
    direct = {name.removesuffix(".html") for name in specific if not name.startswith("_")}
    assert direct | including <= PERSONAL_BLOCKS, direct | including
    assert including == {"reflective_question", "reframing", "check_understanding", "scenario"}


@pytest.fixture
def lesson(site_pages):
    _module, lessons, _quiz = build_module(module_index(site_pages), lessons=2, questions=3)
    return lessons[0]


def signed_in(client):
    client.force_login(UserFactory())
    session = client.session
    session["measure-before-settled"] = True
    session.save()


def test_shared_blocks_are_kept_and_a_publish_shows_at_once(client, lesson):
    signed_in(client)
    written = lesson.body[1].value.source.removeprefix("<p>").removesuffix("</p>")  # "What ... teaches."
    first = client.get(lesson.url).content.decode()
    assert written in first
    kept = [key for key in caches["pages"]._cache if "lesson-blocks" in key]
    assert len(kept) == 1
    from wagtail.rich_text import RichText

    lesson.body[1] = ("text", RichText("<p>A paragraph an editor rewrote.</p>"))
    lesson.save_revision().publish()
    again = client.get(lesson.url).content.decode()
    assert "A paragraph an editor rewrote." in again and written not in again


def test_personal_blocks_still_differ_between_readers(client, lesson):
    """Each reader's option order in a check (modules/option_order.py) survives the shared cache."""

    def options_seen(user):
        client.force_login(user)
        session = client.session
        session["measure-before-settled"] = True
        session.save()
        html = client.get(lesson.url).content.decode()
        return re.findall(r'name="choice-[^"]*" value="(\d+)"', html)

    orders = {tuple(options_seen(UserFactory())) for _ in range(8)}
    assert len(orders) > 1  # not one order frozen in the cache for everyone
