"""Reads for next steps, targets, the action plan, assignment completion, comparisons and reports.

Every read of an organisation's data takes the requesting user (membership_for: non-members get 404,
members below assessment lead 403), or a round that was itself read through such a selector.
"""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from s2t_learn import selectors as org_selectors
from s2t_learn.models import Membership, Role, Team

from .. import continuum
from ..assessment import anonymity
from ..assessment import selectors as assessment_selectors
from ..assessment import snapshot as snap
from ..continuum import SETTINGS, ContinuumLevel
from ..models import ActionItem, Answer, Framework, Recommendation, ReportJob, Round, TargetLevel
from ..models.planning import LIBRARY_CACHE_KEY
from . import compare, ordering

LIBRARY_CACHE_SECONDS = 600


def minimum_group():
    """Learner statistics shown to an organisation are withheld for groups smaller than this (DESIGN)."""
    from s2t_learn.disclosure import minimum_group as the_minimum

    return the_minimum()


def reassessment_due_days():
    return getattr(settings, "REASSESSMENT_DUE_DAYS", 365)


# ---------------------------------------------------------------- the recommendation library


@dataclass(frozen=True)
class ModuleLink:
    id: int
    title: str
    url: str
    slug: str = ""


@dataclass(frozen=True)
class ResourceLink:
    title: str
    url: str
    description: str = ""


@dataclass(frozen=True)
class RecommendationData:
    id: int
    key: str
    domain_key: str
    level: str
    title: str
    action: str
    outcome: str
    lifts: tuple = ()
    modules: tuple = ()
    resources: tuple = ()
    sort_order: int = 0
    settings: tuple = ()
    addresses: tuple = ()
    modules_by_setting: dict = field(default_factory=dict, compare=False)

    def for_setting(self, setting):
        """This step as a round for one setting shows it: with that setting's learning."""
        if not setting or setting not in self.modules_by_setting:
            return self
        return replace(self, modules=self.modules_by_setting[setting])

    @property
    def level_enum(self):
        return ContinuumLevel.from_key(self.level)

    @property
    def level_label(self):
        return self.level_enum.label


def _load_library():
    from modules.models import ModulePage

    from ..assessment.settings import SETTING_MODULES, modules_for_setting

    live_modules = ModulePage.objects.live().only("id", "title", "slug", "url_path", "path", "depth").order_by("path")
    recommendations = Recommendation.objects.filter(live=True).prefetch_related(
        Prefetch("modules", queryset=live_modules)
    )
    setting_links = {
        m.slug: ModuleLink(m.pk, m.title, m.get_url(None) or "", m.slug)
        for m in live_modules.filter(slug__in=SETTING_MODULES.values())
    }

    def by_setting(rec):
        links = {m.slug: ModuleLink(m.pk, m.title, m.get_url(None) or "", m.slug) for m in rec.modules.all()}
        known = {**setting_links, **links}
        return {
            setting: tuple(known[slug] for slug in modules_for_setting(links, setting) if slug in known)
            for setting in SETTINGS
        }

    return [
        RecommendationData(
            id=rec.pk,
            key=rec.key,
            domain_key=rec.domain_key,
            level=rec.level,
            title=rec.title,
            action=rec.action,
            outcome=rec.outcome,
            lifts=tuple(rec.lifts or ()),
            modules=tuple(ModuleLink(m.pk, m.title, m.get_url(None) or "", m.slug) for m in rec.modules.all()),
            settings=tuple(rec.settings or ()),
            addresses=tuple(rec.addresses or ()),
            modules_by_setting=by_setting(rec),
            resources=tuple(
                ResourceLink(block.value["title"], block.value["url"], block.value.get("description") or "")
                for block in rec.resources
            ),
            sort_order=rec.sort_order,
        )
        for rec in recommendations
    ]


def recommendation_library():
    """Every recommendation as plain data, cached; editors' saves and module publishing clear the cache."""
    library = cache.get(LIBRARY_CACHE_KEY)
    if library is None:
        library = _load_library()
        cache.set(LIBRARY_CACHE_KEY, library, LIBRARY_CACHE_SECONDS)
    return library


def recommendation_by_key(key):
    found = next((rec for rec in recommendation_library() if rec.key == key), None)
    if found is None:
        raise Http404
    return found


