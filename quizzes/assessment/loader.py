"""Load the self-assessment framework from quizzes/content/framework.yaml.

Idempotent. A framework already loaded is left as editors have it unless `update=True`; rounds keep
their own snapshots, so updating a framework never changes a past result.
"""

from pathlib import Path

import yaml
from django.db import transaction

from ..content_files import CONTENT_DIR, clean
from ..continuum_levels import GATE_LEVELS, SETTINGS, Kind
from ..models import Domain, Framework, Statement


@transaction.atomic
def load_framework(path=CONTENT_DIR / "framework.yaml", update=False):
    """Returns (framework, created_or_updated)."""
    if not Path(path).exists():
        return None, False
    data = yaml.safe_load(Path(path).read_text())
    framework, created = Framework.objects.get_or_create(
        name=data["name"], version=data["version"], defaults={"is_active": True}
    )
    if not created and not update:
        return framework, False
    validate(data)
    framework.partly_per_gate = int((data.get("rule") or {}).get("partly_per_gate", 1))
    framework.is_active = True
    framework.save(update_fields=["partly_per_gate", "is_active"])
    Domain.objects.filter(framework=framework).delete()
    for order, item in enumerate(data["domains"]):
        domain = Domain.objects.create(
            framework=framework,
            key=item["key"],
            title=item["title"],
            description=clean(item.get("description")),
            sort_order=order,
        )
        for n, statement in enumerate(item["statements"]):
            Statement.objects.create(
                domain=domain,
                key=statement["key"],
                kind=statement["kind"],
                level=statement.get("level") or "",
                text=clean(statement["text"]),
                evidence=clean(statement.get("evidence")),
                basis=clean(statement.get("basis")),
                settings=list(statement.get("settings") or []),
                essential=bool(statement.get("essential")),
                variants={k: clean(v) for k, v in (statement.get("variants") or {}).items()},
                sort_order=n,
            )
    Framework.objects.exclude(pk=framework.pk).update(is_active=False)
    return framework, True


def validate(data):
    keys = set()
    gate_keys = {level.key for level in GATE_LEVELS}
    for domain in data["domains"]:
        for statement in domain["statements"]:
            if statement["key"] in keys:
                raise ValueError(f"duplicate statement key {statement['key']}")
            keys.add(statement["key"])
            if statement["kind"] == Kind.GATE and statement.get("level") not in gate_keys:
                raise ValueError(f"{statement['key']}: a gate statement needs a level")
            if statement["kind"] not in (Kind.GATE, Kind.DESTRUCTIVE):
                raise ValueError(f"{statement['key']}: unknown kind")
            if not clean(statement.get("basis")):
                raise ValueError(f"{statement['key']}: say which level definition it tests (basis)")
            settings = statement.get("settings") or []
            if not settings or set(settings) - {"all", *SETTINGS}:
                raise ValueError(f"{statement['key']}: settings must be 'all' or from {', '.join(SETTINGS)}")
            if set(statement.get("variants") or {}) - set(SETTINGS):
                raise ValueError(f"{statement['key']}: a wording variant must name one setting")
