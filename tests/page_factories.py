"""Factories for the curriculum's pages (wagtail-factories), so a unit test builds just the module,
lessons and quiz it needs instead of reading the real content (the opt-in `curriculum` fixture).

    index = module_index(home)  # the site's module index, made if the curriculum is not loaded
    module, lessons, quiz = build_module(index, lessons=3, questions=9)

`build_module` makes each lesson a heading, a paragraph and an in-lesson check with one right option,
and a quiz whose single-answer questions are spread evenly over the lessons; every page is published.
For a body of your own, use the StreamField syntax: `LessonPageFactory(parent=module, body__0__heading="…")`.
"""

import factory
import wagtail_factories
from wagtail.rich_text import RichText

from modules import blocks as lesson_blocks
from modules.models import LessonPage, ModuleIndexPage, ModulePage
from quizzes import blocks as question_blocks
from quizzes.models import QuizPage


class RichTextBlockFactory(wagtail_factories.blocks.BlockFactory):
    class Meta:
        model = lesson_blocks.TextBlock

    @classmethod
    def _construct_block(cls, block_class, *args, **kwargs):
        return RichText(kwargs.get("value") or "<p>A paragraph of the lesson.</p>")


class LessonOptionFactory(wagtail_factories.StructBlockFactory):
    class Meta:
        model = lesson_blocks.OptionBlock

    text = factory.Sequence(lambda n: f"Option {n}")
    correct = False
    feedback = "Why this option is right or wrong."


class CheckUnderstandingFactory(wagtail_factories.StructBlockFactory):
    class Meta:
        model = lesson_blocks.CheckUnderstandingBlock

    question = factory.Sequence(lambda n: f"Check question {n}?")
    options = wagtail_factories.ListBlockFactory(LessonOptionFactory)


class QuestionOptionFactory(LessonOptionFactory):
    """A quiz question's option: the same fields as a lesson check's, in the quizzes' own block."""

    class Meta:
        model = question_blocks.OptionBlock


class SingleChoiceQuestionFactory(wagtail_factories.StructBlockFactory):
    class Meta:
        model = question_blocks.SingleChoiceQuestion

    prompt = factory.Sequence(lambda n: f"Question {n}?")
    lesson = ""
    options = wagtail_factories.ListBlockFactory(QuestionOptionFactory)
    explanation = "The explanation, with its source."


class ModuleIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ModuleIndexPage

    title = "Modules"
    slug = "modules"


class ModulePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ModulePage

    title = factory.Sequence(lambda n: f"Module {n}")
    slug = factory.Sequence(lambda n: f"module-{n}")
    summary = "What this module covers."
    estimated_minutes = 30


class LessonPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LessonPage

    title = factory.Sequence(lambda n: f"Lesson {n}")
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    summary = "What this lesson covers."
    body = wagtail_factories.StreamFieldFactory(
        {
            "heading": factory.SubFactory(wagtail_factories.CharBlockFactory),
            "text": factory.SubFactory(RichTextBlockFactory),
            "check_understanding": factory.SubFactory(CheckUnderstandingFactory),
        }
    )


class QuizPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = QuizPage

    title = factory.Sequence(lambda n: f"Quiz {n}")
    slug = factory.Sequence(lambda n: f"quiz-{n}")
    pass_mark = 70
    questions_per_attempt = 3
    questions = wagtail_factories.StreamFieldFactory({"single": factory.SubFactory(SingleChoiceQuestionFactory)})


def module_index(home) -> ModuleIndexPage:
    """The site's one module index (there may be only one): the curriculum's when loaded, else a new one."""
    return ModuleIndexPage.objects.first() or ModuleIndexPageFactory(parent=home)


def _options(prefix: str, right: int = 0, count: int = 3) -> dict:
    return {f"{prefix}__{i}__correct": i == right for i in range(count)}


def lesson_body(title: str) -> dict:
    """StreamField parameters for a heading, a paragraph and a check with its first option right."""
    return {
        "body__0__heading__value": title,
        "body__1__text__value": f"<p>What {title} teaches.</p>",
        **_options("body__2__check_understanding__options"),
    }


def build_module(index: ModuleIndexPage, *, lessons: int = 2, questions: int = 6, **module_fields):
    """A published module with `lessons` lessons and a quiz of `questions` questions spread over them."""
    module = ModulePageFactory(parent=index, **module_fields)
    made = []
    for number in range(lessons):
        lesson = LessonPageFactory(parent=module, **lesson_body(f"Lesson {number + 1} of {module.title}"))
        made.append(lesson)
    params = {}
    for number in range(questions):
        params[f"questions__{number}__single__lesson"] = made[number % len(made)].slug if made else ""
        params.update(_options(f"questions__{number}__single__options", right=number % 3))
    quiz = QuizPageFactory(parent=module, questions_per_attempt=min(3, questions), **params)
    for page in (module, *made, quiz):
        page.save_revision().publish()
    return module, made, quiz
