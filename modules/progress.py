"""Where the curriculum's pages read a learner's module progress from.

The rule for completing a module needs lessons and quizzes, and quizzes own it
(``quizzes.knowledge.completion``): dependencies point one way, so this app never imports quizzes.
The quizzes app registers its reader here when Django starts (``QuizzesConfig.ready``); modules'
pages (My learning, module page, lesson page, pathway) call ``statuses`` and get back objects with
the attributes their templates use (``is_complete``, ``completed``, ``lesson_count``, ``quiz``,
``quiz_state``, ``next_step`` ...).
"""

from collections.abc import Callable, Iterable
from typing import Any

_reader: Callable[[Any, Iterable], dict] | None = None


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
