"""From placement to action: the recommendation library, targets, the action plan, reports and reminders.

Recommendations are content (Wagtail snippets, loaded with the framework). Targets and action items
belong to an organisation and outlive any one round. Report files are kept in the database, not in
public media, so only the download view (which checks the person and a signed, expiring link) serves them.
"""

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, LockableMixin, PreviewableMixin, RevisionMixin, WorkflowMixin
from wagtail.signals import page_published, page_unpublished
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from quizzes.assessment.models import Round
from s2t_learn.models import Organisation, Team

from ..continuum_levels import ContinuumLevel, level_choices
from ..editing import lock_key_once_set

NO_FAMILY_DETAILS = _("Do not enter names or details that could identify a family or a person using the service.")

# The level a service is AT when a recommendation applies. Proficient has none: there is no step up.
RECOMMENDATION_LEVEL_CHOICES = level_choices([level for level in ContinuumLevel if level < ContinuumLevel.PROFICIENT])
TARGET_LEVEL_CHOICES = level_choices(
    [level for level in ContinuumLevel if level > ContinuumLevel.DESTRUCTIVE], by="number"
)


def domain_key_choices():
    from quizzes.assessment.models import Domain

    seen = {}
    for key, title in Domain.objects.order_by("framework__is_active", "sort_order").values_list("key", "title"):
        seen[key] = f"{title} ({key})"
    return sorted(seen.items(), key=lambda item: item[1])


class RecommendationForm(WagtailAdminModelForm):
    """Choose the area and the other areas it lifts from the framework's domains, not by typing keys."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = domain_key_choices()
        current = self.initial.get("domain_key")
        if current and current not in dict(choices):
            choices.append((current, current))
        self.fields["domain_key"] = forms.ChoiceField(
            choices=choices, label=_("Area (domain)"), initial=current, help_text=_("The area this next step is for.")
        )
        self.fields["lifts"] = forms.MultipleChoiceField(
            choices=choices,
            widget=forms.CheckboxSelectMultiple,
            required=False,
            label=_("Other areas it also lifts"),
            initial=self.initial.get("lifts") or [],
        )
        lock_key_once_set(self)


class ResourceBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200)
    url = blocks.URLBlock(label=_("Link"))
    description = blocks.CharBlock(required=False, max_length=300)

    class Meta:
        icon = "link"
        label = _("Resource")


class Recommendation(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, ClusterableModel):
    """A concrete next step for a service at a given level in one area of the continuum.

    Edits are drafts until a moderator publishes them (the default workflow), and editors preview them
    as a results page shows them first; the public pages read only the live version.
    """

    key = models.SlugField(max_length=60, unique=True, help_text=_("Stable identifier; never change it."))
    domain_key = models.SlugField(max_length=60, db_index=True)
    level = models.CharField(
        max_length=16,
        choices=RECOMMENDATION_LEVEL_CHOICES,
        help_text=_("The level the service is at now. The action should move it up one step."),
    )
    title = models.CharField(max_length=200)
    action = models.TextField(help_text=_("What to do, concretely: who does what, by when, and how you will know."))
    outcome = models.TextField(
        blank=True,
        help_text=_(
            "How change will be seen in practice (optional; a default is written from the area and level). "
            "A referral or a training course is not an outcome: changed practice is."
        ),
    )
    lifts = models.JSONField(default=list, blank=True)
    audit_measure_key = models.SlugField(
        max_length=60,
        blank=True,
        help_text=_(
            "The case-file audit measure this step would improve (optional), for example 'perpetrator-centre'."
        ),
    )
    settings = models.JSONField(
        default=list,
        blank=True,
        help_text=_(
            "The settings this step is written for (empty: every setting). A round opened for one "
            "setting shows the steps for it."
        ),
    )
    addresses = models.JSONField(
        default=list, blank=True, help_text=_("The statement keys this step works on (the ones holding the area back).")
    )
    modules = ParentalManyToManyField(
        "modules.ModulePage", blank=True, related_name="+", help_text=_("Learning to assign for this step.")
    )
    resources = StreamField([("resource", ResourceBlock())], blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    panels = [
        FieldPanel("title"),
        FieldPanel("key"),
        FieldPanel("domain_key"),
        FieldPanel("level"),
        FieldPanel("action"),
        FieldPanel("outcome"),
        FieldPanel("lifts"),
        FieldPanel("audit_measure_key"),
        FieldPanel("settings"),
        FieldPanel("addresses"),
        FieldPanel("modules", widget=forms.CheckboxSelectMultiple),
        FieldPanel("resources"),
        FieldPanel("sort_order"),
    ]
    base_form_class = RecommendationForm

    class Meta:
        ordering = ["domain_key", "level", "sort_order", "key"]
        indexes = [models.Index(fields=["domain_key", "level"])]

    def __str__(self):
        return self.title

    def get_preview_template(self, request, mode_name):
        return "planning/recommendation_preview.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["recommendation"] = self
        return context


class RecommendationViewSet(SnippetViewSet):
    model = Recommendation
    icon = "tick-inverse"
    menu_label = _("Recommendations")
    list_display = ["title", "domain_key", "level"]
    list_filter = ["domain_key", "level"]
    ordering = ["domain_key", "level", "sort_order"]


register_snippet(RecommendationViewSet)


class TargetLevel(models.Model):
    """The level an organisation aims for in one area. It persists across rounds."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="target_levels")
    # The plan's scope: the whole organisation (no team) or one team. Each reads "now" from its own rounds.
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    domain_key = models.SlugField(max_length=60)
    level = models.PositiveSmallIntegerField(choices=TARGET_LEVEL_CHOICES)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "domain_key"],
                condition=models.Q(team__isnull=True),
                name="one_organisation_target_per_domain",
            ),
            models.UniqueConstraint(
                fields=["organisation", "team", "domain_key"],
                condition=models.Q(team__isnull=False),
                name="one_team_target_per_domain",
            ),
        ]

    def __str__(self):
        return f"Target for {self.domain_key}"