@dataclass
class NextStep:
    recommendation: RecommendationData
    group: ordering.Group
    lifted: list  # area keys below Proficient this step lifts, its own first

    @property
    def key(self):
        return self.recommendation.key


def next_steps(placement, setting=""):
    """The recommendations that apply to this placement, in the order they should be tackled. For a
    round opened for one setting: the steps written for it, with its learning."""
    from ..assessment.settings import applies_in_setting

    library = [
        rec.for_setting(setting) for rec in recommendation_library() if applies_in_setting(rec.settings, setting)
    ]
    by_key = {rec.key: rec for rec in library}
    steps = [
        ordering.Step(rec.key, rec.domain_key, rec.level_enum, rec.lifts, rec.sort_order)
        for rec in library
        if rec.level in {level.key for level in ContinuumLevel}
    ]
    levels = [ordering.DomainLevel(p.domain, p.level) for p in placement.domains]
    ordered = ordering.order_next_steps(levels, steps, placement.overall)
    return [NextStep(by_key[o.key], o.group, o.lifted) for o in ordered]


def grouped_next_steps(steps):
    return [{"group": group, "label": group.label, "steps": items} for group, items in ordering.grouped(steps)]


# ---------------------------------------------------------------- placement without the page's extras


def placements_for(rounds):
    """{round id: Placement} for several rounds in two queries (answers, agreed answers)."""
    ids = [r.pk for r in rounds]
    answers = defaultdict(lambda: defaultdict(list))
    senders = defaultdict(set)
    # Only sent answers by members count (quizzes/assessment/anonymity.py), as on the results page.
    org_member = Exists(
        Membership.objects.filter(
            user=OuterRef("invitation__user"), organisation_id=OuterRef("invitation__round__organisation_id")
        )
    )
    team_member = Exists(
        Membership.objects.filter(user=OuterRef("invitation__user"), team_id=OuterRef("invitation__round__team_id"))
    )
    for round_id, invitation_id, key, value in (
        Answer.objects.filter(invitation__round_id__in=ids, invitation__submitted_at__isnull=False)
        .filter(org_member)
        .filter(Q(invitation__round__team__isnull=True) | team_member)
        .values_list("invitation__round_id", "invitation_id", "statement_key", "value")
    ):
        answers[round_id][key].append(value)
        senders[round_id].add(invitation_id)
    agreed = assessment_selectors.agreed_values_for(ids)
    minimum = assessment_selectors.release_minimum()
    placements = {}
    for r in rounds:
        state = anonymity.release_state(r.is_anonymous, r.is_open, len(senders[r.pk]), minimum)
        if not anonymity.results_visible(state):
            placements[r.pk] = None  # withheld: nothing about it may show anywhere
            continue
        placements[r.pk] = continuum.place(
            snap.domain_keys(r.snapshot),
            snap.placement_statements(r.snapshot),
            answers[r.pk],
            agreed[r.pk],
            rule=snap.rule_of(r.snapshot),
        )
    return placements


def domain_titles(*snapshots):
    titles = {}
    for snapshot in snapshots:
        for domain in snapshot.get("domains", []):
            titles.setdefault(domain["key"], domain["title"])
    return titles


# ---------------------------------------------------------------- targets


@dataclass
class TargetRow:
    key: str
    title: str
    current: continuum.DomainPlacement | None
    target: int | None

    @property
    def target_label(self):
        return ContinuumLevel(self.target).label if self.target else None

    @property
    def gap(self):
        return ordering.gap(self.current.level if self.current else None, self.target)

    @property
    def reached(self):
        return self.gap == 0


def target_levels(organisation, team=None):
    """{domain key: level} for one scope: the organisation (team None) or one team. The organisation comes
    from a membership or round already checked."""
    return dict(TargetLevel.objects.filter(organisation=organisation, team=team).values_list("domain_key", "level"))


def scope_team(organisation, team_id):
    """The team a plan is for, checked against the organisation; None is the whole organisation."""
    if not team_id:
        return None
    team = Team.objects.filter(organisation=organisation, pk=team_id).first() if str(team_id).isdigit() else None
    if team is None:
        raise Http404
    return team


