"""Services and selectors for the before-and-after measure."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from s2t_learn import selectors as org_selectors
from s2t_learn.models import Membership, Role

from .. import measure
from ..models import Survey, SurveyResponse

FOLLOW_UP_AFTER = timedelta(days=90)
STAGES = [SurveyResponse.Stage.BEFORE, SurveyResponse.Stage.AFTER, SurveyResponse.Stage.FOLLOW_UP]


def active_survey():
    return Survey.objects.filter(is_active=True).prefetch_related("items").first()


def items_of(survey):
    return [{"key": i.key, "text": i.text, "kind": i.kind} for i in survey.items.all()]


def my_responses(user, survey):
    return {r.stage: r for r in SurveyResponse.objects.filter(user=user, survey=survey)}


def next_stage(responses, now=None, finished_learning=True):
    """The stage a learner should answer next, or None (with the date the follow-up opens).
    "After" opens only once the learner has finished something: a module (or so a pathway)."""
    now = now or timezone.now()
    if SurveyResponse.Stage.BEFORE not in responses:
        return SurveyResponse.Stage.BEFORE
    if SurveyResponse.Stage.AFTER not in responses:
        return SurveyResponse.Stage.AFTER if finished_learning else None
    after = responses[SurveyResponse.Stage.AFTER]
    if SurveyResponse.Stage.FOLLOW_UP not in responses and after.submitted_at + FOLLOW_UP_AFTER <= now:
        return SurveyResponse.Stage.FOLLOW_UP
    return None


def has_finished_learning(user):
    """At least one module complete, by the one completion rule (a complete pathway implies one)."""
    from modules.selectors import live_modules

    from .completion import progress_for

    return any(status.is_complete for status in progress_for(user, list(live_modules())).values())


def my_overview(user):
    survey = active_survey()
    if survey is None:
        return {"survey": None}
    responses = my_responses(user, survey)
    finished = has_finished_learning(user)
    ratings = {stage: r.ratings for stage, r in responses.items() if not r.skipped}
    return {
        "survey": survey,
        "rows": measure.my_table(
            items_of(survey), ratings.get("before"), ratings.get("after"), ratings.get("follow_up")
        ),
        "responses": responses,
        "next_stage": next_stage(responses, finished_learning=finished),
        "finished_learning": finished,
        "follow_up_opens": responses["after"].submitted_at + FOLLOW_UP_AFTER if "after" in responses else None,
    }


def submit_ratings(user, stage, ratings):
    survey = active_survey()
    if survey is None:
        raise Http404
    if stage not in SurveyResponse.Stage.values:
        raise Http404
    errors = measure.validate_ratings([i.key for i in survey.items.all()], ratings or {})
    if errors:
        raise ValidationError(errors)
    responses = my_responses(user, survey)
    if stage in responses:
        raise ValidationError({"stage": "You have already answered this stage."})
    if stage != next_stage(responses, finished_learning=has_finished_learning(user)):
        raise ValidationError({"stage": "This stage is not open yet."})
    try:
        with transaction.atomic():
            return SurveyResponse.objects.create(
                user=user, survey=survey, stage=stage, ratings={k: int(v) for k, v in ratings.items()}
            )
    except IntegrityError as exc:
        raise ValidationError({"stage": "You have already answered this stage."}) from exc


def skip_before(user):
    """The learner chose not to give "before" ratings. Recorded, so they are asked only once."""
    survey = active_survey()
    if survey is None:
        return None
    response, _created = SurveyResponse.objects.get_or_create(
        user=user, survey=survey, stage=SurveyResponse.Stage.BEFORE, defaults={"ratings": {}, "skipped": True}
    )
    return response


def should_ask_before(user):
    """Ask for the "before" ratings when a signed-in learner is about to start their first lesson:
    they have read nothing yet and have neither answered nor skipped the "before" stage."""
    from modules.models import LessonProgress

    if not user.is_authenticated or LessonProgress.objects.filter(user=user).exists():
        return False
    survey = Survey.objects.filter(is_active=True).first()
    if survey is None:
        return False
    return not SurveyResponse.objects.filter(user=user, survey=survey, stage=SurveyResponse.Stage.BEFORE).exists()


def cohort(actor, slug):
    """The organisation's current members who answered both before and after; withheld below 5."""
    membership = org_selectors.membership_for(actor, slug, Role.ORG_ADMIN)
    survey = active_survey()
    if survey is None:
        return {"survey": None, "rows": None, "matched": 0, "organisation": membership.organisation}
    member_ids = Membership.objects.filter(organisation=membership.organisation).values_list("user_id", flat=True)
    by_user = {}
    for response in SurveyResponse.objects.filter(
        survey=survey, user_id__in=member_ids, stage__in=["before", "after"], skipped=False
    ):
        by_user.setdefault(response.user_id, {})[response.stage] = response.ratings
    pairs = [(r.get("before"), r.get("after")) for r in by_user.values()]
    from s2t_learn.disclosure import minimum_group

    rows, matched = measure.cohort_table(items_of(survey), pairs, minimum=minimum_group())
    return {
        "survey": survey,
        "rows": rows,
        "matched": matched,
        "organisation": membership.organisation,
        "minimum": minimum_group(),
    }


def due_follow_ups(now=None):
    now = now or timezone.now()
    return SurveyResponse.objects.filter(
        stage=SurveyResponse.Stage.AFTER, submitted_at__lte=now - FOLLOW_UP_AFTER, reminder_sent_at__isnull=True
    ).exclude(user__survey_responses__stage=SurveyResponse.Stage.FOLLOW_UP)


SETTLED_KEY = "measure-before-settled"


def before_lesson_step(request, lesson):
    """The hook modules calls before a lesson: the "before" ratings form, then back to the lesson.
    Once the learner has started learning or answered (or skipped) the stage, the session remembers
    it, so later lessons cost no query."""
    if not request.user.is_authenticated or request.session.get(SETTLED_KEY):
        return None
    if should_ask_before(request.user):
        from urllib.parse import urlencode

        from django.urls import reverse

        return reverse("measure_stage", args=["before"]) + "?" + urlencode({"next": lesson.url})
    request.session[SETTLED_KEY] = True
    return None
