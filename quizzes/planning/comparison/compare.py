"""Comparing two rounds, and the two framework snapshots they used. Pure: plain data in and out."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ...continuum import DomainPlacement
from ...continuum_levels import ContinuumLevel


@dataclass
class DomainChange:
    key: str
    title: str
    before: DomainPlacement | None
    after: DomainPlacement | None

    @property
    def level_change(self):
        """Whole levels moved: positive is up. None when the area is only in one of the rounds."""
        if self.before is None or self.after is None:
            return None
        return int(self.after.level) - int(self.before.level)

    @property
    def levels_moved(self):
        return abs(self.level_change) if self.level_change is not None else None

    @property
    def score_before(self):
        return position(self.before)

    @property
    def score_after(self):
        return position(self.after)

    @property
    def direction(self):
        if self.before is None:
            return "new"
        if self.after is None:
            return "removed"
        if self.score_after > self.score_before:
            return "up"
        if self.score_after < self.score_before:
            return "down"
        return "same"


def position(placement: DomainPlacement | None):
    """A level and its progress towards the next one as one number: Pre-Competent +40% is 3.4."""
    if placement is None:
        return None
    return int(placement.level) + (placement.progress or 0) / 100


def compare_domains(
    before: Sequence[DomainPlacement],
    after: Sequence[DomainPlacement],
    titles: Mapping[str, str],
) -> list[DomainChange]:
    """One row per area in either round: the later round's order first, then areas it no longer has."""
    before_by_key = {p.domain: p for p in before}
    after_by_key = {p.domain: p for p in after}
    keys = [p.domain for p in after] + [p.domain for p in before if p.domain not in after_by_key]
    return [DomainChange(key, titles.get(key, key), before_by_key.get(key), after_by_key.get(key)) for key in keys]


def overall_change(before: ContinuumLevel | None, after: ContinuumLevel | None):
    if before is None or after is None:
        return None
    return int(after) - int(before)


@dataclass
class FrameworkDiff:
    same_version: bool
    before_label: str
    after_label: str
    domains_added: list[str] = field(default_factory=list)  # titles
    domains_removed: list[str] = field(default_factory=list)
    domains_renamed: list[tuple[str, str]] = field(default_factory=list)  # (old title, new title)
    statements_added: list[dict] = field(default_factory=list)
    statements_removed: list[dict] = field(default_factory=list)
    statements_changed: list[tuple[dict, dict]] = field(default_factory=list)  # (old, new)
    rule_before: int = 1
    rule_after: int = 1
    setting_before: str = ""
    setting_after: str = ""

    @property
    def same_rule(self):
        return self.rule_before == self.rule_after

    @property
    def same_setting(self):
        return self.setting_before == self.setting_after

    @property
    def has_changes(self):
        return bool(
            self.domains_added
            or self.domains_removed
            or self.domains_renamed
            or self.statements_added
            or self.statements_removed
            or self.statements_changed
        )


def _label(snapshot):
    framework = snapshot.get("framework") or {}
    return f"{framework.get('name', 'Framework')} (version {framework.get('version', '?')})"


def _rule_version(snapshot):
    """Rounds from before the rule was declared in the snapshot were placed by version 1."""
    return int((snapshot.get("rule") or {}).get("version", 1))


def _statements(snapshot):
    return {
        s["key"]: {**s, "domain": d["key"], "domain_title": d["title"]}
        for d in snapshot.get("domains", [])
        for s in d.get("statements", [])
    }


def framework_diff(before: Mapping, after: Mapping) -> FrameworkDiff:
    """What changed between two framework snapshots: areas and statements added, removed or reworded,
    and statements that moved level or kind (which can move a placement without any change in practice)."""
    before_fw, after_fw = before.get("framework") or {}, after.get("framework") or {}
    diff = FrameworkDiff(
        same_version=(before_fw.get("id"), before_fw.get("version")) == (after_fw.get("id"), after_fw.get("version")),
        before_label=_label(before),
        after_label=_label(after),
        rule_before=_rule_version(before),
        rule_after=_rule_version(after),
        setting_before=before.get("setting") or "",
        setting_after=after.get("setting") or "",
    )
    old_domains = {d["key"]: d for d in before.get("domains", [])}
    new_domains = {d["key"]: d for d in after.get("domains", [])}
    diff.domains_added = [d["title"] for key, d in new_domains.items() if key not in old_domains]
    diff.domains_removed = [d["title"] for key, d in old_domains.items() if key not in new_domains]
    diff.domains_renamed = [
        (old_domains[key]["title"], d["title"])
        for key, d in new_domains.items()
        if key in old_domains and old_domains[key]["title"] != d["title"]
    ]
    old_statements, new_statements = _statements(before), _statements(after)
    diff.statements_added = [s for key, s in new_statements.items() if key not in old_statements]
    diff.statements_removed = [s for key, s in old_statements.items() if key not in new_statements]
    diff.statements_changed = [
        (old_statements[key], s)
        for key, s in new_statements.items()
        if key in old_statements
        and any(old_statements[key].get(f) != s.get(f) for f in ("text", "kind", "level", "domain"))
    ]
    return diff
