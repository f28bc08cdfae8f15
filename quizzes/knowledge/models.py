"""Knowledge quizzes, attempts and certificates."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from ..blocks import question_blocks


class QuizIndexPage(Page):
    """'Check your knowledge': every quiz in one place."""

    intro = RichTextField(blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["quizzes.QuizPage"]
    max_count = 1
    template = "quizzes/quiz_index_page.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["quizzes"] = QuizPage.objects.live().order_by("path")
        return context


# Where a signed-out visitor's try of a quiz is kept in the session.
ANON_KEY = "anonymous-quiz"


class QuizPage(RoutablePageMixin, Page):
    class Review(models.TextChoices):
        END = "end", _("At the end")
        EACH = "each", _("After each question")

    intro = RichTextField(blank=True)
    pass_mark = models.PositiveSmallIntegerField(default=70, help_text=_("Percent needed to pass."))
    questions_per_attempt = models.PositiveSmallIntegerField(default=6, help_text=_("Drawn at random from the pool."))
    attempt_limit = models.PositiveSmallIntegerField(null=True, blank=True, help_text=_("Leave empty for no limit."))
    cooldown_minutes = models.PositiveIntegerField(null=True, blank=True, help_text=_("Wait between attempts."))
    review = models.CharField(max_length=8, choices=Review.choices, default=Review.END)
    shuffle_options = models.BooleanField(default=True)
    questions = StreamField(question_blocks(), use_json_field=True)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("pass_mark"),
                FieldPanel("questions_per_attempt"),
                FieldPanel("attempt_limit"),
                FieldPanel("cooldown_minutes"),
                FieldPanel("review"),
                FieldPanel("shuffle_options"),
            ],
            heading=_("Settings"),
        ),
        FieldPanel("questions"),
    ]
    parent_page_types = ["modules.ModulePage", "quizzes.QuizIndexPage"]
    subpage_types = []
    template = "quizzes/quiz_page.html"

    class Meta:
        verbose_name = _("quiz")

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.quiz_overview(request.user, self))
        return context

    @path("")
    def quiz(self, request, *args, **kwargs):
        """The quiz page; a POST to it starts (or resumes) an attempt, or, signed out, a try without saving."""
        if request.method != "POST":
            return self.index_route(request, *args, **kwargs)
        import random
        import secrets

        from django.contrib import messages
        from django.shortcuts import redirect

        from . import services

        if not request.user.is_authenticated:
            rng = random.Random(secrets.randbits(64))
            request.session[ANON_KEY] = {"quiz": self.pk, "questions": services.draw_questions(self, rng)}
            return redirect("quiz_try", quiz_id=self.pk)
        try:
            attempt = services.start_attempt(request.user, self)
        except services.TooSoon as problem:
            messages.error(request, str(problem))
            return redirect(self.url)
        return redirect("attempt", attempt_id=attempt.pk)


class Attempt(models.Model):
    """One go at a quiz. It keeps a snapshot of the questions it drew; once submitted it never changes."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts")
    quiz = models.ForeignKey(QuizPage, on_delete=models.CASCADE, related_name="attempts")
    snapshot = models.JSONField()
    pass_mark = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    marks = models.FloatField(null=True, blank=True)
    percent = models.FloatField(null=True, blank=True)
    passed = models.BooleanField(default=False)
    idempotency_key = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            # At most one open attempt per learner and quiz, even under concurrent starts (PostgreSQL and
            # SQLite both enforce partial unique indexes).
            models.UniqueConstraint(
                fields=["user", "quiz"], condition=models.Q(submitted_at__isnull=True), name="one_open_attempt_per_quiz"
            )
        ]

    def __str__(self):
        return f"Attempt {self.pk} at quiz {self.quiz_id}"

    @property
    def is_submitted(self):
        return self.submitted_at is not None


class Response(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses")
    question_key = models.CharField(max_length=64)
    answer = models.JSONField(null=True, blank=True)
    flagged = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["attempt", "question_key"], name="one_response_per_question")]

    def __str__(self):
        return f"Response to {self.question_key}"


class Certificate(models.Model):
    """Issued once per completed module or pathway. Not certification by the Safe & Together Institute."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates")
    module = models.ForeignKey("modules.ModulePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    pathway = models.ForeignKey("modules.Pathway", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(max_length=255)
    modules_list = models.JSONField(default=list)
    learning_minutes = models.PositiveIntegerField()
    code = models.CharField(max_length=24, unique=True)
    issued_at = models.DateTimeField(default=timezone.now)
    show_name = models.BooleanField(default=False, help_text=_("Show my name on the public verification page."))
    pdf = models.FileField(upload_to="certificates/", blank=True)
    badge = models.FileField(upload_to="badges/", blank=True)

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "module"], condition=models.Q(module__isnull=False), name="one_certificate_per_module"
            ),
            models.UniqueConstraint(
                fields=["user", "pathway"],
                condition=models.Q(pathway__isnull=False),
                name="one_certificate_per_pathway",
            ),
        ]

    def __str__(self):
        return f"Certificate {self.code}"
