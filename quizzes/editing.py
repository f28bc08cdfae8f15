"""Admin form helpers that the parts' editable snippets share (statements, recommendations)."""

from django.utils.translation import gettext_lazy as _


def lock_key_once_set(form, field_name="key"):
    """A stable key, once saved, cannot be changed in the admin: results and plans refer to it."""
    if form.instance.pk and getattr(form.instance, field_name, "") and field_name in form.fields:
        form.fields[field_name].disabled = True
        form.fields[field_name].help_text = _("Set when this was created; it cannot change.")
