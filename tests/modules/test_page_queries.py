"""Every curriculum page a learner opens stays within 10 queries once warm, the same at small and large
data (issue 17): the routing, the pathways and the lesson navigation are kept between publishes; only
the learner's own records are read each time. (Cold, just after a publish, they read the curriculum
again: see the closing notes of issue 17.)"""

import pytest
from django.urls import reverse

from modules.models import Pathway, PathwayModule
from tests.factories import UserFactory
from tests.page_factories import LessonPageFactory, build_module, lesson_body, module_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def small(site_pages):
    index = module_index(site_pages)
    modules = [build_module(index, lessons=3, questions=3)[0] for _ in range(3)]
    pathway = Pathway.objects.create(name="Schools", slug="schools-test", sectors=["education"])
    for order, module in enumerate(modules):
        PathwayModule.objects.create(pathway=pathway, module=module, sort_order=order)
    return index, modules


def grow(modules, lessons=40):
    for module in modules:
        for n in range(lessons):
            lesson = LessonPageFactory(parent=module, **lesson_body(f"Extra {n}"))
            lesson.save_revision().publish()


def pages(modules):
    lesson = modules[0].get_children().live().first().specific
    return ["/modules/", modules[0].url, lesson.url, reverse("my_learning")]


def counts(client, modules):
    """{url: (cold, warm)}: cold with the shared page cache emptied (as after a publish), then warm."""
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    found = {}
    for url in pages(modules):
        caches["pages"].clear()
        with CaptureQueriesContext(connection) as cold:
            assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as warm:
            assert client.get(url).status_code == 200, url
        found[url] = (len(cold), len(warm))
    return found


def test_learner_pages_are_within_10_queries_warm_and_do_not_grow_with_lessons(client, small):
    _index, modules = small
    learner = UserFactory(sector="education")
    client.force_login(learner)
    session = client.session
    session["measure-before-settled"] = True  # the "before" ratings are their own page, asked once
    session.save()
    counts(client, modules)  # the process's own caches (content types) are filled once, as in any worker
    before = counts(client, modules)
    grow(modules)  # 40 more lessons in each module
    after = counts(client, modules)
    for url, (_cold, warm) in after.items():
        assert warm <= 10, (url, warm)
        assert warm <= before[url][1], (url, before[url], after[url])  # no more with more lessons


def test_saving_a_pathway_shows_at_once(client, small):
    _index, modules = small
    learner = UserFactory(sector="education")
    client.force_login(learner)
    assert "Schools" in client.get("/modules/").content.decode()
    pathway = Pathway.objects.get(slug="schools-test")
    pathway.name = "Schools and colleges"
    pathway.save()
    assert "Schools and colleges" in client.get("/modules/").content.decode()


def test_publishing_a_lesson_shows_in_its_siblings_navigation_at_once(client, small):
    """The lesson navigation is kept under the page cache's generation, which a publish moves on."""
    _index, modules = small
    client.force_login(UserFactory(sector="education"))
    session = client.session
    session["measure-before-settled"] = True
    session.save()
    first, second = [page.specific for page in modules[0].get_children().live()[:2]]
    assert second.title in client.get(first.url).content.decode()  # now kept in the cache
    second.title = "Listening to the child first"
    second.save_revision().publish()
    assert "Listening to the child first" in client.get(first.url).content.decode()