def target_rows(domains, placement, targets):
    """One row per area: where it is, where the organisation aims to be, and the gap."""
    by_key = {p.domain: p for p in placement.domains} if placement else {}
    return [TargetRow(d["key"], d["title"], by_key.get(d["key"]), targets.get(d["key"])) for d in domains]


def known_domains(organisation):
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


def results_planning(round_, placement):
    """What the results page adds to the placement: next steps, targets and gaps, and the teams a lead can
    assign learning to. Two queries (targets, teams); the library comes from the cache."""
    steps = next_steps(placement, round_.snapshot.get("setting") or "") if not round_.is_open else []
    targets = target_levels(round_.organisation_id, round_.team_id)
    return {
        "next_steps": steps,
        "next_step_groups": grouped_next_steps(steps),
        "target_rows": target_rows(round_.snapshot["domains"], placement, targets),
        "has_targets": bool(targets),
        "teams": list(Team.objects.filter(organisation_id=round_.organisation_id).order_by("name")),
        "domain_titles": domain_titles(round_.snapshot),
    }


# ---------------------------------------------------------------- the action plan


def closed_rounds_of_scope(organisation, team=None):
    """Closed rounds of one scope only (a team round never speaks for the organisation), newest first."""
    return Round.objects.filter(organisation=organisation, team=team, status=Round.Status.CLOSED).order_by("-closed_at")


def latest_closed_round(organisation, team=None):
    """The scope's latest closed round whose results are released (a withheld round shows nothing)."""
    return _latest_released(list(closed_rounds_of_scope(organisation, team)[:5]))[0]


def _latest_released(candidates):
    """(round, placement) for the newest candidate with released results; two queries."""
    placements = placements_for(candidates[:5])
    for round_ in candidates[:5]:
        if placements[round_.pk] is not None:
            return round_, placements[round_.pk]
    return None, None


def action_items(organisation, team=None):
    return ActionItem.objects.filter(organisation=organisation, team=team).select_related(
        "recommendation", "source_round"
    )


def all_action_items(organisation):
    """Every scope's items: for finding one item by id, or listing them all in the API."""
    return ActionItem.objects.filter(organisation=organisation).select_related("recommendation", "source_round", "team")


def lead_organisation(user, slug):
    return org_selectors.membership_for(user, slug, Role.ASSESSMENT_LEAD).organisation


def _standing(organisation, team=None, round_id=None):
    """The scope's chosen (or latest) closed round's placement, each area's target and the gap to it."""
    scope_rounds = list(closed_rounds_of_scope(organisation, team)[:20])
    if round_id:
        chosen = next((r for r in scope_rounds if str(r.pk) == str(round_id)), None)
        if chosen is None and str(round_id).isdigit():
            chosen = closed_rounds_of_scope(organisation, team).filter(pk=round_id).first()
        if chosen is None:
            raise Http404
        latest, placement = chosen, placements_for([chosen])[chosen.pk]
    else:
        latest, placement = _latest_released(scope_rounds)
    if placement is None:
        latest = None
    domains = latest.snapshot["domains"] if latest else known_domains(organisation)
    return {
        "organisation": organisation,
        "team": team,
        "latest_round": latest,
        "scope_rounds": scope_rounds,
        "placement": placement,
        "target_rows": target_rows(domains, placement, target_levels(organisation, team)),
        "domain_titles": domain_titles(latest.snapshot) if latest else {d["key"]: d["title"] for d in domains},
        "reassessment_due": reassessment_due_date(latest),
    }


def targets_context(user, slug, team_id=None):
    organisation = lead_organisation(user, slug)
    return _standing(organisation, scope_team(organisation, team_id))


def plan_for(user, slug, team_id=None, round_id=None):
    """A scope's action plan, with the placement of that scope's chosen or latest closed round, targets and
    gaps. The organisation's plan never reads a team round, and a team's plan never the organisation's."""
    organisation = lead_organisation(user, slug)
    team = scope_team(organisation, team_id)
    items = list(action_items(organisation, team))
    return {
        **_standing(organisation, team, round_id),
        "teams": list(Team.objects.filter(organisation=organisation).order_by("name")),
        "items": items,
        **split_items(items),
        "today": timezone.localdate(),
    }


