"""Services and selectors for the before-and-after measure."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import TruncQuarter
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from s2t_learn.access import require_role
from s2t_learn.disclosure import minimum_group
from s2t_learn.errors import NotFound
from s2t_learn.models import Membership, Role

from ..models import CohortTable, Measure, MeasureResponse
from . import measure_rules as rules

FOLLOW_UP_AFTER = timedelta(days=90)
STAGES = [MeasureResponse.Stage.BEFORE, MeasureResponse.Stage.AFTER, MeasureResponse.Stage.FOLLOW_UP]


def active_measure():
    return Measure.objects.filter(is_active=True).prefetch_related("items").first()


def items_of(measure):
    return [{"key": i.key, "text": i.text, "kind": i.kind} for i in measure.items.all()]


def my_responses(user, measure):
    return {r.stage: r for r in MeasureResponse.objects.filter(user=user, measure=measure)}


def next_stage(responses, now=None, finished_learning=True):
    """The stage a learner should answer next, or None (with the date the follow-up opens).
    "After" opens only once the learner has finished something: a module (or so a pathway)."""
    now = now or timezone.now()
    if MeasureResponse.Stage.BEFORE not in responses:
        return MeasureResponse.Stage.BEFORE
    if MeasureResponse.Stage.AFTER not in responses:
        return MeasureResponse.Stage.AFTER if finished_learning else None
    after = responses[MeasureResponse.Stage.AFTER]
    if MeasureResponse.Stage.FOLLOW_UP not in responses and after.submitted_at + FOLLOW_UP_AFTER <= now:
        return MeasureResponse.Stage.FOLLOW_UP
    return None


def has_finished_learning(user):
    """At least one module complete, by the one completion rule (a complete pathway implies one)."""
    from modules.selectors import live_modules

    from .completion import progress_for

    return any(status.is_complete for status in progress_for(user, list(live_modules())).values())


def my_overview(user):
    measure = active_measure()
    if measure is None:
        return {"measure": None}
    responses = my_responses(user, measure)
    finished = has_finished_learning(user)
    ratings = {stage: r.ratings for stage, r in responses.items() if not r.skipped}
    return {
        "measure": measure,
        "rows": rules.my_table(
            items_of(measure), ratings.get("before"), ratings.get("after"), ratings.get("follow_up")
        ),
        "responses": responses,
        "next_stage": next_stage(responses, finished_learning=finished),
        "finished_learning": finished,
        "follow_up_opens": responses["after"].submitted_at + FOLLOW_UP_AFTER if "after" in responses else None,
    }


def my_measure(user):
    """The learner's own before-and-after table and the stage open next; 404 when there is no measure."""
    overview = my_overview(user)
    if overview["measure"] is None:
        raise NotFound
    return overview


def record_ratings(user, stage, ratings):
    """Submit one stage's ratings and answer with the learner's table as it now is."""
    submit_ratings(user, stage, ratings)
    return my_overview(user)


def submit_ratings(user, stage, ratings):
    measure = active_measure()
    if measure is None:
        raise NotFound
    if stage not in MeasureResponse.Stage.values:
        raise NotFound
    errors = rules.validate_ratings([i.key for i in measure.items.all()], ratings or {})
    if errors:
        raise ValidationError(errors)
    responses = my_responses(user, measure)
    if stage in responses:
        raise ValidationError({"stage": "You have already answered this stage."})
    if stage != next_stage(responses, finished_learning=has_finished_learning(user)):
        raise ValidationError({"stage": "This stage is not open yet."})
    try:
        with transaction.atomic():
            return MeasureResponse.objects.create(
                user=user, measure=measure, stage=stage, ratings={k: int(v) for k, v in ratings.items()}
            )
    except IntegrityError as exc:
        raise ValidationError({"stage": "You have already answered this stage."}) from exc


def skip_before(user):
    """The learner chose not to give "before" ratings. Recorded, so they are asked only once."""
    measure = active_measure()
    if measure is None:
        return None
    response, _created = MeasureResponse.objects.get_or_create(
        user=user, measure=measure, stage=MeasureResponse.Stage.BEFORE, defaults={"ratings": {}, "skipped": True}
    )
    return response


def should_ask_before(user):
    """Ask for the "before" ratings when a signed-in learner is about to start their first lesson:
    they have read nothing yet and have neither answered nor skipped the "before" stage."""
    from modules.models import LessonProgress

    if not user.is_authenticated or LessonProgress.objects.filter(user=user).exists():
        return False
    measure = Measure.objects.filter(is_active=True).first()
    if measure is None:
        return False
    return not MeasureResponse.objects.filter(user=user, measure=measure, stage=MeasureResponse.Stage.BEFORE).exists()


@dataclass(frozen=True)
class CohortView:
    """One closed quarter's table as an organisation sees it."""

    quarter: rules.Quarter
    people: int
    rows: list | None  # None: withheld
    minimum: int
    withheld_because: str = ""

    @property
    def withheld(self):
        return self.rows is None

    @property
    def reason(self):
        """Why the table is withheld, in plain words ("" when it is shown)."""
        if not self.withheld:
            return ""
        if self.withheld_because != "close" or self.people < self.minimum:
            return _("Withheld: fewer than %(n)s people rated themselves both before and after") % {"n": self.minimum}
        return _("Withheld: too close to another group shown here")

    @property
    def label(self):
        return quarter_label(self.quarter)


