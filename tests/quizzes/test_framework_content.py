"""The shipped self-assessment framework is complete and well formed."""

import pytest
import yaml

from quizzes.continuum import Kind
from quizzes.loaders import CONTENT_DIR, load_framework
from quizzes.models import Domain, Framework, Statement

pytestmark = pytest.mark.django_db
DOMAINS = [
    "perpetrator_pattern",
    "partnering",
    "child_safety",
    "intersections",
    "leadership",
    "workforce",
    "multi_agency",
    "quality",
]


def test_framework_loads_once_with_eight_domains_in_order():
    framework, changed = load_framework()
    assert changed
    assert list(Domain.objects.filter(framework=framework).values_list("key", flat=True)) == DOMAINS
    again, changed_again = load_framework()
    assert again == framework and not changed_again
    assert Framework.objects.count() == 1


def test_each_domain_has_flags_and_two_statements_at_each_gate():
    framework, _ = load_framework()
    for domain in Domain.objects.filter(framework=framework):
        statements = Statement.objects.filter(domain=domain)
        assert statements.filter(kind=Kind.DESTRUCTIVE).count() >= 1, domain.key
        for level in ("pre_competent", "competent", "proficient"):
            assert statements.filter(kind=Kind.GATE, level=level).count() >= 2, (domain.key, level)


def test_an_editors_change_survives_a_reload_unless_update():
    framework, _ = load_framework()
    Statement.objects.filter(key="pp-d1").update(text="Edited by an editor")
    load_framework()
    assert Statement.objects.get(key="pp-d1").text == "Edited by an editor"
    load_framework(update=True)
    assert Statement.objects.get(key="pp-d1").text != "Edited by an editor"


def test_every_domain_and_level_below_proficient_has_a_recommendation():
    data = yaml.safe_load((CONTENT_DIR / "recommendations.yaml").read_text())
    keys = {(r["domain"], r["level"]) for r in data["recommendations"]}
    for domain in DOMAINS:
        for level in ("destructive", "neglectful", "pre_competent", "competent"):
            assert (domain, level) in keys, (domain, level)
