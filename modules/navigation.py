"""A lesson's place in its module (module, siblings, previous and next), cached between publishes.

Signed-in lesson pages then query only the learner's own records. Any publish, unpublish, move or
delete of a page bumps a version number, which retires every cached navigation at once.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

VERSION_KEY = "lesson-nav:version"
TIMEOUT = 60 * 60 * 24


@dataclass(frozen=True)
class NavPage:
    pk: int
    title: str
    url: str
    summary: str = ""
    content_note: str = ""


def version():
    return cache.get_or_set(VERSION_KEY, 1, None)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_delete, sender=Page)
def _retire_navigation(**kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def module_navigation(lesson):
    """(module, [lessons]) for the module this lesson belongs to, as plain cached values."""
    key = f"lesson-nav:{version()}:{lesson.path[: -Page.steplen]}"
    found = cache.get(key)
    if found is None:
        from .models import ModulePage
        from .selectors import lessons_by_module

        module = ModulePage.objects.get(path=lesson.path[: -Page.steplen])
        lessons = lessons_by_module([module])[module.pk]
        found = (
            NavPage(module.pk, module.title, module.url, module.summary, module.content_note),
            [NavPage(item.pk, item.title, item.url, item.summary) for item in lessons],
        )
        cache.set(key, found, TIMEOUT)
    return found


LEVEL_TEXTS_KEY = "continuum-level-texts"


def continuum_level_texts():
    """The five editable continuum level texts, in order, cached until an editor saves one."""
    from .models import ContinuumLevelText

    texts = cache.get(LEVEL_TEXTS_KEY)
    if texts is None:
        texts = list(ContinuumLevelText.objects.order_by("number"))
        cache.set(LEVEL_TEXTS_KEY, texts, TIMEOUT)
    return texts


def _retire_level_texts(**kwargs):
    cache.delete(LEVEL_TEXTS_KEY)


def connect_level_text_signals():
    from django.db.models.signals import post_save

    from .models import ContinuumLevelText

    post_save.connect(_retire_level_texts, sender=ContinuumLevelText, dispatch_uid="retire-level-texts-saved")
    post_delete.connect(_retire_level_texts, sender=ContinuumLevelText, dispatch_uid="retire-level-texts-deleted")


def all_pathways():
    """Every pathway with its modules, in name order: kept in the shared page cache under its generation,
    so that saving a pathway (a snippet) or publishing a module retires it, in every process."""
    from s2t_learn import page_cache

    from .models import Pathway

    def load():
        return list(Pathway.objects.prefetch_related("pathway_modules__module").order_by("name"))

    try:
        store = page_cache.page_cache()
        key = f"pathways:{page_cache.current_generation(store)}"
        found = store.get(key)
        if found is None:
            found = load()
            store.set(key, found, TIMEOUT)
    except Exception:  # noqa: BLE001 - a cache outage means reading them, never an error
        return load()
    return found
