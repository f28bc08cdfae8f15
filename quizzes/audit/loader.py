"""Load the five audit measures from quizzes/content/audit_measures.yaml. Idempotent: an existing measure
is left as editors made it unless `update` is set. Each measure is published as a first revision."""

from pathlib import Path

import yaml

from ..models import AuditMeasure

CONTENT_FILE = Path(__file__).resolve().parents[1] / "content" / "audit_measures.yaml"
FIELDS = ("title", "question", "guidance", "fully", "partially", "not_met")


def load_measures(path=CONTENT_FILE, update=False):
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    created = changed = 0
    for order, item in enumerate(data["measures"]):
        measure = AuditMeasure.objects.filter(key=item["key"]).first()
        if measure is not None and not update:
            continue
        if measure is None:
            measure = AuditMeasure(key=item["key"])
            created += 1
        else:
            changed += 1
        for field in FIELDS:
            setattr(measure, field, item[field].strip())
        measure.domain_key = item.get("domain", "")
        measure.sort_order = order
        measure.save()
        measure.save_revision().publish()
    return created, changed
