"""Search results people can judge at a glance: pure functions, no database.

A lesson's text is flattened from its StreamField data, and a snippet around the first match is cut
from it with the matched words marked (<mark>), everything else escaped.
"""

import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

SNIPPET_LENGTH = 220
MIN_TERM_LENGTH = 2
# Block fields that are not reading text (ids, links, kinds, flags).
SKIPPED_KEYS = {"id", "type", "url", "kind", "correct", "image", "alt_text"}

_MARKDOWN = [
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # [text](url) -> text
    (re.compile(r"[*_`#>]+"), ""),  # emphasis, code, headings, quotes
]

_Hit = TypeVar("_Hit")


def terms(query: str | None) -> list[str]:
    """The words of a query worth marking: lower case, unique, longest first (so 'control' wins over 'co')."""
    words = {w.lower() for w in re.findall(r"\w+", query or "") if len(w) >= MIN_TERM_LENGTH}
    return sorted(words, key=lambda w: (-len(w), w))


def plain_text(value: object) -> str:
    """Reading text from StreamField raw data (dicts, lists, strings) or rendered values."""
    if value is None or isinstance(value, bool | int | float):
        return ""
    if isinstance(value, str):
        text = strip_tags(value)
        for pattern, replacement in _MARKDOWN:
            text = pattern.sub(replacement, text)
        return " ".join(text.split())
    if isinstance(value, Mapping):
        if "type" in value and "value" in value:  # a raw block
            return plain_text(value["value"])
        return " ".join(filter(None, (plain_text(v) for k, v in value.items() if k not in SKIPPED_KEYS)))
    if isinstance(value, Sequence):  # lists, and StreamField's RawDataView
        return " ".join(filter(None, (plain_text(v) for v in value)))
    source = getattr(value, "source", None)  # wagtail RichText
    return plain_text(source) if isinstance(source, str) else ""


def _pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")", re.IGNORECASE) if words else None


def highlight(text: str, words: Sequence[str]) -> SafeString:
    """Escape text and wrap each word that starts with a search term in <mark>."""
    pattern = _pattern(words)
    if pattern is None:
        return mark_safe(escape(text))  # noqa: S308 - escaped just now
    out: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped


def snippet(text: str, words: Sequence[str], length: int = SNIPPET_LENGTH) -> str:
    """About `length` characters of text around the first match, cut at word boundaries, marked.

    Returns "" when no word matches (the caller can fall back to the summary).
    """
    pattern = _pattern(words)
    match = pattern.search(text) if pattern else None
    if match is None:
        return ""
    start = max(0, match.start() - length // 3)
    end = min(len(text), start + length)
    start = max(0, min(start, end - length))
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < match.start() else start
    if end < len(text):
        space = text.rfind(" ", match.end(), end)
        end = space if space > match.end() else end
    piece = text[start:end].strip()
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(escape(prefix) + highlight(piece, words) + escape(suffix))  # noqa: S308


def collapse(hits: Iterable[_Hit], key: Callable[[_Hit], Hashable]) -> list[_Hit]:
    """Keep the first of each hit that shares a key, in order (one lesson found twice is listed once)."""
    seen: set[Hashable] = set()
    kept: list[_Hit] = []
    for hit in hits:
        k = key(hit)
        if k not in seen:
            seen.add(k)
            kept.append(hit)
    return kept
