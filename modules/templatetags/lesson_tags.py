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
