"""Question-quality check: flags the cues that let a test-wise learner guess without understanding.

Pure functions over plain data, so the same rules run in a test over the content files and in
the Wagtail admin report over what editors have published. An *item* is a dict:

    {"ref": "tp-01", "where": "three-principles quiz", "kind": "single",
     "prompt": "...", "answer": None, "options": [{"text": "...", "correct": True}, ...]}

True-or-false items have no options and carry `answer` (True or False) instead.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.utils.translation import gettext_lazy as _

# A keyed option more than this many times as long as the longest wrong option gives itself away.
KEYED_LONGEST_RATIO = 1.3
# Options whose longest is more than this many times the shortest look uneven on the page.
UNEVEN_RATIO = 2.5
# The content may have at most this share of items flagged (the quality test enforces it).
MAX_FLAGGED_SHARE = 0.10

ABSOLUTE = re.compile(r"\b(always|never|only)\b", re.IGNORECASE)
# "not only" and "if only" are not absolute claims.
NOT_ABSOLUTE = re.compile(r"\b(not|if)\s+only\b", re.IGNORECASE)
ABOVE = re.compile(r"\b(all|none|both|neither)\s+of\s+the\s+above\b", re.IGNORECASE)

# An item, as described above: its values are of several kinds (text, a flag, a list of options).
Item = dict[str, Any]
_ItemT = TypeVar("_ItemT", bound=Mapping[str, Any])


@dataclass(frozen=True)
class Flag:
    code: str
    message: object  # a lazy translation


MESSAGES = {
    "keyed_longest": _("The right answer is the longest option by more than 30%: shorten it or lengthen the others."),
    "uneven": _("The options are of very uneven length: make them similar in length and form."),
    "absolute": _("A wrong option or a false statement uses 'always', 'never' or 'only', which gives it away."),
    "above": _("'All of the above' or 'none of the above' tests test-taking, not understanding."),
    "duplicate": _("Two options say the same thing."),
}


def _norm(text: str | None) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", (text or "").lower()).split())


def _has_absolute(text: str | None) -> bool:
    return bool(ABSOLUTE.search(NOT_ABSOLUTE.sub(" ", text or "")))


def check_item(item: Mapping[str, Any]) -> list[Flag]:
    """Every flag that applies to one item (an empty list when it is clean)."""
    codes: list[str] = []
    options = item.get("options") or []
    if not options:
        if item.get("answer") is False and _has_absolute(item.get("prompt")):
            codes.append("absolute")
        return [Flag(code, MESSAGES[code]) for code in codes]
    lengths = [len((o["text"] or "").strip()) for o in options]
    right = [n for n, o in enumerate(options) if o.get("correct")]
    wrong = [n for n, o in enumerate(options) if not o.get("correct")]
    if len(right) == 1 and wrong:
        longest_wrong = max(lengths[n] for n in wrong)
        if lengths[right[0]] > KEYED_LONGEST_RATIO * longest_wrong:
            codes.append("keyed_longest")
    if len(lengths) > 1 and min(lengths) and max(lengths) > UNEVEN_RATIO * min(lengths):
        codes.append("uneven")
    if any(_has_absolute(options[n]["text"]) for n in wrong):
        codes.append("absolute")
    if any(ABOVE.search(o["text"] or "") for o in options):
        codes.append("above")
    normalised = [_norm(o["text"]) for o in options]
    if len(set(normalised)) < len(normalised):
        codes.append("duplicate")
    return [Flag(code, MESSAGES[code]) for code in codes]


def check_items(items: Iterable[_ItemT]) -> list[tuple[_ItemT, list[Flag]]]:
    """[(item, flags)] for the flagged items only, in the order given."""
    results: list[tuple[_ItemT, list[Flag]]] = []
    for item in items:
        flags = check_item(item)
        if flags:
            results.append((item, flags))
    return results


def flagged_share(items: Iterable[Mapping[str, Any]]) -> float:
    items = list(items)
    return (len(check_items(items)) / len(items)) if items else 0.0


# Turning content into items. Both the content files and the stored StreamField data have the
# same shapes once read, so one set of functions serves both.


def _opts(options: Iterable[Mapping[str, Any]]) -> list[dict[str, str | bool]]:
    return [{"text": str(o.get("text", "")), "correct": bool(o.get("correct"))} for o in options]


def quiz_items(questions: Iterable[Mapping[str, Any]], where: str) -> list[Item]:
    """Items from a quiz's questions, as in quizzes/content/quizzes/*.yaml (type, key, prompt...)."""
    items: list[Item] = []
    for q in questions:
        kind, ref = q["type"], q["key"]
        if kind in ("single", "multiple"):
            items.append(
                {"ref": ref, "where": where, "kind": kind, "prompt": q["prompt"], "options": _opts(q["options"])}
            )
        elif kind == "true_false":
            items.append({"ref": ref, "where": where, "kind": kind, "prompt": q["prompt"], "answer": bool(q["answer"])})
        elif kind == "scenario":
            for n, part in enumerate(q["parts"]):
                items.append(
                    {
                        "ref": f"{ref} part {n + 1}",
                        "where": where,
                        "kind": "scenario",
                        "prompt": part["prompt"],
                        "options": _opts(part["options"]),
                    }
                )
    return items


def lesson_items(blocks: Iterable[Mapping[str, Any]], where: str) -> list[Item]:
    """Items from a lesson's body blocks ({type, value} or {type, value, id}): checks and scenarios."""
    items: list[Item] = []
    for n, block in enumerate(blocks):
        if block["type"] not in ("check_understanding", "scenario"):
            continue
        value = block["value"]
        items.append(
            {
                "ref": block.get("id") or f"block {n + 1}",
                "where": where,
                "kind": block["type"],
                "prompt": value["question"],
                "options": _opts(value["options"]),
            }
        )
    return items
