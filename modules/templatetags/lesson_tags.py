from django import template

register = template.Library()


@register.filter
def lookup(mapping, key):
    """`answers|lookup:block_id`: a value from a dict, or an empty string."""
    if not mapping:
        return ""
    return mapping.get(str(key), "")


@register.filter
def as_str(value):
    return str(value)


@register.simple_tag(takes_context=True)
def ordered_options(context, options, block_id):
    """[(original index, option)] in the order this learner sees them (see modules/option_order.py)."""
    from modules.option_order import option_order

    request = context.get("request")
    user = getattr(request, "user", None)
    user_id = user.pk if user is not None and user.is_authenticated else None
    options = list(options)
    return [(n, options[n]) for n in option_order([bool(o["correct"]) for o in options], str(block_id), user_id)]


# Block types whose HTML differs between readers: their own written answers and the form's CSRF token
# (reflective questions, reframing), or the order their options are shown in (check_understanding,
# scenario: ordered_options above). tests/modules/test_lesson_block_cache.py checks the block templates.
PERSONAL_BLOCKS = frozenset({"reflective_question", "reframing", "check_understanding", "scenario"})
BLOCKS_TIMEOUT = 60 * 60 * 24


@register.simple_tag(takes_context=True)
def shared_blocks(context, page):
    """{block id: HTML} of the lesson's blocks that read the same for everyone, rendered once per live
    revision (in each language) under the page cache's generation, so any publish retires them; the
    personal blocks are rendered for each reader. {} in a preview."""
    from django.utils.safestring import mark_safe
    from django.utils.translation import get_language

    from s2t_learn.page_cache import kept_under_generation

    request = context.get("request")
    if page.pk is None or getattr(request, "is_preview", False):
        return {}

    def render():
        found = {}
        for block in page.body:
            if block.block_type not in PERSONAL_BLOCKS:
                with context.push(block_id=block.id):
                    found[str(block.id)] = str(block.render_as_block(context=context.flatten()))
        return found

    found = kept_under_generation(
        f"lesson-blocks:v1:{page.pk}:{page.live_revision_id}:{get_language()}", render, BLOCKS_TIMEOUT
    )
    return {block_id: mark_safe(html) for block_id, html in found.items()}  # noqa: S308 - our own rendering
