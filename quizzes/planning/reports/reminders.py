"""Reminder emails, run by Celery beat: overdue learning (to learners) and reassessment due (to leads).

Each reminder goes out once: a ReminderLog row is written in the same transaction as the email is sent,
and unique constraints stop a second one. Emails have neutral subjects and no module titles (the inbox
may be read by someone else) and carry a signed unsubscribe link that works without signing in.
"""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from s2t_learn.models import Membership, Role, User

from ...models import EmailOptOut, ReminderLog, Round
from .. import shared
from ..completion import selectors as completion_selectors

UNSUBSCRIBE_SALT = "s2t.planning.unsubscribe"
OVERDUE_SUBJECT = "Reminder: learning past its due date"
REASSESSMENT_SUBJECT = "Reminder: time for your next review"
OVERDUE_WINDOW_DAYS = 90


class BadUnsubscribeLink(Exception):
    pass


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_token(user_id, kind):
    return signing.dumps([user_id, kind], salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(user_id, kind):
    return absolute(reverse("planning_unsubscribe", args=[unsubscribe_token(user_id, kind)]))


def read_unsubscribe_token(token):
    """(user, kind) for a genuine link. The links do not expire: an old email must still let people stop."""
    try:
        user_id, kind = signing.loads(token or "", salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise BadUnsubscribeLink from exc
    user = User.objects.filter(pk=user_id).first()
    if user is None or kind not in ReminderLog.Kind.values:
        raise BadUnsubscribeLink
    return user, kind


def unsubscribe(token):
    user, kind = read_unsubscribe_token(token)
    EmailOptOut.objects.get_or_create(user=user, kind=kind)
    return user, kind


def _send(kind, user, subject, template, context):
    link = unsubscribe_url(user.pk, kind)
    body = render_to_string(template, {**context, "unsubscribe_url": link})
    message = EmailMessage(
        subject,
        body,
        None,
        [user.email],
        headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.send()


def _opted_out(kind, user_ids):
    return set(EmailOptOut.objects.filter(kind=kind, user_id__in=list(user_ids)).values_list("user_id", flat=True))


def send_overdue_assignment_reminders(today=None):
    """Email each learner, once per assignment, when learning assigned to them is past its due date and
    not complete. People who joined after the due date are not chased. Returns the emails sent."""
    from modules.models import ModuleAssignment

    kind = ReminderLog.Kind.ASSIGNMENT_OVERDUE
    today = today or timezone.localdate()
    # A window keeps the daily run small as years of assignments build up; each is chased in its first days.
    assignments = list(
        ModuleAssignment.objects.filter(
            due_date__lt=today, due_date__gte=today - timedelta(days=OVERDUE_WINDOW_DAYS), module__live=True
        ).select_related("module", "organisation")
    )
    if not assignments:
        return 0
    members = completion_selectors.organisation_members({a.organisation_id for a in assignments})
    user_ids = {m[0] for group in members.values() for m in group}
    progress = completion_selectors.completion_by_person(
        list({a.module_id: a.module for a in assignments}.values()), user_ids
    )
    already = set(
        ReminderLog.objects.filter(kind=kind, assignment__in=assignments).values_list("assignment_id", "user_id")
    )
    opted_out = _opted_out(kind, user_ids)
    due = defaultdict(list)  # user id -> [assignment]
    for assignment in assignments:
        joined = {m[0]: m[2] for m in members[assignment.organisation_id]}
        for user_id in completion_selectors.audience(assignment, members[assignment.organisation_id]):
            status = progress[assignment.module_id].get(user_id)
            complete = status is not None and status.is_complete
            late_joiner = joined[user_id].date() > assignment.due_date
            if complete or late_joiner or user_id in opted_out or (assignment.pk, user_id) in already:
                continue
            due[user_id].append(assignment)
    sent = 0
    people = User.objects.in_bulk(list(due))
    for user_id, items in due.items():
        user = people[user_id]
        try:
            with transaction.atomic():
                ReminderLog.objects.bulk_create([ReminderLog(kind=kind, user=user, assignment=a) for a in items])
                _send(
                    kind,
                    user,
                    OVERDUE_SUBJECT,
                    "planning/emails/overdue_learning.txt",
                    {
                        "user": user,
                        "organisations": sorted({a.organisation.name for a in items}),
                        "count": len(items),
                        "earliest": min(a.due_date for a in items),
                        "link": absolute(reverse("my_learning")),
                    },
                )
        except IntegrityError:
            continue  # another run got there first: that reminder has been sent
        sent += 1
    return sent


def send_reassessment_reminders(now=None):
    """Tell an organisation's leads and admins, once, when its latest round closed long enough ago
    (REASSESSMENT_DUE_DAYS, 12 months by default) that the next self-assessment is due."""
    kind = ReminderLog.Kind.REASSESSMENT_DUE
    now = now or timezone.now()
    cutoff = now - timedelta(days=shared.reassessment_due_days())
    newer = Round.objects.filter(organisation=OuterRef("organisation"), opened_at__gt=OuterRef("opened_at"))
    due_rounds = list(
        Round.objects.filter(status=Round.Status.CLOSED, closed_at__lte=cutoff)
        .exclude(Exists(newer))
        .select_related("organisation")
    )
    if not due_rounds:
        return 0
    leads = list(
        Membership.objects.filter(
            organisation__in=[r.organisation_id for r in due_rounds],
            role__in=[Role.ASSESSMENT_LEAD, Role.ORG_ADMIN],
        ).select_related("user")
    )
    opted_out = _opted_out(kind, [m.user_id for m in leads])
    already = set(ReminderLog.objects.filter(kind=kind, round__in=due_rounds).values_list("round_id", "user_id"))
    sent = 0
    for round_ in due_rounds:
        for membership in leads:
            user = membership.user
            if membership.organisation_id != round_.organisation_id:
                continue
            if user.pk in opted_out or (round_.pk, user.pk) in already:
                continue
            try:
                with transaction.atomic():
                    ReminderLog.objects.create(kind=kind, user=user, round=round_)
                    _send(
                        kind,
                        user,
                        REASSESSMENT_SUBJECT,
                        "planning/emails/reassessment_due.txt",
                        {
                            "user": user,
                            "organisation": round_.organisation,
                            "round": round_,
                            "link": absolute(reverse("planning_reassess", args=[round_.organisation.slug, round_.pk])),
                        },
                    )
            except IntegrityError:
                continue
            sent += 1
    return sent
