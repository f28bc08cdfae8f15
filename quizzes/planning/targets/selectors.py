"""Reads for targets, the results page's planning and the action plan.

The public reads take the lead's checked membership (s2t_learn/access.py), or a report job, which was
checked when a lead asked for it (reports.services.request_report) and is made later, with no request.
The private helpers read one scope (an organisation, or one of its teams) already checked by their caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any, TypedDict

from django.utils import timezone

from s2t_learn.access import require_role
from s2t_learn.errors import NotFound
from s2t_learn.models import Membership, Role, Team

from ... import continuum
from ...continuum_levels import ContinuumLevel
from ...models import ActionItem, Framework, ReportJob, Round, TargetLevel
from .. import shared
from ..recommendations import ordering
from ..recommendations import selectors as recommendation_selectors

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence
    from datetime import date

    from django.db.models import QuerySet
    from django_stubs_ext import StrPromise

    from s2t_learn.models import Organisation


class DomainTitle(TypedDict):
    key: str
    title: str


class SplitItems(TypedDict):
    open_items: list[ActionItem]
    completed_items: list[ActionItem]


class RoundReportPlanning(TypedDict):
    targets: dict[str, int]
    items: QuerySet[ActionItem]


# ---------------------------------------------------------------- targets


@dataclass
class TargetRow:
    key: str
    title: str
    current: continuum.DomainPlacement | None
    target: int | None

    @property
    def target_label(self) -> StrPromise | None:
        return ContinuumLevel(self.target).label if self.target else None

    @property
    def gap(self) -> int | None:
        return ordering.gap(self.current.level if self.current else None, self.target)

    @property
    def reached(self) -> bool:
        return self.gap == 0


def _target_levels(organisation: Organisation | int, team: Team | int | None = None) -> dict[str, int]:
    """{domain key: level} for one scope: the organisation (team None) or one team."""
    return dict(TargetLevel.objects.filter(organisation=organisation, team=team).values_list("domain_key", "level"))


def _lead_scope(membership: Membership, team: Team | None) -> Organisation:
    """The lead's organisation, with a team (already read) checked to be one of its teams."""
    organisation = require_role(membership, Role.ASSESSMENT_LEAD).organisation
    if team is not None and team.organisation_id != organisation.pk:
        raise NotFound
    return organisation


def target_levels(*, membership: Membership, team: Team | None = None) -> dict[str, int]:
    """{domain key: level} for the lead's organisation (team None) or one of its teams."""
    return _target_levels(_lead_scope(membership, team), team)


def _scope_team(organisation: Organisation, team_id: int | str | None) -> Team | None:
    """The team a plan is for, checked against the organisation; None is the whole organisation."""
    if not team_id:
        return None
    team = Team.objects.filter(organisation=organisation, pk=team_id).first() if str(team_id).isdigit() else None
    if team is None:
        raise NotFound
    return team


def scope_team(*, membership: Membership, team_id: int | str | None) -> Team | None:
    """The team of the lead's organisation a plan is for (404 if it is not one of its teams); None is the
    whole organisation."""
    return _scope_team(require_role(membership, Role.ASSESSMENT_LEAD).organisation, team_id)


def target_rows(
    domains: Iterable[Mapping[str, Any]], placement: continuum.Placement | None, targets: Mapping[str, int]
) -> list[TargetRow]:
    """One row per area: where it is, where the organisation aims to be, and the gap."""
    by_key = {p.domain: p for p in placement.domains} if placement else {}
    return [TargetRow(d["key"], d["title"], by_key.get(d["key"]), targets.get(d["key"])) for d in domains]


def known_domains(*, membership: Membership) -> list[DomainTitle]:
    """The areas the lead's organisation can set a target for, or tie an action item to."""
    return _known_domains(require_role(membership, Role.ASSESSMENT_LEAD).organisation)