def quarter_label(quarter):
    return _("%(first)s to %(last)s") % {
        "first": date_format(quarter.starts, "F"),
        "last": date_format(quarter.last_day, "F Y"),
    }


def _matched_ratings(organisation, measure):
    """[measure_rules.Rated] for the organisation's current members: their before and after ratings (not
    skipped), the moment their "after" ratings were sent and the moment they joined. One query."""
    joined = Membership.objects.filter(organisation=organisation, user=OuterRef("user_id")).values("joined_at")[:1]
    by_user = {}
    for user_id, stage, ratings, sent, joined_at in (
        MeasureResponse.objects.filter(
            measure=measure, stage__in=["before", "after"], skipped=False, user__memberships__organisation=organisation
        )
        .annotate(joined=Subquery(joined))
        .filter(joined__isnull=False)
        .values_list("user_id", "stage", "ratings", "submitted_at", "joined")
    ):
        mine = by_user.setdefault(user_id, {"joined": joined_at})
        mine[stage] = ratings
        if stage == "after":
            mine["sent"] = sent
    return [
        rules.Rated(
            user_id,
            timezone.localtime(mine["joined"]),
            timezone.localtime(mine["sent"]),
            mine["before"],
            mine["after"],
        )
        for user_id, mine in by_user.items()
        if mine.get("before") and mine.get("after")
    ]


def _ended_quarters_with_after_ratings(organisation, measure, today):
    """The keys of the ended quarters in which a current member sent "after" ratings: one grouped query."""
    current = rules.Quarter.of(today).starts
    sent = (
        MeasureResponse.objects.filter(
            measure=measure,
            stage=MeasureResponse.Stage.AFTER,
            skipped=False,
            submitted_at__date__lt=current,
            user__memberships__organisation=organisation,
        )
        .annotate(quarter=TruncQuarter("submitted_at"))
        .order_by()
        .values_list("quarter", flat=True)
        .distinct()
    )
    return {rules.Quarter.of(timezone.localtime(start)).key for start in sent}


def _fix_closed_quarters(organisation, measure, fixed, today, minimum):
    """Work out and store the table of each closed quarter not fixed yet (measure_rules.closed_cohorts). A
    quarter already fixed is never worked out again, so two readings of it are always the same. When every
    ended quarter in which a member sent "after" ratings is fixed already, nobody's ratings are read."""
    if not _ended_quarters_with_after_ratings(organisation, measure, today) - set(fixed):
        return fixed
    rated = _matched_ratings(organisation, measure)
    new = [c for c in rules.closed_cohorts(rated, today, minimum=minimum) if c.quarter.key not in fixed]
    if not new:
        return fixed
    items = items_of(measure)
    by_person = {r.person: r for r in rated}

    def rows(cohort):
        if not cohort.shown:
            return None
        return [
            {"key": r.key, "text": r.text, "kind": r.kind, "before": r.before, "after": r.after}
            for r in rules.cohort_rows(items, [by_person[p] for p in cohort.people])
        ]

    CohortTable.objects.bulk_create(
        [
            CohortTable(
                organisation=organisation,
                measure=measure,
                quarter=c.quarter.key,
                people=len(c.people),
                rows=rows(c),
                withheld_because="" if c.shown else ("small" if len(c.people) < minimum else "close"),
            )
            for c in new
        ],
        ignore_conflicts=True,  # another request fixed it first: its table stands, re-read below
    )
    return {t.quarter: t for t in CohortTable.objects.filter(organisation=organisation, measure=measure)}


def cohort(*, membership: Membership, today: date | None = None) -> dict:
    """The organisation's before-and-after tables, one per closed calendar quarter, newest first: the
    current members who sent their "after" ratings in that quarter (and "before" ratings too) while
    members. A quarter shows only after it has ended, only with at least the minimum people, and with the
    figures fixed the first time they were worked out (measure_rules.closed_cohorts says why this stops the
    "before and after one person joins" attack). For org admins."""
    require_role(membership, Role.ORG_ADMIN)
    organisation = membership.organisation
    today = today or timezone.localdate()
    minimum = minimum_group()
    context = {
        "measure": None,
        "organisation": organisation,
        "minimum": minimum,
        "current": rules.Quarter.of(today),
        "current_label": quarter_label(rules.Quarter.of(today)),
        "cohorts": [],
    }
    measure = active_measure()
    if measure is None:
        return context
    fixed = {t.quarter: t for t in CohortTable.objects.filter(organisation=organisation, measure=measure)}
    fixed = _fix_closed_quarters(organisation, measure, fixed, today, minimum)
    cohorts = []
    for key in sorted(fixed, reverse=True):
        table = fixed[key]
        shown = table.rows is not None and table.people >= minimum  # a raised minimum withholds old tables
        rows = (
            [rules.Row(r["key"], r["text"], r["kind"], r["before"], r["after"]) for r in table.rows] if shown else None
        )
        cohorts.append(CohortView(rules.Quarter.from_key(key), table.people, rows, minimum, table.withheld_because))
    return {**context, "measure": measure, "cohorts": cohorts}


def due_follow_ups(now=None):
    now = now or timezone.now()
    return MeasureResponse.objects.filter(
        stage=MeasureResponse.Stage.AFTER, submitted_at__lte=now - FOLLOW_UP_AFTER, reminder_sent_at__isnull=True
    ).exclude(user__measure_responses__stage=MeasureResponse.Stage.FOLLOW_UP)


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
