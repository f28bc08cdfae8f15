"""A round's frozen copy of the framework, and turning it into the pure placement's plain data.

The snapshot keeps everything the results depend on: the statements (with the wording the round
showed), which of them could be answered "Not applicable", the setting the round was opened for,
and the placement rule. Rounds opened before version 2 have no "rule" key; they are placed by
version 1 of the rule (with their own "partly_passes" switch), exactly as they were.
"""

from ..continuum import CURRENT_RULE, Rule, Statement
from ..continuum_levels import SETTINGS, ContinuumLevel, Kind, applies_to_every_setting

ALL_SETTINGS = ""


def statement_applies(statement_settings, setting):
    return not setting or applies_to_every_setting(statement_settings) or setting in statement_settings


def take_snapshot(framework, setting=ALL_SETTINGS):
    """Freeze the framework for a round. A round for one setting keeps only the statements that apply
    to it, in that setting's wording; the domains and levels stay the same, so results compare."""
    if setting and setting not in SETTINGS:
        raise ValueError(f"unknown setting {setting!r}")
    domains = framework.domains.filter(live=True).prefetch_related("statements").order_by("sort_order")
    rule = Rule(version=CURRENT_RULE.version, partly_per_gate=framework.partly_per_gate)
    return {
        "framework": {"id": framework.pk, "name": framework.name, "version": framework.version},
        "rule": rule.as_dict(),
        "setting": setting or ALL_SETTINGS,
        "domains": [
            {
                "key": domain.key,
                "title": domain.title,
                "description": domain.description,
                "statements": [
                    {
                        "key": s.key,
                        "kind": s.kind,
                        "level": s.level or None,
                        "text": (s.variants or {}).get(setting) or s.text,
                        "evidence": s.evidence,
                        "basis": s.basis,
                        "settings": list(s.settings or []),
                        "essential": s.essential,
                        # only a round open to every setting offers "Not applicable"
                        "applicability": not setting and not applies_to_every_setting(s.settings),
                    }
                    for s in domain.statements.all()
                    if statement_applies(s.settings, setting)
                ],
            }
            for domain in domains
        ],
    }


def rule_of(snapshot):
    """The rule a round was opened with: version 1 for rounds from before the rule was declared."""
    if "rule" in snapshot:
        return Rule.from_dict(snapshot["rule"])
    return Rule.from_dict({"version": 1, "partly_passes": snapshot.get("partly_passes", False)})


def framework_label(snapshot):
    framework = snapshot.get("framework") or {}
    return {"name": framework.get("name", ""), "version": framework.get("version")}


def domain_keys(snapshot):
    return [domain["key"] for domain in snapshot["domains"]]


def statements_by_key(snapshot):
    return {s["key"]: {**s, "domain": d["key"]} for d in snapshot["domains"] for s in d["statements"]}


def placement_statements(snapshot):
    return [
        Statement(
            s["key"],
            d["key"],
            Kind(s["kind"]),
            ContinuumLevel.from_key(s["level"]) if s["level"] else None,
            bool(s.get("essential")),
            bool(s.get("applicability")),
        )
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
