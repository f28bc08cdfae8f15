"""Checks that keep identifying details out of an audit. Pure: text in, a message (or None) out.

A file reference is the organisation's own opaque code for a file (for example "F17-03"). It must not be,
or contain, a name, a date (of birth or anything else), or a national identifier: a CHI number (10 digits,
Scotland), an NHS number (10 digits, England and Wales), a Health and Care number (Northern Ireland), or a
National Insurance number. Free text must not hold a name-and-date pattern or an identifier.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

REFERENCE_MAX = 20
_REFERENCE_CHARS = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-_/.]*$")
_DATE = re.compile(
    r"(\b\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}\b)"
    r"|(\b\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2}\b)"
    r"|(\b\d{1,2}(st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{2,4}\b)",
    re.IGNORECASE,
)
# Six digits in a row read as ddmmyy (the first six digits of a CHI number are the date of birth).
_SIX_DIGIT_DATE = re.compile(r"(?<!\d)(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d{2}(?!\d)")
_TEN_DIGITS = re.compile(r"(?<!\d)\d{3}[\s\-]?\d{3}[\s\-]?\d{4}(?!\d)")
_NI_NUMBER = re.compile(r"\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]?\b", re.IGNORECASE)
_TITLE_NAME = re.compile(r"\b(Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[A-Z][a-z'\-]+")
_TWO_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z'\-]{1,}\s+[A-Z][a-z'\-]{1,}\b")


def _identifier_message(text):
    if _TEN_DIGITS.search(text):
        return _("This looks like a CHI, NHS or Health and Care number. Never enter one.")
    if _NI_NUMBER.search(text):
        return _("This looks like a National Insurance number. Never enter one.")
    return None


def reference_problem(reference):
    """Why a file reference cannot be accepted, or None when it can."""
    reference = (reference or "").strip()
    if not reference:
        return _("Give the file a reference: your own code for it, such as F17-03.")
    if len(reference) > REFERENCE_MAX:
        return _("Keep the reference to %(n)s characters or fewer.") % {"n": REFERENCE_MAX}
    if " " in reference or not _REFERENCE_CHARS.match(reference):
        return _(
            "Use only letters, digits and - _ / . with no spaces. A reference must not be a name: use your own "
            "code, such as F17-03."
        )
    if reference.isalpha() and len(reference) > 3:
        return _("This could be a name. Use a code with digits in it, such as F17-03, not a name.")
    identifier = _identifier_message(reference)
    if identifier:
        return identifier
    if _DATE.search(reference) or _SIX_DIGIT_DATE.search(reference):
        return _("This looks like a date, which could be a date of birth. Use a code such as F17-03 instead.")
    if re.search(r"\d{8,}", reference):
        return _("A long run of digits could be an identifier. Use a shorter code, such as F17-03.")
    return None


def free_text_problem(text):
    """Why free text cannot be kept, or None. Refuses identifiers, and a name together with a date."""
    text = text or ""
    if not text.strip():
        return None
    identifier = _identifier_message(text)
    if identifier:
        return identifier
    has_date = bool(_DATE.search(text) or _SIX_DIGIT_DATE.search(text))
    has_name = bool(_TITLE_NAME.search(text) or _TWO_CAPITALISED.search(text))
    if has_date and has_name:
        return _(
            "This looks like a name with a date, which could identify a family. Describe the practice instead, "
            "without names or dates of birth."
        )
    return None


def no_identifying_text(value):
    """A model field validator: free_text_problem's message as a ValidationError."""
    problem = free_text_problem(value)
    if problem:
        raise ValidationError(problem, code="identifying")
