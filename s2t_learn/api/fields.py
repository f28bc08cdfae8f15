"""Serializer fields that take JSON as the schema describes it, and nothing else.

DRF's own fields coerce: `0` becomes the string "0", "5" and 5.0 become the integer 5, 0 and "yes"
become booleans. The committed OpenAPI schema promises a string, an integer, a boolean; so a request
the schema forbids must be a 400, not quietly accepted (schemathesis checks this). Integers are also
bounded to what the database's integer columns hold, so a huge number is a 400, never a 500 when it
reaches a query.
"""

from django.db import models
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

# What a 32-bit integer column holds (PostgreSQL `integer`: every id and count in this project).
DB_INT_MIN, DB_INT_MAX = -(2**31), 2**31 - 1


class _StringOnly:
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class CharField(_StringOnly, serializers.CharField):
    default_error_messages = {"invalid": "Not a valid string: send text in quotes."}


class EmailField(_StringOnly, serializers.EmailField):
    pass


class SlugField(_StringOnly, serializers.SlugField):
    pass


class IntegerField(serializers.IntegerField):
    """A JSON integer (not a string, a fraction or a boolean), within the database range unless told otherwise."""

    default_error_messages = {"invalid": "A whole number is required (not in quotes)."}

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", DB_INT_MIN)
        kwargs.setdefault("max_value", DB_INT_MAX)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class FloatField(serializers.FloatField):
    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            self.fail("invalid")
        return super().to_internal_value(data)


class BooleanField(serializers.BooleanField):
    default_error_messages = {"invalid": "Must be true or false."}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


# A ModelSerializer whose generated fields are the strict ones above. (A comment, not a docstring:
# drf-spectacular would put a docstring into every subclass's schema description.)
class ModelSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: CharField,
        models.TextField: CharField,
        models.EmailField: EmailField,
        models.SlugField: SlugField,
        models.BooleanField: BooleanField,
        models.FloatField: FloatField,
    }


def query_int(request, name):
    """An optional whole-number query parameter, from 1 to 2**31-1; anything else is a 400."""
    values = request.query_params.getlist(name)
    if not values:
        return None
    value = values[-1]
    if len(values) > 1 or not value.isascii() or not value.isdigit() or not 1 <= int(value) <= DB_INT_MAX:
        raise ValidationError({name: [f"Give one whole number from 1 to {DB_INT_MAX}."]})
    return int(value)
