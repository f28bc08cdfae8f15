"""Which lessons need a content note, decided in one place.

A lesson whose text mentions any of the terms below starts with a content note. Editors write a
lesson's own note (the `content_note` field, or `content_note:` in the content files); where a
lesson needs one and has none, the loader gives it STANDARD_NOTE. A test walks every lesson with
the same function, so the rule and the check cannot drift apart.
"""

import json
import re

from django.utils.html import strip_tags

# Word stems matched at the start of a word, case-insensitively ("injur" matches injury and injuries).
DISTRESSING_TERMS = (
    "violence",
    "violent",
    "strangl",
    "choked",
    "choking",
    "non-fatal strangulation",
    "injur",
    "restrain",
    "restraint",
    "sexual abuse",
    "sexually abus",
    "rape",
    "raped",
    "assault",
    "suicid",
    "kill",
    "homicide",
    "murder",
    "beaten",
    "punched",
    "kicked",
    "self-harm",
)

# Names of approaches and documents, not descriptions of harm: they alone do not need a note.
BENIGN_PHRASES = (
    "violence-informed",
    "violence informed",
)

STANDARD_NOTE = (
    "This lesson describes abuse, which may include physical violence, injuries or harm to children. "
    "Take a break whenever you need to."
)

_TERMS = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in DISTRESSING_TERMS) + r")", re.IGNORECASE)
_BENIGN = re.compile("|".join(re.escape(p) for p in BENIGN_PHRASES), re.IGNORECASE)


def plain_text(value):
    """The words in a lesson's body (raw StreamField data, or any nested lists, dicts and HTML strings)."""
    if isinstance(value, str):
        return strip_tags(value)
    if isinstance(value, dict):
        return " ".join(plain_text(v) for k, v in value.items() if k not in ("id", "type"))
    if isinstance(value, (list, tuple)):
        return " ".join(plain_text(v) for v in value)
    if value is None or isinstance(value, (bool, int, float)):
        return ""
    return plain_text(json.loads(json.dumps(value, default=str)))


def distressing_terms(text):
    """The distressing terms a text uses (lower case, in order of first use, each once)."""
    found = []
    for match in _TERMS.finditer(_BENIGN.sub(" ", text or "")):
        word = match.group(0).lower()
        if word not in found:
            found.append(word)
    return found


def needs_note(text):
    return bool(distressing_terms(text))


def note_for(text, own_note=""):
    """The note a lesson shows: its own note if it has one, the standard note if its text needs one."""
    own_note = " ".join((own_note or "").split())
    if own_note:
        return own_note
    return STANDARD_NOTE if needs_note(text) else ""
