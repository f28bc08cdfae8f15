"""The demo organisation's action plan: targets, three action items (one completed) and learning assigned
from a recommendation, so that `make run` shows the whole journey from placement to action. Invented."""

import datetime

from django.utils import timezone

from s2t_learn.models import Membership, Role
from s2t_learn.selectors import membership_for

from ..continuum_levels import ContinuumLevel
from ..models import ActionItem, Round
from . import shared
from .completion import services as completion_services
from .recommendations import selectors as recommendation_selectors
from .targets import services as target_services


def ensure_demo_plan(slug):
    """Idempotent: does nothing once the organisation has an action plan."""
    if ActionItem.objects.filter(organisation__slug=slug).exists():
        return
    lead = Membership.objects.filter(organisation__slug=slug, role=Role.ASSESSMENT_LEAD).select_related("user").first()
    closed = Round.objects.filter(organisation__slug=slug, status=Round.Status.CLOSED).order_by("-closed_at").first()
    if lead is None or closed is None:
        return
    user, today = lead.user, timezone.localdate()
    # The demo round closed weeks ago, so that an item completed since shows on the comparison page.
    if closed.closed_at and closed.closed_at > timezone.now() - datetime.timedelta(days=30):
        Round.objects.filter(pk=closed.pk).update(closed_at=closed.opened_at + datetime.timedelta(days=10))
        closed.refresh_from_db()
    membership = membership_for(user, slug)
    placement = shared.placements_for(membership=membership, rounds=[closed])[closed.pk]
    targets = {
        p.domain: max(int(ContinuumLevel.COMPETENT), min(int(p.level) + 1, int(ContinuumLevel.PROFICIENT)))
        for p in placement.domains
    }
    target_services.set_targets(membership=membership, targets=targets)
    steps = recommendation_selectors.next_steps(placement)
    for n, step in enumerate(steps[:2]):
        item, _created = target_services.add_from_recommendation(
            membership=membership, recommendation_key=step.key, round_id=closed.pk
        )
        target_services.update_action_item(
            membership=membership,
            item_id=item.pk,
            data={
                "lead_person": ["Practice lead, family support", "Head of children's services"][n],
                "target_date": today + datetime.timedelta(weeks=12 + 8 * n),
                "status": ["in_progress", "not_started"][n],
                "progress_note": "First briefing held with team managers." if n == 0 else "",
            },
        )
    done = target_services.create_action_item(
        membership=membership,
        data={
            "outcome": "Supervision notes record what the perpetrator has done and what he must change, "
            "not only the non-offending parent's actions; seen in a sample of supervision records.",
            "action": "Add a prompt on the perpetrator's pattern of behaviour to the supervision template, and "
            "brief supervisors on using it.",
            "lead_person": "Team manager, family support",
            "status": "completed",
            "progress_note": "Template changed and supervisors briefed.",
            "domain_key": placement.domains[0].domain,
        },
        round_id=closed.pk,
    )
    ActionItem.objects.filter(pk=done.pk).update(completed_at=timezone.now() - datetime.timedelta(days=14))
    with_learning = next((s for s in steps if s.recommendation.modules), None)
    if with_learning:
        completion_services.assign_recommendation(
            membership=membership,
            recommendation_key=with_learning.key,
            due_date=today + datetime.timedelta(weeks=6),
            round_id=closed.pk,
        )
