"""API v1 for answering a round: its statements, my response, sending it. Each view names what it reads
(`InputSerializer`) and answers (`OutputSerializer`), and answers only through them. The respondent's
own invitation is the check (selectors.invitation_for): a round they were not invited to does not exist."""

from datetime import UTC

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from s2t_learn.api import fields as strict
from s2t_learn.api.exceptions import error_responses

from .. import selectors
from ..forms import answer_choices
from . import services as response_services


class ChoicesField(serializers.ListField):
    """A statement's answer choices, [[value, label], ...], read from the statement itself (output only)."""

    def __init__(self, **kwargs):
        super().__init__(child=serializers.ListField(child=strict.CharField()), source="*", read_only=True, **kwargs)

    def to_representation(self, statement):
        return super().to_representation(answer_choices(statement["kind"], statement.get("applicability", False)))


class StatementSerializer(serializers.Serializer):
    # Renders a statement of the round's snapshot (snapshot.take_snapshot).
    key = strict.CharField()
    kind = strict.CharField()
    level = strict.CharField(allow_null=True)
    text = strict.CharField()
    evidence = strict.CharField(allow_blank=True)
    basis = strict.CharField(allow_blank=True, required=False, help_text="The level definition it tests.")
    settings = serializers.ListField(
        child=strict.CharField(), required=False, help_text="The settings it is written for; empty: every setting."
    )
    essential = strict.BooleanField(required=False)
    applicability = strict.BooleanField(required=False, help_text="'Not applicable' may be answered.")
    choices = ChoicesField()


class DomainSerializer(serializers.Serializer):
    key = strict.CharField()
    title = strict.CharField()
    description = strict.CharField(allow_blank=True)
    statements = StatementSerializer(many=True)


class StatementsSerializer(serializers.Serializer):
    # Renders a Round: its statements from its snapshot, grouped by domain.
    round = strict.IntegerField(source="pk")
    is_anonymous = strict.BooleanField()
    domains = DomainSerializer(many=True, source="snapshot.domains")


class AnswerValueSerializer(serializers.Serializer):
    value = strict.CharField(allow_blank=True)
    note = strict.CharField(allow_blank=True, required=False, max_length=1000)


class ResponseSerializer(serializers.Serializer):
    answers = serializers.DictField(child=AnswerValueSerializer())
    submitted_at = serializers.DateTimeField(allow_null=True, read_only=True, default_timezone=UTC)


class RoundStatementsView(APIView):
    OutputSerializer = StatementsSerializer

    @extend_schema(responses={200: OutputSerializer, **error_responses(401, 404, 429)}, tags=["self-assessment"])
    def get(self, request, round_id):
        invitation = selectors.invitation_for(request.user, round_id)
        return Response(self.OutputSerializer(invitation.round).data)


class MyResponseView(APIView):
    InputSerializer = ResponseSerializer
    OutputSerializer = ResponseSerializer

    @extend_schema(responses={200: OutputSerializer, **error_responses(401, 404, 429)}, tags=["self-assessment"])
    def get(self, request, round_id):
        invitation = selectors.invitation_for(request.user, round_id)
        return Response(self.OutputSerializer(selectors.my_response(invitation)).data)

    @extend_schema(
        request=InputSerializer,
        responses={200: OutputSerializer, **error_responses(400, 401, 403, 404, 409, 429)},
        tags=["self-assessment"],
    )
    def put(self, request, round_id):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        invitation = response_services.save_answers(request.user, round_id, serializer.validated_data["answers"])
        return Response(self.OutputSerializer(selectors.my_response(invitation)).data)


class SubmitResponseView(APIView):
    OutputSerializer = ResponseSerializer

    @extend_schema(
        request=None,
        responses={200: OutputSerializer, **error_responses(401, 403, 404, 409, 429)},
        tags=["self-assessment"],
    )
    def post(self, request, round_id):
        invitation = response_services.submit_response(request.user, round_id)
        return Response(self.OutputSerializer(selectors.my_response(invitation)).data)
