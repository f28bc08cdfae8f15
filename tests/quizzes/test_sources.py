"""Every quiz explanation names where its facts come from."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SEED_SOURCE = re.compile(
    r"Edinburgh implementation report|Improvement Service|SafeLives Spotlight podcast|evidence summary"
    r"|Falkirk practice briefing|David Mandel & Associates|\bAct 20\d\d\b|Safeguarding Procedures",
    re.IGNORECASE,
)
OWN_GUIDANCE = "S2T Learn practice guidance"
FIGURE = re.compile(r"\d+(\.\d+)?%|\b\d{1,3},\d{3}\b|£\d")


def questions():
    for path in sorted((ROOT / "quizzes/content/quizzes").glob("*.yaml")):
        for question in yaml.safe_load(path.read_text())["questions"]:
            yield question["key"], " ".join(question["explanation"].split())


@pytest.mark.parametrize("key,explanation", list(questions()))
def test_explanation_names_its_source(key, explanation):
    assert SEED_SOURCE.search(explanation) or OWN_GUIDANCE in explanation, f"{key}: no source named"


@pytest.mark.parametrize("key,explanation", list(questions()))
def test_an_explanation_with_a_figure_names_a_seed_report(key, explanation):
    if FIGURE.search(explanation):
        assert SEED_SOURCE.search(explanation), f"{key}: a figure without its report"
