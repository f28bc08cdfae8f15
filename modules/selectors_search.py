"""Site search: lessons and modules that match what a visitor typed (the words' rules: modules/search.py)."""

from __future__ import annotations

from typing import Any

from .models import LessonPage, ModulePage


def search(query: str | None, limit: int = 30) -> list[dict[str, Any]]:
    """Lessons and modules matching a query, each once, each naming its module, with a marked snippet."""
    from . import search as text

    query = (query or "").strip()[:200]
    if not query:
        return []
    words = text.terms(query)
    lessons = text.collapse(LessonPage.objects.live().public().search(query, operator="or")[:limit], key=lambda p: p.pk)
    modules = text.collapse(ModulePage.objects.live().public().search(query, operator="or")[:10], key=lambda p: p.pk)
    parent_paths = {lesson.path[: -ModulePage.steplen] for lesson in lessons}
    parents = {m.path: m for m in ModulePage.objects.live().filter(path__in=parent_paths).only("title", "path")}
    results: list[dict[str, Any]] = []
    for lesson in lessons:
        module = parents.get(lesson.path[: -ModulePage.steplen])
        if module is None:  # a lesson whose module is unpublished is not offered
            continue
        body = text.plain_text(lesson.body.raw_data)
        results.append(
            {
                "page": lesson,
                "kind": "lesson",
                "title": text.highlight(lesson.title, words),
                "module": module,
                "snippet": text.snippet(body, words) or text.snippet(lesson.summary, words) or lesson.summary,
            }
        )
    for module in modules:
        about = " ".join(filter(None, [module.summary, module.content_note]))
        results.append(
            {
                "page": module,
                "kind": "module",
                "title": text.highlight(module.title, words),
                "module": module,
                "snippet": text.snippet(about, words) or module.summary,
            }
        )
    return results
