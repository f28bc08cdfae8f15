"""API v1 for answering a round: its statements, my response, sending it."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from s2t_learn.api import fields as strict
from s2t_learn.api.exceptions import error_responses

from .. import selectors
from ..forms import answer_choices
from . import services as response_services


class StatementSerializer(serializers.Serializer):
    key = strict.CharField()
    kind = strict.CharField()
    level = strict.CharField(allow_null=True)
    text = strict.CharField()
    evidence = strict.CharField(allow_blank=True)
    basis = strict.CharField(allow_blank=True, required=False, help_text="The level definition it tests.")
    essential = strict.BooleanField(required=False)
    applicability = strict.BooleanField(required=False, help_text="'Not applicable' may be answered.")
    choices = serializers.ListField(child=serializers.ListField(child=strict.CharField()))


class DomainSerializer(serializers.Serializer):
    key = strict.CharField()
    title = strict.CharField()
    description = strict.CharField(allow_blank=True)
    statements = StatementSerializer(many=True)


class StatementsSerializer(serializers.Serializer):
    round = strict.IntegerField()
    is_anonymous = strict.BooleanField()
    domains = DomainSerializer(many=True)


class AnswerValueSerializer(serializers.Serializer):
    value = strict.CharField(allow_blank=True)
    note = strict.CharField(allow_blank=True, required=False, max_length=1000)


class ResponseSerializer(serializers.Serializer):
    answers = serializers.DictField(child=AnswerValueSerializer())
    submitted_at = serializers.DateTimeField(allow_null=True, read_only=True)


class RoundStatementsView(APIView):
    @extend_schema(responses={200: StatementsSerializer, **error_responses(401, 404, 429)}, tags=["self-assessment"])
    def get(self, request, round_id):
        invitation = selectors.invitation_for(request.user, round_id)
        round_ = invitation.round
        domains = [
            {
                **{k: d[k] for k in ("key", "title", "description")},
                "statements": [
                    {**s, "choices": answer_choices(s["kind"], s.get("applicability", False))} for s in d["statements"]
                ],
            }
            for d in round_.snapshot["domains"]
        ]
        return Response({"round": round_.pk, "is_anonymous": round_.is_anonymous, "domains": domains})


class MyResponseView(APIView):
    @extend_schema(responses={200: ResponseSerializer, **error_responses(401, 404, 429)}, tags=["self-assessment"])
    def get(self, request, round_id):
        invitation = selectors.invitation_for(request.user, round_id)
        answers = selectors.my_answers_and_notes(invitation)
        return Response({"answers": answers, "submitted_at": invitation.submitted_at})

    @extend_schema(
        request=ResponseSerializer,
        responses={200: ResponseSerializer, **error_responses(400, 401, 403, 404, 409, 429)},
        tags=["self-assessment"],
    )
    def put(self, request, round_id):
        serializer = ResponseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        invitation = response_services.save_answers(request.user, round_id, serializer.validated_data["answers"])
        answers = selectors.my_answers_and_notes(invitation)
        return Response({"answers": answers, "submitted_at": invitation.submitted_at})


class SubmitResponseView(APIView):
    @extend_schema(
        request=None,
        responses={200: ResponseSerializer, **error_responses(401, 403, 404, 409, 429)},
        tags=["self-assessment"],
    )
    def post(self, request, round_id):
        invitation = response_services.submit_response(request.user, round_id)
        answers = selectors.my_answers_and_notes(invitation)
        return Response({"answers": answers, "submitted_at": invitation.submitted_at})
