"""Build audits for tests through the services, as a lead and readers would."""

from quizzes.audit import services
from quizzes.audit.loader import load_measures
from quizzes.models import AuditMeasure

KEYS = ["risk-assessment", "child-impact", "child-plan", "parent-expectations", "perpetrator-centre"]


def ensure_measures():
    if not AuditMeasure.objects.exists():
        load_measures()


def ratings(value="fully", **overrides):
    out = {key: {"value": value, "reason": "Seen in the assessment."} for key in KEYS}
    for key, given in overrides.items():
        out[key.replace("_", "-")] = {"value": given, "reason": "Only partly there."}
    return out


def make_audit(lead, organisation, first, second, title="Audit 2027", groups=("Trained", "Not trained"), **extra):
    """An audit with two readers (first, second: users) and no files yet. Returns (audit, reader_a, reader_b)."""
    ensure_measures()
    audit = services.create_audit(lead, organisation.slug, {"title": title, "groups": list(groups), **extra})
    a = services.add_reader(lead, organisation.slug, audit.pk, first.pk, "Social work")
    b = services.add_reader(lead, organisation.slug, audit.pk, second.pk, "Health visiting")
    return audit, a, b


def add_file(lead, audit, a, b, reference, group=None):
    return services.add_file(lead, audit.organisation.slug, audit.pk, reference, group or audit.groups[0], [a.pk, b.pk])


def read(user, audit, file, value="fully", send=True, **overrides):
    return services.save_reading(
        user, audit.organisation.slug, audit.pk, file.pk, ratings(value, **overrides), send=send
    )
