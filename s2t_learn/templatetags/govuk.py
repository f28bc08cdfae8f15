"""govuk-frontend's classes for Django form fields and the site's status tags.

Form widgets are rendered without classes in Python; includes/field.html asks here which
govuk-frontend component a field is and renders its widget with that component's classes.
"""

from django import forms, template

register = template.Library()

CHOICE_WIDGETS = ((forms.CheckboxSelectMultiple, "checkboxes"), (forms.RadioSelect, "radios"))
WIDGET_CLASSES = (
    (forms.CheckboxInput, "govuk-checkboxes__input"),
    (forms.Textarea, "govuk-textarea"),
    (forms.SelectMultiple, "govuk-select"),
    (forms.Select, "govuk-select"),
    (forms.FileInput, "govuk-file-upload"),
    (forms.widgets.Input, "govuk-input"),
)

# The colour of a status tag (govuk-tag's modifiers, each tested for contrast). Unknown: the plain tag.
TAG_COLOURS = {
    "valid": "green",
    "completed": "green",
    "better": "green",
    "in_progress": "yellow",
    "ongoing": "blue",
    "not_started": "grey",
    "used": "grey",
    "expired": "red",
    "revoked": "red",
    "harmful": "red",
}


@register.filter
def govuk_kind(field):
    """Which component renders the field: "radios", "checkboxes", "checkbox" or "input"."""
    widget = field.field.widget
    for widget_class, kind in CHOICE_WIDGETS:
        if isinstance(widget, widget_class):
            return kind
    return "checkbox" if isinstance(widget, forms.CheckboxInput) else "input"


def _classes(field, base):
    extra = field.field.widget.attrs.get("class", "")
    error = f" {base}--error" if field.errors and base in {"govuk-input", "govuk-textarea", "govuk-select"} else ""
    return f"{base}{error} {extra}".strip()


@register.filter
def govuk_widget(field):
    """The field's widget with govuk-frontend's classes (its error modifier when it has errors)."""
    widget = field.field.widget
    base = next((cls for widget_class, cls in WIDGET_CLASSES if isinstance(widget, widget_class)), "")
    if not base:
        return field.as_widget()
    return field.as_widget(attrs={"class": _classes(field, base)})


@register.filter
def govuk_options(field):
    """The radios' or checkboxes' inputs, each with its component's input class."""
    kind = govuk_kind(field)
    css = f"govuk-{kind}__input"
    widget = field.field.widget
    if css not in widget.attrs.get("class", ""):
        widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()
    return field.subwidgets


@register.filter
def tag_colour(status):
    """govuk-tag's colour modifier for a status, or nothing."""
    colour = TAG_COLOURS.get(str(status))
    return f"govuk-tag--{colour}" if colour else ""
