"""Benchmark: placement for 500 respondents x 60 statements. Run on demand, prints figures:

    .venv/bin/python tests/bench/bench_placement.py

Not collected by pytest (the file name does not start with test_).
"""

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from django.conf import settings  # noqa: E402

# The rule itself needs no settings; its level names are translatable text, shown here untranslated.
if not settings.configured:
    settings.configure(USE_I18N=False)

from quizzes.continuum import Statement, place  # noqa: E402
from quizzes.continuum_levels import GATE_LEVELS, Kind


def build(domains=8, per_domain=7, respondents=500, seed=1):
    rng = random.Random(seed)
    statements, answers = [], {}
    for d in range(domains):
        domain = f"d{d}"
        statements.append(Statement(f"{domain}-flag", domain, Kind.DESTRUCTIVE))
        for n in range(per_domain):
            statements.append(Statement(f"{domain}-g{n}", domain, Kind.GATE, GATE_LEVELS[n % 3]))
    for s in statements:
        choices = (
            ["yes", "sometimes", "no", "dont_know"]
            if s.kind == Kind.DESTRUCTIVE
            else ["met", "partly", "not_met", "dont_know"]
        )
        weights = [1, 2, 30, 3] if s.kind == Kind.DESTRUCTIVE else [6, 3, 2, 1]
        answers[s.key] = rng.choices(choices, weights, k=respondents)
    return [f"d{d}" for d in range(domains)], statements[:60], answers


def main():
    domains, statements, answers = build()
    runs = []
    for _ in range(20):
        start = time.perf_counter()
        result = place(domains, statements, answers)
        runs.append(time.perf_counter() - start)
    print(f"statements: {len(statements)}, respondents: 500, answers: {sum(len(v) for v in answers.values())}")
    print(
        f"placement: median {statistics.median(runs) * 1000:.1f} ms, "
        f"max {max(runs) * 1000:.1f} ms over {len(runs)} runs"
    )
    print(f"overall: {result.overall.label}")


if __name__ == "__main__":
    main()
