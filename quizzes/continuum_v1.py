"""The first version of the placement rule (rule version 1), kept so that a round placed by it reads
the same ever after (quizzes.continuum.place_domain and place pick it by the round's rule version)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from .continuum import Aggregate, DomainPlacement, Statement, median_answer, passes_gate, percent, raises_flag
from .continuum_levels import DONT_KNOW, GATE_LEVELS, ContinuumLevel, Kind


def place_domain(
    domain: str, statements: Sequence[Statement], results: Mapping[str, Aggregate], partly_passes: bool = False
) -> DomainPlacement:
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
            return DomainPlacement(
                domain,
                level,
                percent(passed, len(gate_statements)),
                failing,
                failing,
                unknown,
                next_level=gate,
                next_met=passed,
                next_total=len(gate_statements),
            )
        level = gate
    return DomainPlacement(domain, ContinuumLevel.PROFICIENT, 0, [], [], unknown)


def aggregate(kind: str, answers: Sequence[str], agreed: str | None = None) -> Aggregate:
    counts = dict(Counter(answers))
    if agreed is not None:
        return Aggregate(agreed if agreed != DONT_KNOW else None, "agreed", counts)
    value = median_answer(kind, answers)
    return Aggregate(value, "median" if value else "unknown", counts)
