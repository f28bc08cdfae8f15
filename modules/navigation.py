"""A lesson's place in its module (module, siblings, previous and next) and the pathways, cached between
publishes.

Signed-in lesson pages then query only the learner's own records. Both are kept in the shared page cache
under its generation (s2t_learn/page_cache.py), which any publish, unpublish, move, rename or delete of a
page, or a published snippet, moves on: one number retires every cached page, route and navigation at once.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models.signals import post_delete
from wagtail.models import Page

TIMEOUT = 60 * 60 * 24


@dataclass(frozen=True)
class NavPage:
    pk: int
    title: str
    url: str
    summary: str = ""
    content_note: str = ""


def module_navigation(lesson):
    """(module, [lessons]) for the module this lesson belongs to, as plain cached values."""
    module_path = lesson.path[: -Page.steplen]

    def load():
        from .models import ModulePage
        from .selectors import lessons_by_module

        module = ModulePage.objects.get(path=module_path)
        lessons = lessons_by_module([module])[module.pk]
        return (
            NavPage(module.pk, module.title, module.url, module.summary, module.content_note),
            [NavPage(item.pk, item.title, item.url, item.summary) for item in lessons],
        )

    from s2t_learn.page_cache import kept_under_generation

    return kept_under_generation(f"lesson-nav:{module_path}", load, TIMEOUT)


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
    """Every pathway with its modules, in name order: kept under the page cache's generation, so that saving
    a pathway (a snippet) or publishing a module retires it, in every process."""
    from s2t_learn.page_cache import kept_under_generation

    from .models import Pathway

    return kept_under_generation(
        "pathways", lambda: list(Pathway.objects.prefetch_related("pathway_modules__module").order_by("name")), TIMEOUT
    )
