from django import forms
from django.utils.translation import gettext_lazy as _


class AssignmentForm(forms.Form):
    module = forms.ChoiceField(label=_("Module"))
    audience = forms.ChoiceField(label=_("Who is it for?"), required=False)
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Optional. For example 31 3 2027."),
    )

    def __init__(self, *args, modules=(), teams=(), members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].choices = [("", _("Choose a module"))] + [(str(m.pk), m.title) for m in modules]
        self.fields["audience"].choices = (
            [("", _("Everyone in the organisation"))]
            + [(f"team:{t.pk}", _("Team: %(name)s") % {"name": t.name}) for t in teams]
            + [(f"user:{m.user_id}", _("Person: %(name)s") % {"name": m.user.display_name}) for m in members]
        )

    def target(self):
        audience = self.cleaned_data.get("audience") or ""
        kind, _sep, pk = audience.partition(":")
        return {"team_id": pk if kind == "team" else None, "user_id": pk if kind == "user" else None}
