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
class Survey(ClusterableModel):
    title = models.CharField(max_length=200)
    scale = models.JSONField(default=list, help_text=_("Five labels, for ratings 1 to 5."))
    is_active = models.BooleanField(default=True)

    panels = [FieldPanel("title"), FieldPanel("scale"), FieldPanel("is_active"), InlinePanel("items", label=_("Items"))]

    def __str__(self):
        return self.title


class SurveyItem(Orderable):
    KINDS = [("knowledge", _("Knowledge")), ("confidence", _("Confidence"))]

    survey = ParentalKey(Survey, on_delete=models.CASCADE, related_name="items")
    key = models.SlugField(max_length=60)
    kind = models.CharField(max_length=16, choices=KINDS)
    text = models.TextField()

    panels = [FieldPanel("key"), FieldPanel("kind"), FieldPanel("text")]

    def __str__(self):
        return self.text[:80]


class SurveyResponse(models.Model):
    class Stage(models.TextChoices):
        BEFORE = "before", _("Before")
        AFTER = "after", _("After")
        FOLLOW_UP = "follow_up", _("Three months later")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_responses")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    stage = models.CharField(max_length=16, choices=Stage.choices)
    ratings = models.JSONField(help_text=_("item key -> rating 1 to 5"))
    submitted_at = models.DateTimeField(default=timezone.now)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    skipped = models.BooleanField(
        default=False, help_text=_("The learner chose not to rate this stage (asked once); no ratings are kept.")
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "survey", "stage"], name="one_rating_per_stage")]

    def __str__(self):
        return f"{self.get_stage_display()} ratings"
