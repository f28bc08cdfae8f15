"""Which next steps apply to a placement, and in what order. Pure: plain data in, plain data out.

The order on the results page:
  1. stop harmful practice: steps for areas placed at Destructive (a destructive flag is raised);
  2. the limiting area: steps for the area(s) at the overall level, which hold the whole service back;
  3. steps that lift several areas still below Proficient at once;
  4. the rest, weakest area first.
Within a group: lower areas first, then steps that lift more areas, then the framework's area order,
then the library's own order.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum

from ...continuum_levels import ContinuumLevel


class Group(IntEnum):
    DESTRUCTIVE = 1
    LIMITING = 2
    LIFTS_SEVERAL = 3
    REST = 4

    @property
    def label(self):
        return GROUP_LABELS[self]


GROUP_LABELS = {
    Group.DESTRUCTIVE: "Stop harmful practice first",
    Group.LIMITING: "The area holding the service back",
    Group.LIFTS_SEVERAL: "Steps that lift several areas",
    Group.REST: "Other next steps",
}


@dataclass(frozen=True)
class Step:
    """A recommendation as the ordering needs it."""

    key: str
    domain: str
    level: ContinuumLevel  # the level a service is AT for this step to apply
    lifts: tuple[str, ...] = ()
    sort_order: int = 0


@dataclass(frozen=True)
class DomainLevel:
    domain: str
    level: ContinuumLevel


@dataclass
class OrderedStep:
    step: Step
    group: Group
    lifted: list[str] = field(default_factory=list)  # areas below Proficient that this step lifts, its own first

    @property
    def key(self):
        return self.step.key


def applicable(steps: Iterable[Step], levels: Mapping[str, ContinuumLevel]) -> list[Step]:
    """Steps written for an area at exactly the level it is at now. Proficient areas have none."""
    return [
        s for s in steps if s.domain in levels and levels[s.domain] == s.level and s.level < ContinuumLevel.PROFICIENT
    ]


def lifted_domains(step: Step, levels: Mapping[str, ContinuumLevel]) -> list[str]:
    """The step's own area and every other area it lifts that is still below Proficient, without repeats."""
    seen = [step.domain]
    for key in step.lifts:
        if key not in seen and key in levels and levels[key] < ContinuumLevel.PROFICIENT:
            seen.append(key)
    return seen


def order_next_steps(
    domains: Sequence[DomainLevel], steps: Iterable[Step], overall: ContinuumLevel | None = None
) -> list[OrderedStep]:
    """Order the steps that apply to this placement. `domains` is in the framework's order."""
    levels = {d.domain: d.level for d in domains}
    position = {d.domain: n for n, d in enumerate(domains)}
    if overall is None:
        overall = min(levels.values(), default=None)
    ordered = []
    for step in applicable(steps, levels):
        lifted = lifted_domains(step, levels)
        if levels[step.domain] == ContinuumLevel.DESTRUCTIVE:
            group = Group.DESTRUCTIVE
        elif overall is not None and levels[step.domain] == overall:
            group = Group.LIMITING
        elif len(lifted) > 1:
            group = Group.LIFTS_SEVERAL
        else:
            group = Group.REST
        ordered.append(OrderedStep(step, group, lifted))
    ordered.sort(
        key=lambda o: (
            o.group,
            levels[o.step.domain],
            -len(o.lifted),
            position[o.step.domain],
            o.step.sort_order,
            o.step.key,
        )
    )
    return ordered


def grouped(ordered: Sequence[OrderedStep]) -> list[tuple[Group, list[OrderedStep]]]:
    """The ordered steps in their groups, keeping the order; empty groups are left out."""
    groups: dict[Group, list[OrderedStep]] = {}
    for item in ordered:
        groups.setdefault(item.group, []).append(item)
    return list(groups.items())


def gap(current: ContinuumLevel | None, target: int | None) -> int | None:
    """Steps still to climb to the target (0 when reached or passed); None when either is unknown."""
    if current is None or target is None:
        return None
    return max(0, int(target) - int(current))
