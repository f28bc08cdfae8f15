"""Load the recommendation library from quizzes/content/recommendations.yaml (run by load_framework).

Idempotent: a recommendation already in the database is left as editors have it unless `update=True`.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction

from ..content_files import CONTENT_DIR, clean
from ..continuum_levels import ContinuumLevel
from ..models import Recommendation

LEVELS_NEEDING_STEPS = [level.key for level in ContinuumLevel if level < ContinuumLevel.PROFICIENT]


@dataclass
class RecommendationReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    missing_modules: tuple = ()

    def __str__(self):
        text = f"{self.created} created, {self.updated} updated, {self.unchanged} left as editors have them"
        if self.missing_modules:
            text += f"; modules not found (load the curriculum first): {', '.join(sorted(self.missing_modules))}"
        return text


def validate_recommendations(data, domain_keys=None):
    """Every key is unique, every level is one below Proficient, and (given the framework's areas) each
    area has at least one step for each level below Proficient."""
    keys = set()
    covered = set()
    for item in data["recommendations"]:
        if item["key"] in keys:
            raise ValueError(f"duplicate recommendation key {item['key']}")
        keys.add(item["key"])
        if item["level"] not in LEVELS_NEEDING_STEPS:
            raise ValueError(f"{item['key']}: level must be one of {', '.join(LEVELS_NEEDING_STEPS)}")
        if not clean(item.get("action")):
            raise ValueError(f"{item['key']}: a recommendation needs an action")
        covered.add((item["domain"], item["level"]))
    for domain in domain_keys or ():
        missing = [level for level in LEVELS_NEEDING_STEPS if (domain, level) not in covered]
        if missing:
            raise ValueError(f"{domain}: no recommendation for {', '.join(missing)}")


def _resources(item):
    return json.dumps(
        [
            {
                "type": "resource",
                "value": {
                    "title": resource["title"],
                    "url": resource["url"],
                    "description": resource.get("description", ""),
                },
            }
            for resource in item.get("resources") or []
        ]
    )


@transaction.atomic
def load_recommendations(path=CONTENT_DIR / "recommendations.yaml", update=False, domain_keys=None):
    from modules.models import ModulePage

    report = RecommendationReport()
    if not Path(path).exists():
        return report
    data = yaml.safe_load(Path(path).read_text())
    validate_recommendations(data, domain_keys)
    slugs = {slug for item in data["recommendations"] for slug in item.get("modules") or []}
    modules = {module.slug: module for module in ModulePage.objects.filter(slug__in=slugs)}
    report.missing_modules = tuple(slugs - set(modules))
    existing = {
        rec.key: rec for rec in Recommendation.objects.filter(key__in=[i["key"] for i in data["recommendations"]])
    }
    for order, item in enumerate(data["recommendations"]):
        recommendation = existing.get(item["key"])
        if recommendation is not None and not update:
            report.unchanged += 1
            continue
        if recommendation is None:
            recommendation = Recommendation(key=item["key"])
            report.created += 1
        else:
            report.updated += 1
        recommendation.domain_key = item["domain"]
        recommendation.level = item["level"]
        recommendation.title = clean(item["title"])
        recommendation.action = clean(item["action"])
        recommendation.outcome = clean(item.get("outcome"))
        recommendation.lifts = list(item.get("lifts") or [])
        recommendation.settings = list(item.get("settings") or [])
        recommendation.addresses = list(item.get("addresses") or [])
        recommendation.resources = _resources(item)
        recommendation.sort_order = order
        recommendation.modules = [modules[slug] for slug in item.get("modules") or [] if slug in modules]
        recommendation.save()
    return report
