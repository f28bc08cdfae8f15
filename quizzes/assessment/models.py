"""The continuum self-assessment: an editable framework, and rounds that snapshot it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.snippets.models import register_snippet

from s2t_learn.models import JoinLink, Organisation, Team

from ..continuum_levels import GATE_LEVELS, Kind, level_choices

LEVEL_CHOICES = level_choices(GATE_LEVELS)  # a gate statement's level
KIND_CHOICES = [(Kind.DESTRUCTIVE.value, _("Destructive flag")), (Kind.GATE.value, _("Gate statement"))]


@register_snippet
class Framework(models.Model):
    name = models.CharField(max_length=200)
    version = models.PositiveIntegerField(default=1)
    is_active = models.BooleanField(default=True, help_text=_("New rounds use the active framework."))
    partly_per_gate = models.PositiveSmallIntegerField(
        default=1,
        help_text=_(
            "How many 'Partly met' answers a gate tolerates (never on an essential statement). "
            "Stated on every results page; rounds already opened keep the rule they started with."
        ),
    )

    panels = [FieldPanel("name"), FieldPanel("version"), FieldPanel("is_active"), FieldPanel("partly_per_gate")]

    class Meta:
        ordering = ["-is_active", "-version"]

    def __str__(self):
        return f"{self.name} (version {self.version})"


class DomainForm(WagtailAdminModelForm):
    """Keys that rounds and answers refer to are read-only once set: the domain's and each statement's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from quizzes.editing import lock_key_once_set

        lock_key_once_set(self)
        for statement_form in self.formsets["statements"].forms if "statements" in self.formsets else []:
            lock_key_once_set(statement_form)


@register_snippet
class Domain(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, ClusterableModel):
    """One area of the continuum and its statements. Edits are drafts until a moderator publishes them;
    a round already open keeps its own snapshot, so a published change reaches only new rounds."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="domains")
    key = models.SlugField(max_length=60)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    panels = [
        FieldPanel("framework"),
        FieldPanel("title"),
        FieldPanel("key"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
        InlinePanel("statements", label=_("Statements")),
    ]
    base_form_class = DomainForm

    class Meta:
        ordering = ["framework", "sort_order"]
        constraints = [models.UniqueConstraint(fields=["framework", "key"], name="unique_domain_key")]

    def __str__(self):
        return self.title

    def get_preview_template(self, request, mode_name):
        return "assessment/domain_preview.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["domain"] = self
        context["statements"] = list(self.statements.all())
        return context


class Statement(Orderable):
    domain = ParentalKey(Domain, on_delete=models.CASCADE, related_name="statements")
    key = models.SlugField(max_length=60)
    kind = models.CharField(max_length=16, choices=KIND_CHOICES)
    level = models.CharField(max_length=16, choices=LEVEL_CHOICES, blank=True, help_text=_("Gate statements only."))
    text = models.TextField()
    evidence = models.TextField(blank=True, help_text=_("What would show it is met. Never ask for a family's details."))
    basis = models.TextField(
        blank=True,
        help_text=_("The continuum level definition this statement tests, and why it sits at this level."),
    )
    settings = models.JSONField(
        default=list,
        blank=True,
        help_text=_(
            'Where it applies: ["all"], or some of statutory_social_work, early_years, schools, health, '
            "residential_childcare, third_sector. Statements for some settings only can be answered "
            "'Not applicable' in a round open to every setting."
        ),
    )
    essential = models.BooleanField(default=False, help_text=_("A gate tolerates no 'Partly met' on this statement."))
    variants = models.JSONField(
        default=dict, blank=True, help_text=_("Wording for a round opened for one setting: {setting: text}.")
    )

    panels = [
        FieldPanel("key"),
        FieldPanel("kind"),
        FieldPanel("level"),
        FieldPanel("text"),
        FieldPanel("evidence"),
        FieldPanel("basis"),
        FieldPanel("settings"),
        FieldPanel("essential"),
        FieldPanel("variants"),
    ]

    def __str__(self):
        return self.text[:80]


class Round(models.Model):
    """One self-assessment by an organisation (or one of its teams). Keeps a snapshot of the
    framework it was run with, so a later edit never rewrites its result."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="rounds")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(max_length=200)
    is_anonymous = models.BooleanField(default=True)
    share_summary = models.BooleanField(default=False, help_text=_("Respondents see the summary after closing."))
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    snapshot = models.JSONField()
    link_token = models.CharField(max_length=64, unique=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    closes_on = models.DateField(null=True, blank=True, help_text=_("The last day for answers (optional)."))
    close_on_date = models.BooleanField(default=False, help_text=_("Close the round automatically on that date."))
    join_link = models.ForeignKey(
        JoinLink,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Offered to someone who opens the round's link but is not yet a member."),
    )

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class RoundInvitation(models.Model):
    """A respondent: one response per person per round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    email = models.EmailField(blank=True)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # Notes typed before an answer was chosen, {statement key: note}: the respondent's own, never counted
    # or shown in results (only an answered statement's note is), and cleared when the round closes.
    pending_notes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "user"], condition=models.Q(user__isnull=False), name="one_response_per_person"
            )
        ]

    def __str__(self):
        return f"Respondent to round {self.round_id}"


class Answer(models.Model):
    invitation = models.ForeignKey(RoundInvitation, on_delete=models.CASCADE, related_name="answers")
    statement_key = models.CharField(max_length=60)
    value = models.CharField(max_length=16)
    note = models.TextField(max_length=1000, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["invitation", "statement_key"], name="one_answer_per_statement")]

    def __str__(self):
        return f"Answer to {self.statement_key}"


class AgreedAnswer(models.Model):
    """One entry in a statement's moderation history: who agreed what, when, why, and what the group's own
    answer was at the time. Entries are never changed: a new decision adds a new row, and the latest one
    counts. An empty value records that the lead left the statement as the group said."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="agreed_answers")
    statement_key = models.CharField(max_length=60)
    value = models.CharField(max_length=16, blank=True)
    group_value = models.CharField(max_length=16, blank=True, help_text=_("The group's answer when this was agreed."))
    reason = models.TextField(max_length=2000)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["round", "statement_key", "decided_at", "pk"]
        indexes = [models.Index(fields=["round", "statement_key", "decided_at"], name="agreed_history_idx")]

    def __str__(self):
        return f"Agreed answer to {self.statement_key}"

    @property
    def left_as_group_said(self):
        return not self.value
