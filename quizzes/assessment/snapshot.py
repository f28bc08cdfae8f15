"""A round's frozen copy of the framework, and turning it into the pure placement's plain data."""

from ..continuum import ContinuumLevel, Kind, Statement


def take_snapshot(framework):
    domains = framework.domains.prefetch_related("statements").order_by("sort_order")
    return {
        "framework": {"id": framework.pk, "name": framework.name, "version": framework.version},
        "partly_passes": framework.partly_passes,
        "domains": [
            {
                "key": domain.key,
                "title": domain.title,
                "description": domain.description,
                "statements": [
                    {"key": s.key, "kind": s.kind, "level": s.level or None, "text": s.text, "evidence": s.evidence}
                    for s in domain.statements.all()
                ],
            }
            for domain in domains
        ],
    }


def domain_keys(snapshot):
    return [domain["key"] for domain in snapshot["domains"]]


def statements_by_key(snapshot):
    return {s["key"]: {**s, "domain": d["key"]} for d in snapshot["domains"] for s in d["statements"]}


def placement_statements(snapshot):
    return [
        Statement(s["key"], d["key"], Kind(s["kind"]), ContinuumLevel.from_key(s["level"]) if s["level"] else None)
        for d in snapshot["domains"]
        for s in d["statements"]
    ]


# Reading about 200 words a minute, plus a few seconds to weigh each statement and choose.
WORDS_PER_MINUTE = 200
SECONDS_PER_CHOICE = 8


def time_estimate_minutes(snapshot):
    """An honest estimate from the words a respondent reads and the choices they make, in whole
    minutes rounded up to the next 5."""
    words = choices = 0
    for domain in snapshot.get("domains", []):
        words += len((domain.get("title", "") + " " + domain.get("description", "")).split())
        for statement in domain["statements"]:
            words += len(statement.get("text", "").split()) + len(statement.get("evidence", "").split())
            choices += 1
    minutes = words / WORDS_PER_MINUTE + choices * SECONDS_PER_CHOICE / 60
    return max(5, -(-int(minutes + 0.999) // 5) * 5)
