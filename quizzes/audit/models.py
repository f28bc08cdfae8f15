"""Case-file audits, as Edinburgh ran them: pairs of readers rate files against five measures, then agree.

The measures are content (a Wagtail snippet with drafts and revisions). Each audit keeps a snapshot of the
published measures it used, so an editor's later change never rewrites a past audit. A file is only an
opaque reference that the organisation chooses, plus its comparison group: nothing identifying a family.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import DraftStateMixin, RevisionMixin
from wagtail.snippets.models import register_snippet

from s2t_learn.models import Organisation

from .privacy import no_identifying_text

RATING_CHOICES = [("fully", _("Fully met")), ("partially", _("Partially met")), ("not_met", _("Not met"))]
RATING_VALUES = [value for value, _label in RATING_CHOICES]


@register_snippet
class AuditMeasure(DraftStateMixin, RevisionMixin, models.Model):
    """One best-practice measure a case file is read against, with guidance for readers."""

    key = models.SlugField(max_length=60, unique=True, help_text=_("Stable identifier; never change it."))
    title = models.CharField(max_length=200)
    question = models.TextField(help_text=_("What the reader asks of the file."))
    guidance = models.TextField(help_text=_("What to look for, from the audit's findings."))
    fully = models.TextField(help_text=_("What fully meeting best practice looks like."))
    partially = models.TextField(help_text=_("What partly meeting it looks like."))
    not_met = models.TextField(help_text=_("What not meeting it looks like."))
    domain_key = models.SlugField(
        max_length=60, blank=True, help_text=_("The self-assessment area this measure gives evidence for (optional).")
    )
    sort_order = models.PositiveIntegerField(default=0)

    panels = [
        FieldPanel("title"),
        FieldPanel("key"),
        FieldPanel("question"),
        FieldPanel("guidance"),
        FieldPanel("fully"),
        FieldPanel("partially"),
        FieldPanel("not_met"),
        FieldPanel("domain_key"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "key"]

    def __str__(self):
        return self.title


class Audit(models.Model):
    """One case-file audit by an organisation."""

    TITLE_MAX = 200
    CRITERIA_MAX = 2000
    MAX_GROUPS = 6
    GROUP_NAME_MAX = 80

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="audits")
    # The rules for each field (and their messages) are here, once: the audit services run full_clean.
    title = models.CharField(
        max_length=TITLE_MAX,
        validators=[no_identifying_text],
        error_messages={
            "blank": _("Give the audit a name, for example 'Case-file audit 2027'."),
            "max_length": _("Keep the name to %(limit_value)s characters or fewer."),
        },
    )
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    sample_criteria = models.TextField(
        max_length=CRITERIA_MAX,
        blank=True,
        # A TextField's max_length is only a hint to forms: the validator makes the model enforce it.
        validators=[MaxLengthValidator(CRITERIA_MAX), no_identifying_text],
        error_messages={"max_length": _("Keep this to %(limit_value)s characters or fewer.")},
    )
    groups = models.JSONField(default=list, help_text=_("The comparison groups, in order."))
    snapshot = models.JSONField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def measures(self):
        return self.snapshot["measures"]


class AuditReader(models.Model):
    """A member reading files for one audit, with the professional background used to mix pairs."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="readers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    background = models.CharField(
        max_length=120,
        validators=[no_identifying_text],
        error_messages={
            "blank": _("Say the reader's professional background, for example 'Social work'."),
            "max_length": _("Keep the background to %(limit_value)s characters or fewer, for example 'Social work'."),
        },
    )

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["audit", "user"], name="one_reader_row_per_audit")]

    def __str__(self):
        return f"Reader {self.pk}"


class AuditFile(models.Model):
    """A case file in the sample: an opaque local reference and a comparison group. Nothing identifying."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="files")
    reference = models.CharField(max_length=20)
    group = models.CharField(max_length=80)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["audit", "reference"], name="one_reference_per_audit")]

    def __str__(self):
        return self.reference


class Reading(models.Model):
    """One reader's ratings of one file: {measure key: {"value": ..., "reason": ...}}."""

    file = models.ForeignKey(AuditFile, on_delete=models.CASCADE, related_name="readings")
    reader = models.ForeignKey(AuditReader, on_delete=models.CASCADE, related_name="readings")
    ratings = models.JSONField(default=dict)
    updated_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["file", "reader"], name="one_reading_per_reader")]

    def __str__(self):
        return f"Reading {self.pk}"


class AgreedRating(models.Model):
    """The pair's agreed rating for a measure they rated differently, with the reason, who and when.

    A history: agreeing again adds an entry and never overwrites one. The latest entry is the current
    agreed rating; earlier ones stay as the record of earlier decisions."""

    file = models.ForeignKey(AuditFile, on_delete=models.CASCADE, related_name="agreed")
    measure_key = models.CharField(max_length=60)
    value = models.CharField(max_length=12, choices=RATING_CHOICES)
    reason = models.TextField(max_length=1000)
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    agreed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["agreed_at", "pk"]
        indexes = [models.Index(fields=["file", "measure_key"], name="agreed_file_measure")]

    def __str__(self):
        return f"Agreed rating for {self.measure_key}"
