from django import forms
from django.utils.translation import gettext_lazy as _


class AssignmentForm(forms.Form):
    """Everyone, a team, or one person. A small organisation's people are listed by name; in a larger one
    (more than PEOPLE_LISTED members) a person is chosen by their email address instead."""

    PEOPLE_LISTED = 50

    module = forms.ChoiceField(label=_("Module"))
    audience = forms.ChoiceField(label=_("Who is it for?"), required=False)
    person_email = forms.EmailField(
        label=_("Or one person: their email address"),
        required=False,
        help_text=_("The address they sign in with. Leave empty to assign it to everyone or the team chosen above."),
    )
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Optional. For example 31 3 2027."),
    )

    def __init__(self, *args, modules=(), teams=(), members=None, **kwargs):
        """`members`: the organisation's memberships to list by name, or None when there are too many."""
        super().__init__(*args, **kwargs)
        self.fields["module"].choices = [("", _("Choose a module"))] + [(str(m.pk), m.title) for m in modules]
        self.fields["audience"].choices = (
            [("", _("Everyone in the organisation"))]
            + [(f"team:{t.pk}", _("Team: %(name)s") % {"name": t.name}) for t in teams]
            + [(f"user:{m.user_id}", _("Person: %(name)s") % {"name": m.user.display_name}) for m in members or ()]
        )
        if members is not None:
            del self.fields["person_email"]

    def target(self):
        email = self.cleaned_data.get("person_email") or ""
        audience = self.cleaned_data.get("audience") or ""
        kind, _sep, pk = audience.partition(":")
        if email:
            return {"team_id": pk if kind == "team" else None, "user_email": email}
        return {"team_id": pk if kind == "team" else None, "user_id": pk if kind == "user" else None}
