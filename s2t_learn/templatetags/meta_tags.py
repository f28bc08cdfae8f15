"""The page's <meta name="description">: what search engines and link previews show."""

from django import template
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

register = template.Library()


def default_description():
    return _(
        "Free, self-paced learning about the Safe & Together Model for people who work with children and "
        "families, with knowledge quizzes and a self-assessment for services. Independent and open source."
    )


def _first_text(body):
    """The first block of running text in a StreamField body (no database access)."""
    for block in body or []:
        if getattr(block, "block_type", "") in ("heading", "image", "video", "resource"):
            continue
        value = getattr(block, "value", None)
        source = getattr(value, "source", value)  # RichText keeps its HTML in .source
        if isinstance(source, str) and strip_tags(source).strip():
            return source
    return ""


def description_for(page):
    """search_description if an editor wrote one; else the page's summary or intro; else a default."""
    if page is None:
        return default_description()
    page = getattr(page, "specific_deferred", page)
    for attribute in ("search_description", "summary", "intro", "description"):
        text = strip_tags(str(getattr(page, attribute, "") or "")).strip()
        if text:
            return text
    text = strip_tags(_first_text(getattr(page, "body", None))).strip()
    return text or default_description()


@register.simple_tag
def page_description(page=None):
    return " ".join(description_for(page).split())