def reassessment_due_date(round_):
    if round_ is None or round_.closed_at is None:
        return None
    return (round_.closed_at + timedelta(days=reassessment_due_days())).date()


def split_items(items):
    """Open items by target date (undated last); completed items, most recently completed first."""
    open_items = sorted(
        (i for i in items if not i.is_completed), key=lambda i: (i.target_date is None, i.target_date, i.created_at)
    )
    done = sorted((i for i in items if i.is_completed), key=lambda i: i.completed_at or i.updated_at, reverse=True)
    return {"open_items": open_items, "completed_items": done}


def action_item_for(user, slug, item_id):
    membership = org_selectors.membership_for(user, slug, Role.ASSESSMENT_LEAD)
    item = all_action_items(membership.organisation).filter(pk=item_id).first()
    if item is None:
        raise Http404
    return item


def action_items_for(user, slug):
    membership = org_selectors.membership_for(user, slug, Role.ASSESSMENT_LEAD)
    return all_action_items(membership.organisation)


# ---------------------------------------------------------------- assigned learning and its completion


WITHHELD_SMALL = "small"
WITHHELD_CLOSE = "close"


@dataclass
class Completion:
    assignment: object
    audience: int
    completed: int | None = None  # None: withheld (see reason)
    started: int | None = None
    not_started: int | None = None
    recommendation_title: str = ""
    minimum: int = 5
    withheld_because: str = ""  # WITHHELD_SMALL, WITHHELD_CLOSE, or "" when shown

    @property
    def withheld(self):
        return self.completed is None

    @property
    def reason(self):
        """Why the counts are withheld, in plain words ("" when they are shown)."""
        from django.utils.translation import gettext as _

        if self.withheld_because == WITHHELD_CLOSE:
            return _("Withheld: too close to another group whose counts can be shown")
        if self.withheld_because == WITHHELD_SMALL:
            return _("Withheld: fewer than %(n)s people") % {"n": self.minimum}
        return ""


def completion_by_person(modules, user_ids):
    """{module id: {user id: ModuleProgress}} for these modules and people, by the one completion rule
    (quizzes.knowledge.completion). Five queries, however many modules and people."""
    from ..knowledge.completion import module_progress

    progress = module_progress(list(user_ids), modules)
    by_module = defaultdict(dict)
    for user_id, mine in progress.items():
        for module_id, status in mine.items():
            by_module[module_id][user_id] = status
    return by_module


def audience(assignment, members):
    """The user ids an assignment is for, from [(user id, team id, joined at)] of the organisation."""
    if assignment.user_id:
        return [m[0] for m in members if m[0] == assignment.user_id]
    if assignment.team_id:
        return [m[0] for m in members if m[1] == assignment.team_id]
    return [m[0] for m in members]


def organisation_members(organisation_ids):
    """{organisation id: [(user id, team id, joined at)]} in one query."""
    grouped = defaultdict(list)
    for org_id, user_id, team_id, joined in Membership.objects.filter(organisation_id__in=organisation_ids).values_list(
        "organisation_id", "user_id", "team_id", "joined_at"
    ):
        grouped[org_id].append((user_id, team_id, joined))
    return grouped


EVERYONE = "everyone"


def audience_key(assignment):
    if assignment.user_id:
        return ("person", assignment.user_id)
    if assignment.team_id:
        return ("team", assignment.team_id)
    return EVERYONE


