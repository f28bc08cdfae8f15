"""Reads for knowledge quizzes. A learner's attempts and certificates are only ever theirs."""

from django.http import Http404

from modules.models import LessonPage, LessonProgress, ModulePage, Pathway

from ..models import Attempt, Certificate, QuizPage


def attempt_for(user, attempt_id):
    if not user.is_authenticated:
        raise Http404
    attempt = Attempt.objects.select_related("quiz").filter(pk=attempt_id, user=user).first()
    if attempt is None:
        raise Http404
    return attempt


def open_attempt(user, quiz):
    return Attempt.objects.filter(user=user, quiz=quiz, submitted_at__isnull=True).order_by("-started_at").first()


def module_id_of(quiz):
    parent = ModulePage.objects.parent_of(quiz).first()
    return parent.pk if parent else None


def quiz_for_module(module):
    return QuizPage.objects.live().child_of(module).first()


def module_complete(user, module):
    """Every lesson read, and the module's quiz (if it has one) passed."""
    lesson_ids = set(LessonPage.objects.live().child_of(module).values_list("id", flat=True))
    done = set(
        LessonProgress.objects.filter(user=user, lesson_id__in=lesson_ids, completed_at__isnull=False).values_list(
            "lesson_id", flat=True
        )
    )
    if lesson_ids - done:
        return False
    quiz = quiz_for_module(module)
    return quiz is None or Attempt.objects.filter(user=user, quiz=quiz, passed=True).exists()


def pathways_completed_by(user, module):
    pathways = Pathway.objects.filter(pathway_modules__module=module).prefetch_related("pathway_modules__module")
    return [
        p for p in pathways.distinct() if all(module_complete(user, link.module) for link in p.pathway_modules.all())
    ]


def quiz_overview(request, quiz):
    user = request.user
    module = ModulePage.objects.parent_of(quiz).first()
    if not user.is_authenticated:
        return {"attempts": [], "open_attempt": None, "module": module}
    attempts = list(Attempt.objects.filter(user=user, quiz=quiz).order_by("started_at"))
    return {
        "attempts": [a for a in attempts if a.is_submitted],
        "open_attempt": next((a for a in reversed(attempts) if not a.is_submitted), None),
        "module": module,
        "certificate": Certificate.objects.filter(user=user, module=module).first() if module else None,
    }


def my_certificates(user):
    return Certificate.objects.filter(user=user).select_related("module", "pathway")


def certificate_by_code(code):
    """The certificate a code names, typed in any case, with or without dashes or spaces."""
    from .certificates import normalise_code

    certificate = (
        Certificate.objects.select_related("user", "module", "pathway").filter(code=normalise_code(code)).first()
    )
    if certificate is None:
        raise Http404
    return certificate


def badge_class(slug):
    """What a public badge class says: the live module or the pathway a badge slug names."""
    kind, _, rest = (slug or "").partition("-")
    if kind == "module":
        module = ModulePage.objects.live().public().filter(slug=rest).first()
        if module is not None:
            return {
                "name": module.title,
                "description": module.summary,
                "kind": "module",
                "path": module.url,
            }
    elif kind == "pathway":
        pathway = Pathway.objects.filter(slug=rest).first()
        if pathway is not None:
            return {
                "name": pathway.name,
                "description": pathway.description,
                "kind": "pathway",
                "path": f"/pathways/{pathway.slug}/",
            }
    raise Http404
