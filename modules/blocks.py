"""The lesson blocks. Each has its own template in templates/blocks/ and works without JavaScript."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "document-link"]


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        label = _("Heading")


class TextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/text.html"
        label = _("Text")


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[
            ("key_point", _("Key point")),
            ("practice_tip", _("Practice tip")),
            ("content_note", _("Content note")),
        ],
        default="key_point",
    )
    title = blocks.CharBlock()
    text = blocks.RichTextBlock(features=TEXT_FEATURES)

    class Meta:
        icon = "warning"
        template = "blocks/callout.html"
        label = _("Callout")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        label=_("Alt text"),
        help_text=_("Describe what the image shows for people who cannot see it. Required."),
    )
    caption = blocks.CharBlock(required=False)

    class Meta:
        icon = "image"
        template = "blocks/image.html"
        label = _("Image")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    source = blocks.CharBlock(help_text=_("Who said or wrote it, and where."))

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"
        label = _("Quotation")


class ReflectiveQuestionBlock(blocks.StructBlock):
    prompt = blocks.TextBlock()
    hint = blocks.TextBlock(required=False)

    class Meta:
        icon = "edit"
        template = "blocks/reflective_question.html"
        label = _("Reflective question")


class OptionBlock(blocks.StructBlock):
    text = blocks.CharBlock()
    correct = blocks.BooleanBlock(required=False)
    feedback = blocks.TextBlock(help_text=_("Why this option is right or wrong."))


def _invalid(field, message):
    return StructBlockValidationError({field: ValidationError(message)})


def _check_options(value, exactly_one):
    """At least two options; exactly one correct (a check question) or at least one good (a scenario)."""
    options = value["options"]
    correct = sum(1 for option in options if option["correct"])
    if len(options) < 2:
        raise _invalid("options", _("Give at least two options."))
    if exactly_one and correct != 1:
        raise _invalid("options", _("Mark exactly one option as correct."))
    if not exactly_one and not correct:
        raise _invalid("options", _("Mark at least one option as a good answer."))


def _require_file_or_url(value, file_field, message):
    if not value.get(file_field) and not value.get("url"):
        raise _invalid("url", message)


class ScenarioBlock(blocks.StructBlock):
    title = blocks.CharBlock()
    vignette = blocks.RichTextBlock(
        features=TEXT_FEATURES, help_text=_("A fictional situation. It is labelled as fictional.")
    )
    question = blocks.CharBlock()
    options = blocks.ListBlock(OptionBlock())

    def clean(self, value):
        value = super().clean(value)
        _check_options(value, exactly_one=False)
        return value

    class Meta:
        icon = "group"
        template = "blocks/scenario.html"
        label = _("Scenario")


class ReframingBlock(blocks.StructBlock):
    context = blocks.TextBlock(help_text=_("The situation in which the question is asked."))
    harmful = blocks.TextBlock(help_text=_("The harmful way of asking. It is labelled as harmful."))
    model_answer = blocks.TextBlock()
    reasons = blocks.RichTextBlock(features=TEXT_FEATURES)

    class Meta:
        icon = "repeat"
        template = "blocks/reframing.html"
        label = _("Reframing exercise")


class CheckUnderstandingBlock(blocks.StructBlock):
    question = blocks.CharBlock()
    options = blocks.ListBlock(OptionBlock())

    def clean(self, value):
        value = super().clean(value)
        _check_options(value, exactly_one=True)
        return value

    class Meta:
        icon = "help"
        template = "blocks/check_understanding.html"
        label = _("Check your understanding")


class VideoBlock(blocks.StructBlock):
    title = blocks.CharBlock()
    file = DocumentChooserBlock(required=False, help_text=_("A self-hosted video file (MP4 or WebM)."))
    url = blocks.URLBlock(required=False, help_text=_("Or a link to the video elsewhere; it is shown as a link."))
    transcript = blocks.RichTextBlock(features=TEXT_FEATURES, help_text=_("Required: the full transcript."))

    def clean(self, value):
        value = super().clean(value)
        _require_file_or_url(value, "file", _("Choose a video file or give a link."))
        return value

    class Meta:
        icon = "media"
        template = "blocks/video.html"
        label = _("Video")


class ResourceBlock(blocks.StructBlock):
    title = blocks.CharBlock()
    description = blocks.TextBlock(required=False)
    document = DocumentChooserBlock(required=False)
    url = blocks.URLBlock(required=False)

    def clean(self, value):
        value = super().clean(value)
        _require_file_or_url(value, "document", _("Choose a document or give a link."))
        return value

    class Meta:
        icon = "doc-full"
        template = "blocks/resource.html"
        label = _("Downloadable resource")


class ContinuumExplorerBlock(blocks.StaticBlock):
    """The five continuum levels side by side on a wide screen, one panel per level on a phone."""

    class Meta:
        icon = "table"
        template = "blocks/continuum_explorer.html"
        label = _("Continuum explorer")
        admin_text = _("Shows the five levels of the continuum of practice, from the Continuum levels snippets.")


DIAGRAMS = [
    ("three_principles", _("The three principles")),
    ("five_components", _("The five critical components")),
    ("continuum", _("The continuum of practice")),
]


class DiagramBlock(blocks.StructBlock):
    """A drawn diagram (inline SVG from a template) with a caption and a text alternative.

    The SVG, its short text alternative and its long description (a table) all live in
    templates/blocks/diagrams/, so the picture and its words never drift apart.
    """

    diagram = blocks.ChoiceBlock(choices=DIAGRAMS)
    caption = blocks.CharBlock(help_text=_("One line shown under the diagram."))
    note = blocks.RichTextBlock(
        features=TEXT_FEATURES,
        required=False,
        help_text=_("Optional: a sentence or two added to the text description below the diagram."),
    )

    class Meta:
        icon = "image"
        template = "blocks/diagram.html"
        label = _("Diagram")


def lesson_blocks():
    return [
        ("heading", HeadingBlock()),
        ("text", TextBlock()),
        ("callout", CalloutBlock()),
        ("image", ImageBlock()),
        ("quote", QuoteBlock()),
        ("reflective_question", ReflectiveQuestionBlock()),
        ("scenario", ScenarioBlock()),
        ("reframing", ReframingBlock()),
        ("check_understanding", CheckUnderstandingBlock()),
        ("video", VideoBlock()),
        ("resource", ResourceBlock()),
        ("continuum_explorer", ContinuumExplorerBlock()),
        ("diagram", DiagramBlock()),
    ]


# Blocks whose answers a learner writes and keeps.
WRITTEN_ANSWER_BLOCKS = {"reflective_question", "reframing"}
