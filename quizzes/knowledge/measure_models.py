"""The before-and-after measure of knowledge and confidence."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable
from wagtail.snippets.models import register_snippet


@register_snippet
class Measure(ClusterableModel):
    title = models.CharField(max_length=200)
    scale = models.JSONField(default=list, help_text=_("Five labels, for ratings 1 to 5."))
    is_active = models.BooleanField(default=True)

    panels = [FieldPanel("title"), FieldPanel("scale"), FieldPanel("is_active"), InlinePanel("items", label=_("Items"))]

    class Meta:
        verbose_name = _("before-and-after measure")
        verbose_name_plural = _("before-and-after measures")

    def __str__(self):
        return self.title


class MeasureItem(Orderable):
    KINDS = [("knowledge", _("Knowledge")), ("confidence", _("Confidence"))]

    measure = ParentalKey(Measure, on_delete=models.CASCADE, related_name="items")
    key = models.SlugField(max_length=60)
    kind = models.CharField(max_length=16, choices=KINDS)
    text = models.TextField()

    panels = [FieldPanel("key"), FieldPanel("kind"), FieldPanel("text")]

    def __str__(self):
        return self.text[:80]


class MeasureResponse(models.Model):
    class Stage(models.TextChoices):
        BEFORE = "before", _("Before")
        AFTER = "after", _("After")
        FOLLOW_UP = "follow_up", _("Three months later")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="measure_responses")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="responses")
    stage = models.CharField(max_length=16, choices=Stage.choices)
    ratings = models.JSONField(help_text=_("item key -> rating 1 to 5"))
    submitted_at = models.DateTimeField(default=timezone.now)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    skipped = models.BooleanField(
        default=False, help_text=_("The learner chose not to rate this stage (asked once); no ratings are kept.")
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "measure", "stage"], name="one_rating_per_stage")]

    def __str__(self):
        return f"{self.get_stage_display()} ratings"


class CohortTable(models.Model):
    """One organisation's before-and-after table for one closed calendar quarter, fixed the first time it
    is worked out and shown as it is ever after, so that nobody's joining or leaving changes it
    (quizzes.knowledge.measure_rules.closed_cohorts). Means only: no person is named or linked."""

    organisation = models.ForeignKey("s2t_learn.Organisation", on_delete=models.CASCADE, related_name="+")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="cohort_tables")
    quarter = models.CharField(max_length=7, help_text=_('The quarter the "after" ratings were sent in: 2026-Q1.'))
    people = models.PositiveIntegerField()
    rows = models.JSONField(null=True, blank=True, help_text=_("Mean ratings per item; empty when withheld."))
    withheld_because = models.CharField(
        max_length=8, blank=True, help_text=_('"small" (under the minimum) or "close" (too close to another group).')
    )
    fixed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "measure", "quarter"], name="one_table_per_quarter")
        ]

    def __str__(self):
        return f"Before-and-after table {self.quarter}"
