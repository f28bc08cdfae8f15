"""Build audits for tests through the services, as a lead and readers would."""

from quizzes.audit import services
from quizzes.audit.loader import load_measures
from quizzes.models import AuditMeasure
from s2t_learn.selectors import membership_for

KEYS = ["risk-assessment", "child-impact", "child-plan", "parent-expectations", "perpetrator-centre"]


def ensure_measures():
    if not AuditMeasure.objects.exists():
        load_measures()


def ratings(value="fully", **overrides):
    out = {key: {"value": value, "reason": "Seen in the assessment."} for key in KEYS}
    for key, given in overrides.items():
        out[key.replace("_", "-")] = {"value": given, "reason": "Only partly there."}
    return out


def member(user, organisation):
    """The user's checked membership of the organisation, as a view would hand it to the services."""
    return membership_for(user, organisation.slug)


def make_audit(lead, organisation, first, second, title="Audit 2027", groups=("Trained", "Not trained"), **extra):
    """An audit with two readers (first, second: users) and no files yet. Returns (audit, reader_a, reader_b)."""
    ensure_measures()
    membership = member(lead, organisation)
    audit = services.create_audit(membership=membership, data={"title": title, "groups": list(groups), **extra})
    a = services.add_reader(membership=membership, audit_id=audit.pk, user_id=first.pk, background="Social work")
    b = services.add_reader(membership=membership, audit_id=audit.pk, user_id=second.pk, background="Health visiting")
    return audit, a, b


def add_file(lead, audit, a, b, reference, group=None):
    return services.add_file(
        membership=member(lead, audit.organisation),
        audit_id=audit.pk,
        reference=reference,
        group=group or audit.groups[0],
        reader_ids=[a.pk, b.pk],
    )


def read(user, audit, file, value="fully", send=True, **overrides):
    return services.save_reading(
        membership=member(user, audit.organisation),
        audit_id=audit.pk,
        file_id=file.pk,
        ratings=ratings(value, **overrides),
        send=send,
    )
