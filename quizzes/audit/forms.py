from django import forms
from django.utils.translation import gettext_lazy as _

from s2t_learn.forms import model_text_field

from .models import RATING_CHOICES, Audit, AuditReader

NO_FAMILY_DETAILS = _("Do not enter names, dates of birth or details that could identify a family.")


class NewAuditForm(forms.Form):
    title = model_text_field(Audit, "title", label=_("Name of the audit"), help_text=NO_FAMILY_DETAILS)
    period_start = forms.DateField(
        label=_("Reading starts (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label=_("Reading ends (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sample_criteria = model_text_field(
        Audit,
        "sample_criteria",
        label=_("How the files were chosen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: three or more police concern reports in six months, and a completed risk and need "
            "assessment. Do not enter names, dates of birth or details that could identify a family."
        ),
    )
    groups = forms.CharField(
        label=_("Groups to compare, one a line"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example 'Worker trained in the model' and 'Worker not trained'. Groups of fewer than 5 files "
            "are withheld from the results. Do not enter names."
        ),
    )
    previous = forms.ChoiceField(label=_("Compare with an earlier audit"), required=False)

    def __init__(self, *args, audits=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["previous"].choices = [("", _("The organisation's previous audit, if any"))] + [
            (str(a.pk), a.title) for a in audits
        ]

    def cleaned_groups(self):
        return [line.strip() for line in self.cleaned_data["groups"].splitlines() if line.strip()]


class ReaderForm(forms.Form):
    user = forms.ChoiceField(label=_("Member who will read files"))
    background = model_text_field(
        AuditReader,
        "background",
        label=_("Their professional background"),
        help_text=_("For example: social work, health visiting, police, education. Used to mix the pairs."),
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [(str(m.user_id), m.user.display_name) for m in members]


class FileForm(forms.Form):
    reference = forms.CharField(
        label=_("File reference"),
        max_length=40,
        help_text=_(
            "Your own code for the file, such as F17-03. Never a name, a date of birth, a CHI, NHS or "
            "National Insurance number: the platform refuses anything that looks like one."
        ),
    )
    group = forms.ChoiceField(label=_("Group"))
    first_reader = forms.ChoiceField(label=_("First reader"))
    second_reader = forms.ChoiceField(label=_("Second reader"))

    def __init__(self, *args, groups=(), readers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [(g, g) for g in groups]
        choices = [(str(r.pk), f"{r.user.display_name} ({r.background})") for r in readers]
        self.fields["first_reader"].choices = choices
        self.fields["second_reader"].choices = choices


class AgreeForm(forms.Form):
    value = forms.ChoiceField(label=_("Agreed rating"), choices=RATING_CHOICES, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Why you agreed this"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NO_FAMILY_DETAILS,
    )


class ReportForm(forms.Form):
    kind = forms.ChoiceField(choices=[("audit_pdf", "PDF"), ("audit_csv", "CSV")])
