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


def next_stage(responses, now=None):
    """The stage a learner should answer next, or None (with the date the follow-up opens)."""
    now = now or timezone.now()
    if SurveyResponse.Stage.BEFORE not in responses:
        return SurveyResponse.Stage.BEFORE
    if SurveyResponse.Stage.AFTER not in responses:
        return SurveyResponse.Stage.AFTER
    after = responses[SurveyResponse.Stage.AFTER]
    if SurveyResponse.Stage.FOLLOW_UP not in responses and after.submitted_at + FOLLOW_UP_AFTER <= now:
        return SurveyResponse.Stage.FOLLOW_UP
    return None


def my_overview(user):
    survey = active_survey()
    if survey is None:
        return {"survey": None}
    responses = my_responses(user, survey)
    ratings = {stage: r.ratings for stage, r in responses.items()}
    return {
        "survey": survey,
        "rows": measure.my_table(
            items_of(survey), ratings.get("before"), ratings.get("after"), ratings.get("follow_up")
        ),
        "responses": responses,
        "next_stage": next_stage(responses),
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
    if stage != next_stage(responses):
        raise ValidationError({"stage": "This stage is not open yet."})
    try:
        with transaction.atomic():
            return SurveyResponse.objects.create(
                user=user, survey=survey, stage=stage, ratings={k: int(v) for k, v in ratings.items()}
            )
    except IntegrityError as exc:
        raise ValidationError({"stage": "You have already answered this stage."}) from exc


def cohort(actor, slug):
    """The organisation's current members who answered both before and after; withheld below 5."""
    membership = org_selectors.membership_for(actor, slug, Role.ORG_ADMIN)
    survey = active_survey()
    if survey is None:
        return {"survey": None, "rows": None, "matched": 0, "organisation": membership.organisation}
    member_ids = Membership.objects.filter(organisation=membership.organisation).values_list("user_id", flat=True)
    by_user = {}
    for response in SurveyResponse.objects.filter(survey=survey, user_id__in=member_ids, stage__in=["before", "after"]):
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
