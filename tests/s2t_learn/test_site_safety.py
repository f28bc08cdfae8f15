import pytest

from s2t_learn.demo_content import SAFETY_SLUG
from s2t_learn.site_setup import ensure_pages

pytestmark = pytest.mark.django_db


def test_the_safety_page_is_a_page_editors_can_change(site_pages):
    page = site_pages.get_children().get(slug=SAFETY_SLUG).specific
    assert page.title == "Using this site safely"
    assert page.live
    ensure_pages()  # idempotent: a second run neither duplicates nor overwrites it
    assert site_pages.get_children().filter(slug=SAFETY_SLUG).count() == 1


def test_the_safety_page_says_what_exit_can_and_cannot_do(client, site_pages):
    html = client.get(f"/{SAFETY_SLUG}/").content.decode()
    for words in ["cannot wipe your browser history", "private window", "Android, Chrome", "iPhone, Safari"]:
        assert words in html


def test_the_exit_bar_links_the_safety_page_on_every_page(client, site_pages):
    for url in ["/", "/about/", "/accounts/login/"]:
        html = client.get(url).content.decode()
        bar = html[html.index('class="exit-this-page"') : html.index('class="site-header"')]
        assert f'href="/{SAFETY_SLUG}/"' in bar
