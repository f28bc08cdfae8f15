from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from s2t_learn.models import Organisation, Sector, Team

from .blocks import lesson_blocks

ALL_SECTORS = "all"
SECTOR_CHOICES = [(ALL_SECTORS, _("Everyone"))] + list(Sector.choices)


def sector_labels(codes):
    labels = dict(SECTOR_CHOICES)
    return [str(labels.get(code, code)) for code in codes]


class SectorsFormMixin:
    """Edit a JSON list of sector codes as checkboxes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sectors"] = forms.MultipleChoiceField(
            choices=SECTOR_CHOICES,
            widget=forms.CheckboxSelectMultiple,
            required=False,
            label=_("Sectors it suits"),
            initial=self.initial.get("sectors") or [],
        )


class ModulePageForm(SectorsFormMixin, WagtailAdminPageForm):
    pass


class ModuleIndexPage(Page):
    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["modules.ModulePage"]
    max_count = 1
    template = "modules/module_index_page.html"

    class Meta:
        verbose_name = _("module index")

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.course_overview(request.user, self))
        return context


class ModulePage(Page):
    summary = models.TextField(help_text=_("One or two plain sentences, shown on cards and in search."))
    learning_outcomes = StreamField(
        [("outcome", blocks.CharBlock(label=_("By the end you can…")))], use_json_field=True
    )
    estimated_minutes = models.PositiveIntegerField(_("estimated minutes"), default=30)
    sectors = models.JSONField(default=list, blank=True)
    content_note = models.TextField(
        blank=True, help_text=_("Shown before the module starts, when it has distressing material.")
    )
    last_reviewed = models.DateField(_("last reviewed"), default=timezone.localdate)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)

    base_form_class = ModulePageForm
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("learning_outcomes"),
        MultiFieldPanel(
            [FieldPanel("estimated_minutes"), FieldPanel("sectors"), FieldPanel("last_reviewed")], heading=_("About")
        ),
        FieldPanel("content_note"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("content_note")]
    parent_page_types = ["modules.ModuleIndexPage"]
    subpage_types = ["modules.LessonPage", "quizzes.QuizPage"]
    template = "modules/module_page.html"

    class Meta:
        verbose_name = _("module")

    @property
    def sector_labels(self):
        return sector_labels(self.sectors)

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.module_overview(request.user, self))
        return context


class LessonPage(Page):
    summary = models.TextField(blank=True)
    content_note = models.TextField(
        _("content note"),
        blank=True,
        max_length=400,
        help_text=_(
            "Shown in a box at the top of the lesson. Say briefly what distressing material it holds "
            "(for example violence, injuries or harm to children). Keep it to one or two sentences: "
            "the helplines are linked from the box."
        ),
    )
    body = StreamField(lesson_blocks(), use_json_field=True)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("content_note"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["modules.ModulePage"]
    subpage_types = []
    template = "modules/lesson_page.html"

    class Meta:
        verbose_name = _("lesson")

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        chosen = {key[7:]: value for key, value in request.GET.items() if key.startswith("choice-")}
        context.update(selectors.lesson_context(request.user, self, chosen=chosen))
        return context

    def serve(self, request, *args, **kwargs):
        from django.shortcuts import redirect

        from . import progress

        first_step = progress.before_lesson(request, self) if request.method == "GET" else None
        if first_step:
            return redirect(first_step)
        return super().serve(request, *args, **kwargs)


@register_snippet
class ContinuumLevelText(models.Model):
    """The editable, paraphrased text of one continuum level. (c) 2015 David Mandel & Associates LLC."""

    number = models.PositiveSmallIntegerField(unique=True, choices=[(n, str(n)) for n in range(1, 6)])
    name = models.CharField(max_length=40)
    definition = models.TextField()
    typical_statement = models.TextField()
    likely_outcomes = models.TextField(help_text=_("One outcome a line."))
    credit = models.CharField(
        max_length=200,
        default="Continuum of practice (c) 2015 David Mandel & Associates LLC; paraphrased by S2T Learn.",
    )

    panels = [
        FieldPanel("number"),
        FieldPanel("name"),
        FieldPanel("definition"),
        FieldPanel("typical_statement"),
        FieldPanel("likely_outcomes"),
        FieldPanel("credit"),
    ]

    class Meta:
        ordering = ["number"]
        verbose_name = _("continuum level")

    def __str__(self):
        return f"{self.number}. {self.name}"

    @property
    def outcome_list(self):
        return [line.strip() for line in self.likely_outcomes.splitlines() if line.strip()]


class PathwayForm(SectorsFormMixin, WagtailAdminModelForm):
    pass


@register_snippet
class Pathway(ClusterableModel):
    """An ordered set of modules suited to one or more sectors."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(unique=True)
    description = models.TextField(blank=True)
    sectors = models.JSONField(default=list, blank=True)
    next_step_prompt = models.TextField(
        blank=True,
        help_text=_("The 'next step in my setting' plan the learner writes at the end of the pathway."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sectors"),
        FieldPanel("next_step_prompt"),
        InlinePanel("pathway_modules", label=_("Modules, in order")),
    ]

    base_form_class = PathwayForm

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def sector_labels(self):
        return sector_labels(self.sectors)


class PathwayModule(Orderable):
    pathway = ParentalKey(Pathway, on_delete=models.CASCADE, related_name="pathway_modules")
    module = models.ForeignKey(ModulePage, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("module")]


class LessonProgress(models.Model):
    """A learner's place in a lesson. It belongs to the learner, whatever organisations they join or leave."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress")
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="+")
    module = models.ForeignKey(ModulePage, on_delete=models.CASCADE, related_name="+")
    last_section = models.CharField(max_length=100, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "lesson"], name="one_progress_per_lesson")]
        indexes = [models.Index(fields=["user", "-updated_at"])]

    def __str__(self):
        return f"Progress in lesson {self.lesson_id}"


class ReflectiveAnswer(models.Model):
    """What a learner wrote in a reflective question or reframing exercise. Only they can see it."""

    MAX_LENGTH = 5000

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflective_answers")
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="+")
    block_id = models.CharField(max_length=64)
    text = models.TextField(max_length=MAX_LENGTH, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "lesson", "block_id"], name="one_answer_per_block")]

    def __str__(self):
        # Never the text: it is private to the learner.
        return f"Answer to block {self.block_id}"


class ModuleAssignment(models.Model):
    """A module an organisation asks its people to complete: everyone, one team, or one person."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="assignments")
    module = models.ForeignKey(ModulePage, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    due_date = models.DateField(null=True, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_date", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(team__isnull=True) | models.Q(user__isnull=True), name="assign_to_team_or_user"
            )
        ]

    def __str__(self):
        return f"Assignment of module {self.module_id}"

    @property
    def audience(self):
        if self.user_id:
            return self.user.display_name
        if self.team_id:
            return self.team.name
        return _("Everyone")


class PathwayPlan(models.Model):
    """The 'next step in my setting' plan a learner writes at the end of a pathway. Theirs alone."""

    MAX_LENGTH = 5000

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pathway_plans")
    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=MAX_LENGTH, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "pathway"], name="one_plan_per_pathway")]

    def __str__(self):
        return f"Plan for pathway {self.pathway_id}"
