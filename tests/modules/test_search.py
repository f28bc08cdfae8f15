"""Search: each result names its module, shows a marked snippet, and appears once."""

import re

import pytest
from django.urls import reverse

from modules import search as text
from modules.models import LessonPage, ModulePage

# Pure functions -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", []),
        (None, []),
        ("a", []),
        ("Coercive control", ["coercive", "control"]),
        ("control, CONTROL control", ["control"]),
        ("of it", ["it", "of"]),
        ("co control", ["control", "co"]),
        ("<script>", ["script"]),
    ],
)
def test_terms(query, expected):
    assert text.terms(query) == expected


def test_plain_text_reads_raw_streamfield_data():
    raw = [
        {"type": "heading", "value": "First section", "id": "a1"},
        {"type": "text", "value": "Some **bold** text with a [link](/about/).", "id": "a2"},
        {
            "type": "scenario",
            "value": {
                "title": "An invented family",
                "options": [{"text": "Look at his pattern", "correct": True, "feedback": "<p>Yes.</p>"}],
                "url": "http://127.0.0.1/x",
            },
            "id": "a3",
        },
        {"type": "continuum_explorer", "value": None, "id": "a4"},
    ]
    flat = text.plain_text(raw)
    assert flat == "First section Some bold text with a link. An invented family Look at his pattern Yes."
    assert "http" not in flat and "True" not in flat and "a2" not in flat


def test_highlight_marks_matches_and_escapes_everything_else():
    html = text.highlight("Control & <b>coercive</b> controlling", ["control"])
    assert html == "<mark>Control</mark> &amp; &lt;b&gt;coercive&lt;/b&gt; <mark>control</mark>ling"
    assert text.highlight("uncontrolled", ["control"]) == "uncontrolled"  # words start with the term
    assert text.highlight("<i>", []) == "&lt;i&gt;"


def test_snippet_is_cut_around_the_first_match_at_word_boundaries():
    words = " ".join(f"word{n}" for n in range(200))
    body = words + " the perpetrator's pattern of coercive control " + words
    result = text.snippet(body, ["coercive"], length=120)
    assert "<mark>coercive</mark>" in result
    assert result.startswith("… ") and result.endswith(" …")
    inner = result[2:-2]
    assert not re.match(r"^\S*\d\s", inner) or inner.split()[0].startswith("word")
    assert len(re.sub(r"<[^>]+>", "", inner)) <= 120
    assert text.snippet("nothing here", ["coercive"]) == ""
    assert text.snippet("coercive control at the start", ["coercive"]).startswith("<mark>coercive</mark>")
    assert "…" not in text.snippet("short coercive text", ["coercive"])


def test_snippet_escapes_the_text():
    assert text.snippet("<script>alert(1)</script> control", ["control"]) == (
        "&lt;script&gt;alert(1)&lt;/script&gt; <mark>control</mark>"
    )


def test_collapse_keeps_the_first_of_each():
    assert text.collapse([1, 2, 1, 3, 2], key=lambda x: x) == [1, 2, 3]
    assert text.collapse([], key=lambda x: x) == []


# The page -------------------------------------------------------------------------------------

pytestmark = pytest.mark.django_db


def test_results_name_their_module_and_mark_the_words(client, curriculum, site_pages):
    html = client.get(reverse("lesson_search"), {"q": "coercive control"}).content.decode()
    results = re.findall(r'<li class="search-result">(.*?)</li>', html, re.S)
    assert results
    lessons = [r for r in results if "Lesson in the module" in r]
    assert lessons, "no lesson results"
    module_titles = set(ModulePage.objects.values_list("title", flat=True))
    for result in lessons:
        named = re.search(r"Lesson in the module (.+?)</span>", result).group(1).replace("&amp;", "&")
        assert named in module_titles
    assert all("<mark>" in r for r in results), "a result without a marked word"


def test_one_lesson_is_listed_once_even_if_found_twice(client, curriculum, site_pages, monkeypatch):
    lesson = LessonPage.objects.live().filter(body__icontains="coercive").first()
    from wagtail.query import PageQuerySet

    original = PageQuerySet.search

    def doubled(self, *args, **kwargs):
        found = list(original(self, *args, **kwargs))
        return found + found if self.model is LessonPage else found

    monkeypatch.setattr(PageQuerySet, "search", doubled)
    html = client.get(reverse("lesson_search"), {"q": "coercive"}).content.decode()
    hrefs = re.findall(r'<li class="search-result">\s*<a href="([^"]+)"', html)
    assert lesson.url in hrefs
    assert len(hrefs) == len(set(hrefs))


def test_search_is_quick(client, curriculum, site_pages, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        client.get(reverse("lesson_search"), {"q": "coercive control"})


def test_no_results_and_an_empty_query(client, curriculum, site_pages):
    html = client.get(reverse("lesson_search"), {"q": "zzxqv"}).content.decode()
    assert "0 results" in html and "Nothing matched" in html
    empty = client.get(reverse("lesson_search")).content.decode()
    assert "search-results" not in empty and "Nothing matched" not in empty


def test_every_page_has_the_header_search_box(client, curriculum, site_pages):
    for url in ["/", "/modules/", reverse("certificate_verify_form"), "/about/"]:
        html = client.get(url).content.decode()
        assert 'role="search"' in html and 'for="header-search-q"' in html, url
        assert f'action="{reverse("lesson_search")}"' in html, url
    html = client.get(reverse("lesson_search"), {"q": "pattern"}).content.decode()
    assert 'id="header-search-q" name="q" value="pattern"' in html