def _known_domains(organisation: Organisation) -> list[DomainTitle]:
    """The areas a target can be set for: those of the latest round's snapshot, then the active framework's."""
    latest = Round.objects.filter(organisation=organisation).only("snapshot").order_by("-opened_at").first()
    domains = list(latest.snapshot["domains"]) if latest else []
    framework = Framework.objects.filter(is_active=True).order_by("-version").first()
    if framework:
        seen = {d["key"] for d in domains}
        domains += [
            {"key": d.key, "title": d.title} for d in framework.domains.order_by("sort_order") if d.key not in seen
        ]
    return [{"key": d["key"], "title": d["title"]} for d in domains]


# ---------------------------------------------------------------- the results page


def results_planning(*, membership: Membership, round_: Round, placement: continuum.Placement) -> dict[str, Any]:
    """What the results page adds to the placement of a round the lead read (assessment selectors'
    round_for_lead): next steps, targets and gaps, and the teams a lead can assign learning to. Two queries
    (targets, teams); the library comes from the cache."""
    require_role(membership, Role.ASSESSMENT_LEAD)
    if round_.organisation_id != membership.organisation_id:
        raise NotFound
    steps = (
        recommendation_selectors.next_steps(placement, round_.snapshot.get("setting") or "")
        if not round_.is_open
        else []
    )
    targets = _target_levels(round_.organisation_id, round_.team_id)
    return {
        "next_steps": steps,
        "next_step_groups": recommendation_selectors.grouped_next_steps(steps),
        "target_rows": target_rows(round_.snapshot["domains"], placement, targets),
        "has_targets": bool(targets),
        "teams": list(Team.objects.filter(organisation_id=round_.organisation_id).order_by("name")),
        "domain_titles": shared.domain_titles(round_.snapshot),
    }


# ---------------------------------------------------------------- the action plan


def _closed_rounds_of_scope(organisation: Organisation, team: Team | None = None) -> QuerySet[Round]:
    """Closed rounds of one scope only (a team round never speaks for the organisation), newest first."""
    return Round.objects.filter(organisation=organisation, team=team, status=Round.Status.CLOSED).order_by("-closed_at")


def closed_round_of_scope(*, membership: Membership, team: Team | None, round_id: int) -> Round | None:
    """One closed round of the lead's organisation's scope (team None: the organisation's own), or None."""
    return _closed_rounds_of_scope(_lead_scope(membership, team), team).filter(pk=round_id).first()


def _latest_released(
    membership: Membership, candidates: Sequence[Round]
) -> tuple[Round | None, continuum.Placement | None]:
    """(round, placement) for the newest candidate with released results; two queries."""
    placements = shared.placements_for(membership=membership, rounds=candidates[:5])
    for round_ in candidates[:5]:
        if placements[round_.pk] is not None:
            return round_, placements[round_.pk]
    return None, None


def _action_items(organisation: Organisation | int, team: Team | int | None = None) -> QuerySet[ActionItem]:
    return ActionItem.objects.filter(organisation=organisation, team=team).select_related(
        "recommendation", "source_round"
    )


def _all_action_items(organisation: Organisation) -> QuerySet[ActionItem]:
    """Every scope's items: for finding one item by id, or listing them all in the API."""
    return ActionItem.objects.filter(organisation=organisation).select_related("recommendation", "source_round", "team")


def _standing(membership: Membership, team: Team | None = None, round_id: int | str | None = None) -> dict[str, Any]:
    """The scope's chosen (or latest) closed round's placement, each area's target and the gap to it."""
    organisation = membership.organisation
    scope_rounds = list(_closed_rounds_of_scope(organisation, team)[:20])
    latest: Round | None
    placement: continuum.Placement | None
    if round_id:
        chosen = next((r for r in scope_rounds if str(r.pk) == str(round_id)), None)
        if chosen is None and str(round_id).isdigit():
            chosen = _closed_rounds_of_scope(organisation, team).filter(pk=round_id).first()
        if chosen is None:
            raise NotFound
        latest, placement = chosen, shared.placements_for(membership=membership, rounds=[chosen])[chosen.pk]
    else:
        latest, placement = _latest_released(membership, scope_rounds)
    if placement is None:
        latest = None
    domains = latest.snapshot["domains"] if latest else _known_domains(organisation)
    return {
        "organisation": organisation,
        "team": team,
        "latest_round": latest,
        "scope_rounds": scope_rounds,
        "placement": placement,
        "target_rows": target_rows(domains, placement, _target_levels(organisation, team)),
        "domain_titles": shared.domain_titles(latest.snapshot) if latest else {d["key"]: d["title"] for d in domains},
        "reassessment_due": _reassessment_due_date(latest),
    }