class ActionItem(models.Model):
    """One line of an organisation's action plan. Belongs to the organisation and persists across rounds."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")

    TEXT_MAX = 2000
    LEAD_MAX = 200

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="action_items")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    recommendation = models.ForeignKey(
        Recommendation, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items"
    )
    domain_key = models.SlugField(max_length=60, blank=True)
    source_round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The rules for each field (and their messages) are here, once: the plan's services run full_clean,
    # and its form and API take their limits from these fields.
    outcome = models.TextField(
        max_length=TEXT_MAX,
        validators=[MaxLengthValidator(TEXT_MAX, message=_("Keep this under %(limit_value)s characters."))],
        error_messages={"blank": _("Say how you will know it worked: what will change in practice.")},
    )
    action = models.TextField(
        max_length=TEXT_MAX,
        validators=[MaxLengthValidator(TEXT_MAX, message=_("Keep this under %(limit_value)s characters."))],
        error_messages={"blank": _("Say what will be done.")},
    )
    lead_person = models.CharField(
        max_length=LEAD_MAX,
        blank=True,
        error_messages={"max_length": _("Keep the lead person under %(limit_value)s characters: a name or a role.")},
    )
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=16,
        choices=Status.choices,
        default=Status.NOT_STARTED,
        error_messages={"invalid_choice": _("Choose one of: not started, in progress, ongoing, completed.")},
    )
    progress_note = models.TextField(
        max_length=TEXT_MAX,
        blank=True,
        validators=[MaxLengthValidator(TEXT_MAX, message=_("Keep the note under %(limit_value)s characters."))],
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["target_date", "created_at"]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self):
        return f"Action item {self.pk}"

    @property
    def is_completed(self):
        return self.status == self.Status.COMPLETED


class PlannedAssignment(models.Model):
    """Links a module assignment to the recommendation (and round) it was made from."""

    assignment = models.OneToOneField("modules.ModuleAssignment", on_delete=models.CASCADE, related_name="planned")
    recommendation = models.ForeignKey(Recommendation, null=True, on_delete=models.SET_NULL, related_name="+")
    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Planned assignment {self.assignment_id}"


class ReportJob(models.Model):
    """A report made in the background. The page or an API client polls it, then downloads the file."""

    class Kind(models.TextChoices):
        ROUND_PDF = "round_pdf", _("Results report (PDF)")
        ROUND_CSV = "round_csv", _("Results data (CSV)")
        PLAN_PDF = "plan_pdf", _("Action plan (PDF)")
        AUDIT_PDF = "audit_pdf", _("Case-file audit report (PDF)")
        AUDIT_CSV = "audit_csv", _("Case-file audit data (CSV)")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to start")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Could not be made")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="report_jobs")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.CASCADE, related_name="report_jobs")
    audit = models.ForeignKey("quizzes.Audit", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # An action plan PDF is for one scope: a team's plan, or the whole organisation's without it. Its `round`
    # is the closed round of that scope the lead chose to read "now" from (none: the latest released one).
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    content = models.BinaryField(null=True, blank=True, editable=False)
    size = models.PositiveIntegerField(default=0)
    # The outbox: set when the broker took the message. A pending job without it is sent by the sweep.
    queued_at = models.DateTimeField(null=True, blank=True)
    # The broker could not be reached when it was asked for: the requester is emailed when it is ready.
    email_when_ready = models.BooleanField(default=False)
    # How many times the sweep requeued it after it got stuck (a worker killed mid-job).
    requeues = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Report job {self.pk}"

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)


# The recommendation library is read on every results page and changes only when an editor saves a
# recommendation or publishes a module, so it is cached whole and dropped on those changes.
LIBRARY_CACHE_KEY = "planning:recommendation-library:v2"


def forget_recommendation_library(**kwargs):
    from django.core.cache import cache

    cache.delete(LIBRARY_CACHE_KEY)


@receiver(post_save, sender=Recommendation)
@receiver(post_delete, sender=Recommendation)
def _recommendation_changed(sender, **kwargs):
    forget_recommendation_library()


@receiver(m2m_changed, sender=Recommendation.modules.through)
def _recommendation_modules_changed(sender, **kwargs):
    forget_recommendation_library()


@receiver(page_published)
@receiver(page_unpublished)
def _module_changed(sender, **kwargs):
    if sender.__name__ == "ModulePage":
        forget_recommendation_library()
