"""The committed schema says `nullable: true` wherever the API can answer null (issue 16, item 6)."""

import importlib
import inspect
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import FieldDoesNotExist
from rest_framework import serializers

from tests.reliability.test_validators_hypothesis import API_MODULES

SCHEMA = yaml.safe_load((Path(__file__).resolve().parents[2] / "s2t_learn" / "api" / "openapi.yaml").read_text())


def model_serializers():
    for name in API_MODULES:
        for _, cls in inspect.getmembers(importlib.import_module(name), inspect.isclass):
            if issubclass(cls, serializers.ModelSerializer) and cls.__module__ == name:
                yield cls


def nullable_column(model, source):
    """True when any model field on the way along `source` (e.g. "team", "user.email") may be null."""
    nullable = False
    for part in source.split("."):
        try:
            field = model._meta.get_field(part.removesuffix("_id"))
        except FieldDoesNotExist:  # a method or property, not a column
            return False
        nullable = nullable or field.null
        model = field.related_model
        if model is None:
            break
    return nullable


@pytest.mark.parametrize("serializer_class", list(model_serializers()), ids=lambda c: c.__name__)
def test_every_answer_field_on_a_nullable_column_allows_null(serializer_class):
    model = serializer_class.Meta.model
    missing = [
        name
        for name, field in serializer_class().fields.items()
        if field.read_only and field.source != "*" and nullable_column(model, field.source) and not field.allow_null
    ]
    assert not missing, f"{serializer_class.__name__}: {missing} can be null; give them allow_null=True"


@pytest.mark.parametrize(
    "component, field",
    [("Round", "team"), ("Audit", "previous"), ("ReportJob", "round"), ("Member", "team"), ("Invitation", "team")],
)
def test_the_committed_schema_says_so(component, field):
    assert SCHEMA["components"]["schemas"][component]["properties"][field].get("nullable") is True


def test_request_bodies_are_json_only():
    bodies = [
        operation["requestBody"]["content"]
        for path in SCHEMA["paths"].values()
        for operation in path.values()
        if isinstance(operation, dict) and "requestBody" in operation
    ]
    assert bodies and all(set(content) == {"application/json"} for content in bodies)
