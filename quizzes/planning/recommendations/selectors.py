"""Reads for the recommendation library and the next steps it gives a placement."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db.models import Prefetch

from s2t_learn.errors import NotFound
from s2t_learn.models import Membership

from ...continuum_levels import SETTINGS, ContinuumLevel
from ...models import Recommendation
from .. import shared
from ..models import LIBRARY_CACHE_KEY
from . import ordering

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django_stubs_ext import StrPromise

    from ...continuum import Placement

LIBRARY_CACHE_SECONDS = 600


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
    lifts: tuple[str, ...] = ()
    modules: tuple[ModuleLink, ...] = ()
    resources: tuple[ResourceLink, ...] = ()
    sort_order: int = 0
    settings: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    modules_by_setting: dict[str, tuple[ModuleLink, ...]] = field(default_factory=dict, compare=False)

    def for_setting(self, setting: str | None) -> RecommendationData:
        """This step as a round for one setting shows it: with that setting's learning."""
        if not setting or setting not in self.modules_by_setting:
            return self
        return replace(self, modules=self.modules_by_setting[setting])

    @property
    def level_enum(self) -> ContinuumLevel:
        return ContinuumLevel.from_key(self.level)

    @property
    def level_label(self) -> StrPromise:
        return self.level_enum.label


def _load_library() -> list[RecommendationData]:
    from modules.models import ModulePage

    from ...assessment.settings import SETTING_MODULES, modules_for_setting

    live_modules = ModulePage.objects.live().only("id", "title", "slug", "url_path", "path", "depth").order_by("path")
    recommendations = Recommendation.objects.filter(live=True).prefetch_related(
        Prefetch("modules", queryset=live_modules)
    )
    setting_links = {
        m.slug: ModuleLink(m.pk, m.title, m.get_url(None) or "", m.slug)
        for m in live_modules.filter(slug__in=SETTING_MODULES.values())
    }

    def by_setting(rec: Recommendation) -> dict[str, tuple[ModuleLink, ...]]:
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


def recommendation_library() -> list[RecommendationData]:
    """Every recommendation as plain data, cached; editors' saves and module publishing clear the cache."""
    library = cache.get(LIBRARY_CACHE_KEY)
    if library is None:
        library = _load_library()
        cache.set(LIBRARY_CACHE_KEY, library, LIBRARY_CACHE_SECONDS)
    return library


def recommendation_by_key(key: str) -> RecommendationData:
    found = next((rec for rec in recommendation_library() if rec.key == key), None)
    if found is None:
        raise NotFound
    return found


@dataclass
class NextStep:
    recommendation: RecommendationData
    group: ordering.Group
    lifted: list[str]  # area keys below Proficient this step lifts, its own first

    @property
    def key(self) -> str:
        return self.recommendation.key


def next_steps(placement: Placement, setting: str = "") -> list[NextStep]:
    """The recommendations that apply to this placement, in the order they should be tackled. For a
    round opened for one setting: the steps written for it, with its learning."""
    from ...assessment.settings import applies_in_setting

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


def grouped_next_steps(steps: Sequence[NextStep]) -> list[dict[str, Any]]:
    # ordering.grouped reads only each step's .group, which a NextStep has as an OrderedStep does.
    grouped = ordering.grouped(steps)  # type: ignore[arg-type]
    return [{"group": group, "label": group.label, "steps": items} for group, items in grouped]


@dataclass
class RoundSteps:
    round_id: int
    overall: int | None
    steps: list[NextStep]


def round_next_steps(*, membership: Membership, round_id: int) -> RoundSteps:
    """A closed round's next steps, numbered in the order to take them. 409 while the round is open and
    when its results are withheld (too few answers in an anonymous round)."""
    from ...assessment import selectors as assessment_selectors
    from ...assessment.errors import ResultsWithheld
    from ..reports.services import RoundStillOpen

    round_ = assessment_selectors.round_for_lead(membership=membership, round_id=round_id)
    if round_.is_open:
        raise RoundStillOpen
    placement = shared.placements_for(membership=membership, rounds=[round_])[round_.pk]
    if placement is None:
        raise ResultsWithheld
    steps = next_steps(placement, round_.snapshot.get("setting") or "")
    for position, step in enumerate(steps, start=1):
        step.position = position  # type: ignore[attr-defined]  # numbered for the page and the API
    return RoundSteps(round_.pk, int(placement.overall) if placement.overall else None, steps)
