from django import template

from quizzes.continuum_levels import FLAG_CHOICES, GATE_CHOICES, NOT_APPLICABLE_CHOICE, ContinuumLevel

register = template.Library()
ANSWER_LABELS = dict([*FLAG_CHOICES, *GATE_CHOICES, NOT_APPLICABLE_CHOICE])


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def answer_label(value):
    return ANSWER_LABELS.get(value, "Unknown") if value else "Unknown"


@register.filter
def level_label(key):
    try:
        return ContinuumLevel.from_key(key).label
    except (KeyError, AttributeError):
        return ""


@register.filter
def domain_title(rows, key):
    return next((row["domain"]["title"] for row in rows if row["domain"]["key"] == key), key)
