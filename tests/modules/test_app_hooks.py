"""Each app owns its loaders and its panels (issue 14): `load_demo` and My learning name none of them."""

from pathlib import Path

import pytest
from django.utils.module_loading import import_string

from modules.progress import my_learning_panels
from s2t_learn.management.commands.load_demo import app_hooks

ROOT = Path(__file__).resolve().parents[2]


def test_content_loaders_come_from_the_apps_in_dependency_order():
    assert app_hooks("content_loaders") == ["load_curriculum", "load_quizzes", "load_framework", "load_audit_measures"]


def test_every_demo_loader_is_a_function_of_the_organisation_slug():
    loaders = app_hooks("demo_loaders")
    assert loaders, "the quizzes app offers its demo rounds and audits"
    for dotted in loaders:
        assert callable(import_string(dotted))


def test_an_app_without_hooks_offers_nothing():
    assert app_hooks("no_such_hook") == []


def test_load_demo_and_my_learning_name_no_quizzes_module():
    command = (ROOT / "s2t_learn/management/commands/load_demo.py").read_text()
    page = (ROOT / "templates/modules/my_learning.html").read_text()
    assert "quizzes" not in command
    assert "assessment_tags" not in page and "round_respond" not in page


@pytest.mark.django_db
def test_my_learning_panels_are_the_quizzes_own_in_order(django_user_model):
    from django.contrib.auth.models import AnonymousUser

    person = django_user_model.objects.create_user(username="p@example.org", email="p@example.org")
    panels = my_learning_panels(person)
    assert [p["template"] for p in panels] == [
        "quizzes/_my_learning_records.html",
        "assessment/_my_learning_rounds.html",
    ]
    assert panels[1]["panel"] == []  # no invitations yet
    assert my_learning_panels(AnonymousUser())[1]["panel"] == []


def test_the_results_page_panels_are_planning_then_the_audits():
    from quizzes.assessment.results import panels

    assert [name for name, _data in panels._panels] == [
        "planning/_results_planning.html",
        "audit/_self_assessment_evidence.html",
    ]
    source = (ROOT / "quizzes/assessment/results/views.py").read_text()
    assert "planning" not in source and "audit" not in source