def shown_audiences(assignments, members, minimum):
    """{module id: the audience keys whose counts may be shown}, by the one disclosure rule.

    Each audience an assignment is for is a view: the people whose progress in that module is counted.
    Two views clash only if they count the same module. The differencing attack subtracts one figure
    from another about the same thing; "completed module A" for everyone minus "completed module B" for
    a team says nothing about anyone, because A and B are different records. So the rule runs once per
    module, over that module's views only.

    The views for a module are not only the assignments on the page now. A lead can add and remove
    assignments at will: read the counts for a team, assign the same module to everyone, read again,
    and subtract. So every audience the module could be assigned to is a view: everyone, and each team
    (a team nobody is in has no people and changes nothing), and each person it is assigned to. Which
    audiences are shown then depends on the organisation's members and teams, never on what has been
    assigned, and the lead cannot bring the two figures of a close pair onto the page one after the
    other. Everyone is the largest view, so it is shown whenever it has the minimum; a team is withheld
    when it is small, or when the people outside the shown teams would be too few (the cell rule in
    s2t_learn.disclosure: everyone minus the teams would give them away).

    Not covered: two readings taken before and after someone joins, leaves or changes team. Those are
    live counts of people's progress; the before-and-after table (quizzes.knowledge.survey) uses fixed,
    closed cohorts for that reason.
    """
    from s2t_learn.disclosure import disclosable_views

    team_ids = sorted({m[1] for m in members if m[1] is not None})
    by_module = defaultdict(set)
    for assignment in assignments:
        by_module[assignment.module_id].add(audience_key(assignment))
    shown = {}
    for module_id, keys in by_module.items():
        views = {EVERYONE: [m[0] for m in members]}
        for team_id in team_ids:
            views[("team", team_id)] = [m[0] for m in members if m[1] == team_id]
        for key in sorted(k for k in keys if k != EVERYONE and k[0] == "person"):
            views[key] = [m[0] for m in members if m[0] == key[1]]
        shown[module_id] = disclosable_views(views, minimum)
    return shown


def assignment_completion(organisation, assignments):
    """Counts only, per assignment: how many of the people it is for have completed, started or not
    started the module (complete: the one rule, lessons read and quiz passed). Withheld below the minimum
    group, and withheld when the audience is too close to another that can be shown for the same module
    (shown_audiences). Six queries, however many assignments."""
    assignments = list(assignments)
    if not assignments:
        return []
    members = organisation_members([organisation.pk])[organisation.pk]
    modules = list({a.module_id: a.module for a in assignments}.values())
    progress = completion_by_person(modules, {m[0] for m in members})
    minimum = minimum_group()
    shown = shown_audiences(assignments, members, minimum)
    rows = []
    for assignment in assignments:
        people = audience(assignment, members)
        row = Completion(assignment, len(people), recommendation_title=_planned_title(assignment), minimum=minimum)
        if len(people) < minimum:
            row.withheld_because = WITHHELD_SMALL
        elif audience_key(assignment) not in shown[assignment.module_id]:
            row.withheld_because = WITHHELD_CLOSE
        else:
            states = [progress[assignment.module_id].get(u) for u in people]
            row.completed = sum(1 for s in states if s and s.is_complete)
            row.started = sum(1 for s in states if s and s.is_started and not s.is_complete)
            row.not_started = len(people) - row.completed - row.started
        rows.append(row)
    return rows


def _planned_title(assignment):
    try:
        planned = assignment.planned
    except ObjectDoesNotExist:
        return ""
    return planned.recommendation.title if planned.recommendation else ""


def assignments_with_completion(user, slug):
    from modules.models import ModuleAssignment

    membership = org_selectors.membership_for(user, slug, Role.ASSESSMENT_LEAD)
    organisation = membership.organisation
    assignments = (
        ModuleAssignment.objects.filter(organisation=organisation)
        .select_related("module", "team", "user", "planned__recommendation")
        .order_by("due_date", "created_at")
    )
    return membership, assignment_completion(organisation, assignments)


# ---------------------------------------------------------------- comparing rounds


