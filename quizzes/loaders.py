"""Load the self-assessment framework (and, as they arrive, quizzes) from quizzes/content/.

Idempotent. A framework already loaded is left as editors have it unless `update=True`; rounds keep
their own snapshots, so updating a framework never changes a past result.
"""

from pathlib import Path

import yaml
from django.db import transaction

from .continuum import GATE_LEVELS, Kind
from .models import Domain, Framework, Statement

CONTENT_DIR = Path(__file__).resolve().parent / "content"


def clean(text):
    return " ".join((text or "").split())


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
