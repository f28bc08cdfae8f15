"""The continuum of practice and the self-assessment placement rule, as pure functions.

No ORM here: plain data in, plain data out, so every rule is tested exhaustively and fast.
The continuum's five levels are (c) 2015 David Mandel & Associates LLC. Using answers to place a
service on it, and this particular rule, are this project's own reading of the continuum.

Answers are ordered so that lower is worse for the service; with an even number of answers the
median takes the lower middle one, so the result errs on the side of caution.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

from .continuum_levels import DONT_KNOW, GATE_LEVELS, NOT_APPLICABLE, ContinuumLevel, Kind, order_for

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


@dataclass(frozen=True)
class Statement:
    key: str
    domain: str
    kind: str
    level: ContinuumLevel | None = None  # gate statements only
    essential: bool = False  # a gate statement that must be fully met: no "Partly met" tolerance
    applicability: bool = False  # it fits only some settings, so "Not applicable" may be answered


@dataclass(frozen=True)
class Rule:
    """The declared placement rule, frozen into each round's snapshot and stated on its results.

    Version 1 (rounds opened before the framework was re-graded): Destructive if any flag's median
    is Yes or Sometimes; a gate passes only when every statement is Met (or Partly met, when the
    framework said so); "Don't know" counts as not met. Version 2 is described in `place_domain`.
    """

    version: int = 2
    partly_per_gate: int = 1  # version 2: how many "Partly met" a gate tolerates (never on an essential)
    partly_passes: bool = False  # version 1 only

    def as_dict(self) -> dict[str, int | bool]:
        if self.version == 1:
            return {"version": 1, "partly_passes": self.partly_passes}
        return {"version": self.version, "partly_per_gate": self.partly_per_gate}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Rule:
        data = data or {}
        if int(data.get("version", 1)) == 1:
            return cls(version=1, partly_per_gate=0, partly_passes=bool(data.get("partly_passes")))
        return cls(version=int(data["version"]), partly_per_gate=int(data.get("partly_per_gate", 1)))


LEGACY_RULE = Rule(version=1, partly_per_gate=0)
CURRENT_RULE = Rule()


@dataclass(frozen=True)
class Aggregate:
    value: str | None  # None: nobody could answer (all "don't know", or no answers)
    source: str  # "agreed" | "median" | "unknown" | "not_applicable"
    counts: Mapping[str, int] = field(default_factory=dict)

    @property
    def unknown(self) -> bool:
        return self.value is None

    @property
    def not_applicable(self) -> bool:
        return self.value == NOT_APPLICABLE

    @property
    def raisers(self) -> int:
        """How many respondents said the harmful practice happens here (yes or sometimes)."""
        return self.counts.get("yes", 0) + self.counts.get("sometimes", 0)


def median_answer(kind: str, answers: Iterable[str]) -> str | None:
    """The median answer, leaving out don't know; with an even count, the lower middle one."""
    order = order_for(kind)
    known = sorted((a for a in answers if a in order), key=order.__getitem__)
    if not known:
        return None
    return known[(len(known) - 1) // 2]


def aggregate(kind: str, answers: Sequence[str], agreed: str | None = None) -> Aggregate:
    """The group's answer. "Not applicable" wins only when more people said so than answered about
    practice (a tie goes to the practice answers, the cautious reading)."""
    counts = dict(Counter(answers))
    if agreed is not None:
        return Aggregate(agreed if agreed != DONT_KNOW else None, "agreed", counts)
    order = order_for(kind)
    practice = sum(n for a, n in counts.items() if a in order)
    if counts.get(NOT_APPLICABLE, 0) > practice:
        return Aggregate(NOT_APPLICABLE, "not_applicable", counts)
    value = median_answer(kind, answers)
    return Aggregate(value, "median" if value else "unknown", counts)


def needs_discussion(kind: str, answers: Sequence[str]) -> bool:
    """Views run from Met to Not met, or anyone said a destructive practice happens here."""
    present = set(answers)
    if Kind(kind) == Kind.DESTRUCTIVE:
        return bool(present & {"yes", "sometimes"})
    return {"met", "not_met"} <= present


def raises_flag(aggregate_: Aggregate) -> bool:
    return aggregate_.value in {"yes", "sometimes"}


def minority_flag(aggregate_: Aggregate) -> bool:
    """Someone, but fewer than half of those who answered, said the harmful practice happens here,
    and no agreed answer settles it: a required discussion, not (yet) a placement."""
    return aggregate_.source != "agreed" and not raises_flag(aggregate_) and aggregate_.raisers > 0


def passes_gate(aggregate_: Aggregate, partly_passes: bool = False) -> bool:
    """Version 1's test of one statement."""
    return aggregate_.value == "met" or (partly_passes and aggregate_.value == "partly")


PLACED = "placed"
NOT_ENOUGH_INFORMATION = "not_enough_information"


@dataclass
class DomainPlacement:
    domain: str
    level: ContinuumLevel  # when not enough information: the level the answers do establish
    progress: int  # percent of the next gate's statements met (0 at Proficient and at Destructive)
    holding: list[str]  # statement keys that hold the domain at its level
    to_move_up: list[str]  # statement keys that would lift it one step
    unknown: list[str]  # statement keys nobody could answer
    status: str = PLACED
    undecided: list[str] = field(default_factory=list)  # unknown statements that would decide the level
    minority_flags: list[str] = field(default_factory=list)  # flags awaiting moderation
    not_applicable: list[str] = field(default_factory=list)
    skipped: list[ContinuumLevel] = field(default_factory=list)  # gates whose statements were all N/A
    next_level: ContinuumLevel | None = None
    next_met: int = 0
    next_partly: int = 0
    next_total: int = 0

    @property
    def placed(self) -> bool:
        return self.status == PLACED

    @property
    def provisional(self) -> bool:
        return bool(self.minority_flags)

    @property
    def display(self) -> str | StrPromise:
        if not self.placed:
            return "Not enough information to place"
        return self.level.label


class _Common(TypedDict):
    minority_flags: list[str]
    not_applicable: list[str]
    skipped: list[ContinuumLevel]


class _Progress(TypedDict):
    next_level: ContinuumLevel
    next_met: int
    next_partly: int
    next_total: int


def place_domain(
    domain: str, statements: Sequence[Statement], results: Mapping[str, Aggregate], rule: Rule = CURRENT_RULE
) -> DomainPlacement:
    """Version 2 (the default):

    - Destructive when a harmful-practice flag is raised by the median respondent or agreed in
      moderation. Raised by fewer than half, it is a required discussion: the domain is placed on
      its gates meanwhile, and marked provisional.
    - Otherwise the highest level whose gate, and every gate below it, passes; Neglectful when the
      Pre-Competent gate does not. A gate passes when none of its statements is Not met, at most
      `rule.partly_per_gate` are Partly met, and no essential statement is Partly met.
    - "Not applicable" statements leave their gate; a gate whose statements are all not applicable
      is skipped.
    - "Don't know" (nobody could answer) is not practice: where the answer would decide the level,
      the domain is "not enough information to place", with the level the other answers establish.
    """
    if rule.version == 1:
        from . import continuum_v1

        return continuum_v1.place_domain(domain, statements, results, rule.partly_passes)
    mine = [s for s in statements if s.domain == domain]
    flags = [s for s in mine if s.kind == Kind.DESTRUCTIVE and not results[s.key].not_applicable]
    unknown = [s.key for s in mine if results[s.key].unknown]
    not_applicable = [s.key for s in mine if results[s.key].not_applicable]
    minority = [s.key for s in flags if minority_flag(results[s.key])]
    raised = [s.key for s in flags if raises_flag(results[s.key])]
    if raised:
        return DomainPlacement(
            domain,
            ContinuumLevel.DESTRUCTIVE,
            0,
            raised,
            raised,
            unknown,
            minority_flags=minority,
            not_applicable=not_applicable,
        )
    level = ContinuumLevel.NEGLECTFUL
    skipped: list[ContinuumLevel] = []
    common = _Common(minority_flags=minority, not_applicable=not_applicable, skipped=skipped)
    unknown_flags = [s.key for s in flags if results[s.key].unknown]
    for gate in GATE_LEVELS:
        at_gate = [s for s in mine if s.kind == Kind.GATE and s.level == gate]
        applicable = [s for s in at_gate if not results[s.key].not_applicable]
        if at_gate and not applicable:
            skipped.append(gate)
            level = gate
            continue
        values = {s.key: results[s.key].value for s in applicable}
        met = sum(1 for v in values.values() if v == "met")
        partly = sum(1 for v in values.values() if v == "partly")
        progress = _Progress(next_level=gate, next_met=met, next_partly=partly, next_total=len(applicable))
        if not applicable:  # the framework has nothing at this gate: no evidence to go higher
            return DomainPlacement(domain, level, 0, [], [], unknown, **common, **progress)
        gate_unknown = [s.key for s in applicable if values[s.key] is None]
        worst = _gate_failures(applicable, {**values, **dict.fromkeys(gate_unknown, "not_met")}, rule)
        if not worst:
            level = gate
            continue
        best = _gate_failures(applicable, {**values, **dict.fromkeys(gate_unknown, "met")}, rule)
        pct = percent(met, len(applicable))
        if best:
            failing = [k for k in best if k not in gate_unknown]
            return _with_unknown_flags(
                DomainPlacement(domain, level, pct, failing, failing, unknown, **common, **progress), unknown_flags
            )
        return DomainPlacement(
            domain,
            level,
            pct,
            gate_unknown,
            gate_unknown,
            unknown,
            status=NOT_ENOUGH_INFORMATION,
            undecided=gate_unknown + unknown_flags,
            **common,
            **progress,
        )
    return _with_unknown_flags(
        DomainPlacement(domain, ContinuumLevel.PROFICIENT, 0, [], [], unknown, **common), unknown_flags
    )


def _with_unknown_flags(placement: DomainPlacement, unknown_flags: Sequence[str]) -> DomainPlacement:
    """Nobody could say whether a harmful practice happens here: that decides between Destructive
    and the level the gates give, so the domain cannot be placed yet."""
    if unknown_flags:
        placement.status = NOT_ENOUGH_INFORMATION
        placement.undecided = list(unknown_flags)
    return placement


def _gate_failures(applicable: Sequence[Statement], values: Mapping[str, str | None], rule: Rule) -> list[str]:
    """The statement keys that stop a gate passing under the declared tolerance; [] if it passes."""
    not_met = [s.key for s in applicable if values[s.key] not in ("met", "partly")]
    partly_essential = [s.key for s in applicable if values[s.key] == "partly" and s.essential]
    partly_other = [s.key for s in applicable if values[s.key] == "partly" and not s.essential]
    over = partly_other if len(partly_other) + len(partly_essential) > rule.partly_per_gate else []
    failing = set(not_met) | set(partly_essential) | set(over)
    return [s.key for s in applicable if s.key in failing]


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def place_overall(placements: Iterable[DomainPlacement]) -> ContinuumLevel | None:
    """The lowest domain: proficient practice is consistent throughout, so no average."""
    levels = [p.level for p in placements]
    return min(levels) if levels else None


def overall_status(placements: Sequence[DomainPlacement]) -> str:
    """Not enough information when an unplaced domain could still be the lowest one."""
    placed = [p.level for p in placements if p.placed]
    floor = min(placed) if placed else None
    for p in placements:
        if not p.placed and (floor is None or p.level < floor):
            return NOT_ENOUGH_INFORMATION
    return PLACED


@dataclass
class Placement:
    overall: ContinuumLevel | None
    domains: list[DomainPlacement]
    aggregates: dict[str, Aggregate]
    discussion: list[str]  # statement keys to talk about
    status: str = PLACED
    rule: Rule = CURRENT_RULE
    not_applicable_domains: list[str] = field(default_factory=list)  # every statement not applicable

    @property
    def placed(self) -> bool:
        return self.status == PLACED

    @property
    def provisional(self) -> bool:
        """A harmful practice named by a minority awaits moderation: results may still change."""
        return any(p.provisional for p in self.domains)

    @property
    def minority_flags(self) -> list[str]:
        return [key for p in self.domains for key in p.minority_flags]

    @property
    def limiting(self) -> list[DomainPlacement]:
        return [p for p in self.domains if p.level == self.overall]

    @property
    def strengths(self) -> list[DomainPlacement]:
        best = max((p.level for p in self.domains), default=None)
        overall = self.overall
        return [p for p in self.domains if p.level == best and best and overall is not None and best > overall]


def place(
    domains: Sequence[str],
    statements: Sequence[Statement],
    answers: Mapping[str, Sequence[str]],
    agreed: Mapping[str, str] | None = None,
    rule: Rule = CURRENT_RULE,
) -> Placement:
    """Place every domain and the whole service from everyone's answers and any agreed answers."""
    agreed = agreed or {}
    if rule.version == 1:  # version 1 knew no "not applicable"
        from . import continuum_v1

        aggregates = {
            s.key: continuum_v1.aggregate(s.kind, answers.get(s.key, ()), agreed.get(s.key)) for s in statements
        }
    else:
        aggregates = {s.key: aggregate(s.kind, answers.get(s.key, ()), agreed.get(s.key)) for s in statements}
    not_applicable_domains = [
        d
        for d in domains
        if all(aggregates[s.key].not_applicable for s in statements if s.domain == d)
        and any(s.domain == d for s in statements)
    ]
    placements = [place_domain(d, statements, aggregates, rule) for d in domains if d not in not_applicable_domains]
    discussion = [s.key for s in statements if needs_discussion(s.kind, answers.get(s.key, ()))]
    return Placement(
        place_overall(placements),
        placements,
        aggregates,
        discussion,
        overall_status(placements),
        rule,
        not_applicable_domains,
    )
