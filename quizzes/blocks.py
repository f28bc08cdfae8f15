"""Question blocks for knowledge quizzes. A block's id is the question's stable key."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError

MIN_ORDERING_ITEMS = 3
MIN_MATCHING_PAIRS = 3


def lesson_field():
    return blocks.CharBlock(
        required=False,
        help_text=_("The slug of the module's lesson this question tests. Each attempt draws evenly across lessons."),
    )


class OptionBlock(blocks.StructBlock):
    text = blocks.CharBlock()
    correct = blocks.BooleanBlock(required=False)
    feedback = blocks.TextBlock(help_text=_("Why this option is right or wrong. Shown on review."))


def _check_options(value, exactly_one):
    options = value["options"]
    correct = sum(1 for o in options if o["correct"])
    if len(options) < 2:
        raise StructBlockValidationError({"options": ValidationError(_("Give at least two options."))})
    if exactly_one and correct != 1:
        raise StructBlockValidationError({"options": ValidationError(_("Mark exactly one option as correct."))})
    if not exactly_one and (correct < 1 or correct == len(options)):
        raise StructBlockValidationError(
            {"options": ValidationError(_("Mark at least one option correct and at least one wrong."))}
        )


class SingleChoiceQuestion(blocks.StructBlock):
    prompt = blocks.TextBlock()
    lesson = lesson_field()
    options = blocks.ListBlock(OptionBlock())
    explanation = blocks.TextBlock()

    def clean(self, value):
        value = super().clean(value)
        _check_options(value, exactly_one=True)
        return value

    class Meta:
        icon = "radio-full"
        label = _("Single choice")


class MultipleResponseQuestion(SingleChoiceQuestion):
    def clean(self, value):
        value = blocks.StructBlock.clean(self, value)
        _check_options(value, exactly_one=False)
        return value

    class Meta:
        icon = "tasks"
        label = _("Multiple response")


class TrueFalseQuestion(blocks.StructBlock):
    prompt = blocks.TextBlock()
    lesson = lesson_field()
    answer = blocks.BooleanBlock(required=False, help_text=_("Tick if the statement is true."))
    feedback_true = blocks.TextBlock(help_text=_("Feedback for a learner who answers True."))
    feedback_false = blocks.TextBlock(help_text=_("Feedback for a learner who answers False."))
    explanation = blocks.TextBlock()

    class Meta:
        icon = "tick"
        label = _("True or false")


class ScenarioPartBlock(blocks.StructBlock):
    prompt = blocks.TextBlock()
    multiple = blocks.BooleanBlock(required=False, help_text=_("More than one answer may be correct."))
    options = blocks.ListBlock(OptionBlock())

    def clean(self, value):
        value = super().clean(value)
        _check_options(value, exactly_one=not value.get("multiple"))
        return value


class ScenarioQuestion(blocks.StructBlock):
    prompt = blocks.CharBlock(help_text=_("A short title for the scenario."))
    lesson = lesson_field()
    vignette = blocks.RichTextBlock(
        features=["bold", "italic", "ol", "ul"], help_text=_("Fictional; labelled as such.")
    )
    parts = blocks.ListBlock(ScenarioPartBlock(), min_num=1)
    explanation = blocks.TextBlock()

    class Meta:
        icon = "group"
        label = _("Scenario")


class OrderingQuestion(blocks.StructBlock):
    prompt = blocks.TextBlock()
    lesson = lesson_field()
    items = blocks.ListBlock(
        blocks.CharBlock(), min_num=3, help_text=_("In the correct order; learners see them shuffled.")
    )
    explanation = blocks.TextBlock()

    def clean(self, value):
        # Checked before the list's own rules, so the editor reads why, on the field, before submitting.
        items = [item for item in value.get("items") or [] if str(item).strip()]
        if len(items) < MIN_ORDERING_ITEMS:
            raise StructBlockValidationError(
                {"items": ValidationError(_("Give at least three items to put in order."))}
            )
        if len({str(item).strip().lower() for item in items}) != len(items):
            raise StructBlockValidationError({"items": ValidationError(_("Each item must be different."))})
        return super().clean(value)

    class Meta:
        icon = "list-ol"
        label = _("Ordering")


class MatchPairBlock(blocks.StructBlock):
    left = blocks.TextBlock()
    right = blocks.CharBlock()


class MatchingQuestion(blocks.StructBlock):
    prompt = blocks.TextBlock()
    lesson = lesson_field()
    pairs = blocks.ListBlock(MatchPairBlock(), min_num=3, help_text=_("Right-hand answers may repeat."))
    explanation = blocks.TextBlock()

    def clean(self, value):
        pairs = [pair for pair in value.get("pairs") or [] if str(pair.get("left") or "").strip()]
        if len(pairs) < MIN_MATCHING_PAIRS:
            raise StructBlockValidationError(
                {"pairs": ValidationError(_("Give at least three pairs to match: one pair has nothing to choose."))}
            )
        if len({str(pair.get("right") or "").strip().lower() for pair in pairs}) < 2:
            raise StructBlockValidationError(
                {"pairs": ValidationError(_("Use at least two different right-hand answers."))}
            )
        return super().clean(value)

    class Meta:
        icon = "link"
        label = _("Matching")


def question_blocks():
    return [
        ("single", SingleChoiceQuestion()),
        ("multiple", MultipleResponseQuestion()),
        ("true_false", TrueFalseQuestion()),
        ("scenario", ScenarioQuestion()),
        ("ordering", OrderingQuestion()),
        ("matching", MatchingQuestion()),
    ]
