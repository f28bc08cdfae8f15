"""One JSON error body for every 4xx answer from the API:

{"error": {"status": 404, "code": "not_found", "message": "...", "fields": {...}}}
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler

from s2t_learn.errors import Conflict, NotFound
from s2t_learn.mfa import MfaSetupRequired


class ConflictError(exceptions.APIException):
    status_code = 409
    default_code = "conflict"
    default_detail = "This can no longer be changed."


def _as_drf(exc):
    if isinstance(exc, Conflict):
        return ConflictError(str(exc))
    if isinstance(exc, NotFound | Http404):
        return exceptions.NotFound()
    if isinstance(exc, MfaSetupRequired):
        return exceptions.PermissionDenied(str(exc.args[0]), code=MfaSetupRequired.code)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return exceptions.ValidationError(detail)
    return exc


def json_error_handler(exc, context):
    exc = _as_drf(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None
    code = getattr(exc, "default_code", "error")
    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        if isinstance(codes, str):
            code = codes
    body = {"status": response.status_code, "code": code}
    if isinstance(exc, exceptions.ValidationError):
        body["message"] = "Some of what was sent is not valid. See fields."
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        body["fields"] = detail
    else:
        body["message"] = str(exc.detail) if isinstance(exc, exceptions.APIException) else str(exc)
    # Rendered by the serializer the schema names for every error (ErrorSerializer, below).
    response.data = ErrorSerializer({"error": body}).data
    return response


class ErrorDetailSerializer(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(required=False, help_text="Field name to a list of messages (400 only).")


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


def error_responses(*codes):
    descriptions = {
        400: "Invalid input; `fields` says what to fix.",
        401: "Not signed in, or the token is missing or invalid.",
        403: "Signed in, but your role or your token's scope does not allow this.",
        404: "Not found, or it belongs to an organisation you are not a member of.",
        409: "It can no longer be changed (for example, the round has closed). Nothing was changed.",
        429: "Too many requests; wait for the number of seconds in `Retry-After`.",
    }
    from drf_spectacular.utils import OpenApiResponse

    return {code: OpenApiResponse(ErrorSerializer, description=descriptions[code]) for code in codes}
