import pytest

from quizzes.models import Domain, Framework, Statement

LEVELS = ("pre_competent", "competent", "proficient")


def make_framework(domains=("pattern", "partnering"), version=99):
    Framework.objects.update(is_active=False)
    framework = Framework.objects.create(name="Test framework", version=version, is_active=True)
    for order, key in enumerate(domains):
        domain = Domain.objects.create(framework=framework, key=key, title=f"Domain {key}", sort_order=order)
        Statement.objects.create(domain=domain, key=f"{key}-d1", kind="destructive", text=f"Harm in {key}")
        for level in LEVELS:
            for n in (1, 2):
                Statement.objects.create(
                    domain=domain, key=f"{key}-{level}-{n}", kind="gate", level=level, text=f"{key} {level} {n}"
                )
    return framework


@pytest.fixture
def framework(db):
    return make_framework()


def all_answers(round_, flag="no", gate="met"):
    return {
        s["key"]: {"value": flag if s["kind"] == "destructive" else gate, "note": ""}
        for d in round_.snapshot["domains"]
        for s in d["statements"]
    }


def lead_of(round_):
    """A lead's membership of the round's organisation, for calling the lead's selectors directly."""
    from s2t_learn.models import Membership, Role

    members = Membership.objects.filter(organisation_id=round_.organisation_id).select_related("organisation")
    return next(m for m in members if m.has_role(Role.ASSESSMENT_LEAD))
