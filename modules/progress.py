"""Where the curriculum's pages read a learner's module progress from.

The rule for completing a module needs lessons and quizzes, and quizzes own it
(``quizzes.knowledge.completion``): dependencies point one way, so this app never imports quizzes.
The quizzes app registers its reader here when Django starts (``QuizzesConfig.ready``); modules'
pages (My learning, module page, lesson page, pathway) call ``statuses`` and get back objects with
the attributes their templates use (``is_complete``, ``completed``, ``lesson_count``, ``quiz``,
``quiz_state``, ``next_step`` ...). The quizzes app also registers the step a learner meets before
their first lesson (the "before" ratings of the before-and-after measure), and the panels it adds
to My learning (its certificates and measure, the self-assessments a person is asked to answer).
"""

from collections.abc import Callable, Iterable
from typing import Any

_reader: Callable[[Any, Iterable], dict] | None = None
_before_lesson: Callable[[Any, Any], str | None] | None = None
_my_learning_panels: list[tuple[str, Callable[[Any], Any] | None]] = []


def register(reader: Callable[[Any, Iterable], dict]) -> None:
    """reader(user, modules) -> {module id: progress}."""
    global _reader
    _reader = reader


def statuses(user, modules) -> dict:
    """{module id: the user's progress in it}, by the one completion rule."""
    if _reader is None:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("No module progress reader is registered: is the quizzes app installed?")
    return _reader(user, list(modules))


def register_before_lesson(hook: Callable[[Any, Any], str | None]) -> None:
    """hook(request, lesson) -> a URL to send the learner to before this lesson, or None."""
    global _before_lesson
    _before_lesson = hook


def before_lesson(request, lesson) -> str | None:
    """Where a learner should go before reading this lesson (the "before" ratings, asked once)."""
    return _before_lesson(request, lesson) if _before_lesson else None


def register_my_learning_panel(template_name: str, data: Callable[[Any], Any] | None = None) -> None:
    """Add a panel to My learning: `template_name` is included with `panel` set to `data(user)`."""
    if not any(name == template_name for name, _ in _my_learning_panels):
        _my_learning_panels.append((template_name, data))


def my_learning_panels(user) -> list[dict]:
    """[{"template": ..., "panel": ...}] for each registered panel, in the order they were registered."""
    return [{"template": name, "panel": data(user) if data else None} for name, data in _my_learning_panels]