def targets_context(*, membership: Membership, team_id: int | str | None = None) -> dict[str, Any]:
    organisation = require_role(membership, Role.ASSESSMENT_LEAD).organisation
    return _standing(membership, _scope_team(organisation, team_id))


def plan_for(
    *, membership: Membership, team_id: int | str | None = None, round_id: int | str | None = None
) -> dict[str, Any]:
    """A scope's action plan, with the placement of that scope's chosen or latest closed round, targets and
    gaps. The organisation's plan never reads a team round, and a team's plan never the organisation's."""
    organisation = require_role(membership, Role.ASSESSMENT_LEAD).organisation
    team = _scope_team(organisation, team_id)
    items = list(_action_items(organisation, team))
    return {
        **_standing(membership, team, round_id),
        "teams": list(Team.objects.filter(organisation=organisation).order_by("name")),
        "items": items,
        **split_items(items),
        "today": timezone.localdate(),
    }


def _reassessment_due_date(round_: Round | None) -> date | None:
    if round_ is None or round_.closed_at is None:
        return None
    return (round_.closed_at + timedelta(days=shared.reassessment_due_days())).date()


def split_items(items: Sequence[ActionItem]) -> SplitItems:
    """Open items by target date (undated last); completed items, most recently completed first."""
    open_items = sorted(
        (i for i in items if not i.is_completed), key=lambda i: (i.target_date is None, i.target_date, i.created_at)
    )
    done = sorted((i for i in items if i.is_completed), key=lambda i: i.completed_at or i.updated_at, reverse=True)
    return {"open_items": open_items, "completed_items": done}


def action_item_for(*, membership: Membership, item_id: int) -> ActionItem:
    require_role(membership, Role.ASSESSMENT_LEAD)
    item = _all_action_items(membership.organisation).filter(pk=item_id).first()
    if item is None:
        raise NotFound
    return item


def action_items_for(*, membership: Membership) -> QuerySet[ActionItem]:
    require_role(membership, Role.ASSESSMENT_LEAD)
    return _all_action_items(membership.organisation)


# ---------------------------------------------------------------- report jobs


def round_report_planning(*, job: ReportJob) -> RoundReportPlanning:
    """For a round's report: the targets and the action items of the round's own scope."""
    round_ = job.round
    if round_ is None or round_.organisation_id != job.organisation_id:
        raise NotFound
    return {
        "targets": _target_levels(round_.organisation_id, round_.team_id),
        "items": _action_items(round_.organisation_id, round_.team_id),  # read only if used
    }


def _requester_membership(job: ReportJob) -> Membership:
    """The membership of the lead who asked for the report, in the job's organisation: the plan is read through
    it, as the page is. Someone who has left (or been removed) since gets no report (NotFound)."""
    if job.requested_by_id is None:  # the person who asked has deleted their account
        raise NotFound
    membership = (
        Membership.objects.filter(user_id=job.requested_by_id, organisation_id=job.organisation_id)
        .select_related("organisation")
        .first()
    )
    if membership is None:
        raise NotFound
    return membership


def plan_report_planning(*, job: ReportJob) -> dict[str, Any]:
    """For an action plan's report: the job's scope (a team's plan, or the organisation's), reading "now" from
    the round the lead chose, which request_report checked is a closed round of that scope, or the latest."""
    if job.team is not None and job.team.organisation_id != job.organisation_id:
        raise NotFound
    return {
        **_standing(_requester_membership(job), job.team, job.round_id),
        **split_items(list(_action_items(job.organisation, job.team))),
    }