def comparison(user, slug, round_id, other_id=None):
    """This round against the previous one (or another round of the organisation): each area before and
    after, what changed in the framework, and the action items completed in between."""
    rounds = assessment_selectors.rounds_for(user, slug).select_related("previous")
    after = rounds.filter(pk=round_id).first()
    if after is None:
        raise Http404
    if other_id:
        before = rounds.filter(pk=other_id).exclude(pk=round_id).first()
        if before is None:
            raise Http404
    else:
        before = after.previous
    if before is None:
        return {"round": after, "before": None, "after": after, "organisation": after.organisation}
    if (before.closed_at or before.opened_at) > (after.closed_at or after.opened_at):
        before, after = after, before
    placements = placements_for([before, after])
    if placements[before.pk] is None or placements[after.pk] is None:
        # An anonymous round withheld for too few answers is never compared: the difference would show it.
        return {
            "round": after,
            "before": None,
            "after": after,
            "organisation": after.organisation,
            "withheld": True,
            "framework_diff": compare.framework_diff(before.snapshot, after.snapshot),
        }
    titles = domain_titles(after.snapshot, before.snapshot)
    rows = compare.compare_domains(placements[before.pk].domains, placements[after.pk].domains, titles)
    start = before.closed_at or before.opened_at
    end = after.closed_at or timezone.now()
    completed = list(
        ActionItem.objects.filter(
            organisation_id=after.organisation_id, completed_at__gt=start, completed_at__lte=end
        ).order_by("completed_at")
    )
    after_answered = not after.is_open or Answer.objects.filter(invitation__round=after).exists()
    return {
        "round": after,
        "organisation": after.organisation,
        "after_answered": after_answered,
        "before": before,
        "after": after,
        "before_placement": placements[before.pk],
        "after_placement": placements[after.pk],
        "overall_change": compare.overall_change(placements[before.pk].overall, placements[after.pk].overall),
        "rows": rows,
        "framework_diff": compare.framework_diff(before.snapshot, after.snapshot),
        "completed_items": completed,
        "domain_titles": titles,
    }


# ---------------------------------------------------------------- reports


def report_jobs_for(user, slug):
    membership = org_selectors.membership_for(user, slug, Role.ASSESSMENT_LEAD)
    return membership, ReportJob.objects.filter(organisation=membership.organisation).defer("content").select_related(
        "round"
    )


def report_job_for(user, slug, job_id, with_content=False):
    membership = org_selectors.membership_for(user, slug, Role.ASSESSMENT_LEAD)
    jobs = ReportJob.objects.filter(organisation=membership.organisation).select_related("round", "organisation")
    job = (jobs if with_content else jobs.defer("content")).filter(pk=job_id).first()
    if job is None:
        raise Http404
    return job


def round_report_context(round_):
    """Everything a results report needs, for a round read through a lead's selector. Never individual answers."""
    from ..assessment import charts, reading

    data = assessment_selectors.results(round_)
    if not data["visible"]:
        from ..assessment.services import ResultsWithheld

        raise ResultsWithheld
    placement = data["placement"]
    rows = [
        {
            "placement": domain,
            "domain": data["domains"][domain.domain],
            "status_label": reading.status_label(domain),
            "progress_text": reading.progress_text(domain),
            "holding": [data["statements"][k] for k in domain.holding],
            "unknown": [data["statements"][k] for k in domain.unknown],
            "undecided": [data["statements"][k] for k in domain.undecided],
        }
        for domain in placement.domains
    ]
    steps = next_steps(placement, round_.snapshot.get("setting") or "")
    targets = target_levels(round_.organisation_id, round_.team_id)
    return {
        "overall_label": reading.overall_label(placement),
        "not_enough_explanation": reading.not_enough_explanation(),
        "rule_summary": reading.rule_summary(placement.rule),
        "level_meanings": reading.level_meanings(),
        "provenance": reading.provenance(round_.snapshot),
        "continuum_credit": reading.CREDIT,
        "round": round_,
        "organisation": round_.organisation,
        "placement": placement,
        "rows": rows,
        "aggregates": placement.aggregates,
        "statements": data["statements"],
        "respondent_count": data["respondent_count"],
        "agreed": data["agreed"],
        "provisional": data["provisional"],
        "moderation_record": [
            {"statement": statement, "entry": entry}
            for key, statement in data["statements"].items()
            for entry in data["history"].get(key, [])
        ],
        "next_step_groups": grouped_next_steps(steps),
        "target_rows": target_rows(round_.snapshot["domains"], placement, targets),
        **split_items(list(action_items(round_.organisation, round_.team_id))),
        "domain_titles": domain_titles(round_.snapshot),
        "continuum_svg": charts.continuum_scale(placement.overall),
        "domain_chart": charts.domain_bars(rows),
    }


def plan_report_context(organisation, team=None, round_id=None):
    return {**_standing(organisation, team, round_id), **split_items(list(action_items(organisation, team)))}


def previous_respondent_ids(round_):
    """Members of the organisation who answered the round, to invite again to the next one."""
    return list(
        round_.invitations.filter(user__isnull=False, user__memberships__organisation_id=round_.organisation_id)
        .values_list("user_id", flat=True)
        .distinct()
    )
