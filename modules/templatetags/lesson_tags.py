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
