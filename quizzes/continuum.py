"""The continuum of practice and the self-assessment placement rule, as pure functions.

No ORM here: plain data in, plain data out, so every rule is tested exhaustively and fast.
The continuum's five levels are (c) 2015 David Mandel & Associates LLC. Using answers to place a
service on it, and this particular rule, are this project's own reading of the continuum.

Answers are ordered so that lower is worse for the service; with an even number of answers the
median takes the lower middle one, so the result errs on the side of caution.
"""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum


class ContinuumLevel(IntEnum):
    DESTRUCTIVE = 1
    NEGLECTFUL = 2
    PRE_COMPETENT = 3
    COMPETENT = 4
    PROFICIENT = 5

    @property
    def label(self):
        return LEVEL_LABELS[self]

    @property
    def key(self):
        return self.name.lower()

    @classmethod
    def from_key(cls, key):
        return cls[key.upper()]


LEVEL_LABELS = {
    ContinuumLevel.DESTRUCTIVE: "Destructive",
    ContinuumLevel.NEGLECTFUL: "Neglectful",
    ContinuumLevel.PRE_COMPETENT: "Pre-Competent",
    ContinuumLevel.COMPETENT: "Competent",
    ContinuumLevel.PROFICIENT: "Proficient",
}
GATE_LEVELS = (ContinuumLevel.PRE_COMPETENT, ContinuumLevel.COMPETENT, ContinuumLevel.PROFICIENT)


class Kind(StrEnum):
    DESTRUCTIVE = "destructive"  # "This happens here": yes / sometimes / no / don't know
    GATE = "gate"  # met / partly met / not met / don't know


DONT_KNOW = "dont_know"
# Lower is worse for the service.
FLAG_ORDER = {"yes": 0, "sometimes": 1, "no": 2}
GATE_ORDER = {"not_met": 0, "partly": 1, "met": 2}
FLAG_CHOICES = [("yes", "Yes"), ("sometimes", "Sometimes"), ("no", "No"), (DONT_KNOW, "Don't know")]
GATE_CHOICES = [("met", "Met"), ("partly", "Partly met"), ("not_met", "Not met"), (DONT_KNOW, "Don't know")]


def order_for(kind):
    return FLAG_ORDER if Kind(kind) == Kind.DESTRUCTIVE else GATE_ORDER


def valid_answers(kind):
    return set(order_for(kind)) | {DONT_KNOW}


@dataclass(frozen=True)
class Statement:
    key: str
    domain: str
    kind: str
    level: ContinuumLevel | None = None  # gate statements only


@dataclass(frozen=True)
class Aggregate:
    value: str | None  # None: nobody could answer (all "don't know", or no answers)
    source: str  # "agreed" | "median" | "unknown"
    counts: Mapping[str, int] = field(default_factory=dict)

    @property
    def unknown(self):
        return self.value is None


def median_answer(kind, answers: Iterable[str]):
    """The median answer, leaving out don't know; with an even count, the lower middle one."""
    order = order_for(kind)
    known = sorted((a for a in answers if a in order), key=order.__getitem__)
    if not known:
        return None
    return known[(len(known) - 1) // 2]


def aggregate(kind, answers: Sequence[str], agreed: str | None = None) -> Aggregate:
    counts = dict(Counter(answers))
    if agreed is not None:
        return Aggregate(agreed if agreed != DONT_KNOW else None, "agreed", counts)
    value = median_answer(kind, answers)
    return Aggregate(value, "median" if value else "unknown", counts)


def needs_discussion(kind, answers: Sequence[str]) -> bool:
    """Views run from Met to Not met, or anyone said a destructive practice happens here."""
    present = set(answers)
    if Kind(kind) == Kind.DESTRUCTIVE:
        return bool(present & {"yes", "sometimes"})
    return {"met", "not_met"} <= present


def raises_flag(aggregate_: Aggregate) -> bool:
    return aggregate_.value in {"yes", "sometimes"}


def passes_gate(aggregate_: Aggregate, partly_passes=False) -> bool:
    return aggregate_.value == "met" or (partly_passes and aggregate_.value == "partly")


@dataclass
class DomainPlacement:
    domain: str
    level: ContinuumLevel
    progress: int  # percent of the next step already achieved (0 at Proficient)
    holding: list[str]  # statement keys that hold the domain at its level
    to_move_up: list[str]  # statement keys that would lift it one step
    unknown: list[str]  # statement keys nobody could answer

    @property
    def display(self):
        if self.level == ContinuumLevel.PROFICIENT or not self.progress:
            return self.level.label
        return f"{self.level.label} +{self.progress}%"


def place_domain(domain, statements: Sequence[Statement], results: Mapping[str, Aggregate], partly_passes=False):
    """Destructive if any flag is raised; otherwise the highest level whose gate, and every gate
    below it, is fully passed; Neglectful if the Pre-Competent gate is not passed."""
    mine = [s for s in statements if s.domain == domain]
    flags = [s for s in mine if s.kind == Kind.DESTRUCTIVE]
    unknown = [s.key for s in mine if results[s.key].unknown]
    raised = [s.key for s in flags if raises_flag(results[s.key])]
    if raised:
        clear = sum(1 for s in flags if results[s.key].value == "no")
        return DomainPlacement(domain, ContinuumLevel.DESTRUCTIVE, percent(clear, len(flags)), raised, raised, unknown)
    level = ContinuumLevel.NEGLECTFUL
    for gate in GATE_LEVELS:
        gate_statements = [s for s in mine if s.kind == Kind.GATE and s.level == gate]
        failing = [s.key for s in gate_statements if not passes_gate(results[s.key], partly_passes)]
        if failing or not gate_statements:
            passed = len(gate_statements) - len(failing)
            return DomainPlacement(domain, level, percent(passed, len(gate_statements)), failing, failing, unknown)
        level = gate
    return DomainPlacement(domain, ContinuumLevel.PROFICIENT, 0, [], [], unknown)


def percent(part, whole):
    return round(100 * part / whole) if whole else 0


def place_overall(placements: Iterable[DomainPlacement]) -> ContinuumLevel | None:
    """The lowest domain: proficient practice is consistent throughout, so no average."""
    levels = [p.level for p in placements]
    return min(levels) if levels else None


@dataclass
class Placement:
    overall: ContinuumLevel | None
    domains: list[DomainPlacement]
    aggregates: dict[str, Aggregate]
    discussion: list[str]  # statement keys to talk about

    @property
    def limiting(self):
        return [p for p in self.domains if p.level == self.overall]

    @property
    def strengths(self):
        best = max((p.level for p in self.domains), default=None)
        return [p for p in self.domains if p.level == best and best and best > self.overall]


def place(
    domains: Sequence[str],
    statements: Sequence[Statement],
    answers: Mapping[str, Sequence[str]],
    agreed: Mapping[str, str] | None = None,
    partly_passes=False,
) -> Placement:
    """Place every domain and the whole service from everyone's answers and any agreed answers."""
    agreed = agreed or {}
    aggregates = {s.key: aggregate(s.kind, answers.get(s.key, ()), agreed.get(s.key)) for s in statements}
    placements = [place_domain(d, statements, aggregates, partly_passes) for d in domains]
    discussion = [s.key for s in statements if needs_discussion(s.kind, answers.get(s.key, ()))]
    return Placement(place_overall(placements), placements, aggregates, discussion)


def spread_visible(anonymous: bool, answer_count: int, minimum=3) -> bool:
    """In an anonymous round the spread of answers shows only when at least three people answered."""
    return (not anonymous) or answer_count >= minimum
