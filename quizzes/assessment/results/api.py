"""API v1 for a round's results and moderation. Each view names what it reads (`InputSerializer`) and
answers (`OutputSerializer`), and answers only through them; the lead's membership is checked once."""

from datetime import UTC

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from s2t_learn.access import OrganisationAPIMixin
from s2t_learn.api import fields as strict
from s2t_learn.api.exceptions import error_responses
from s2t_learn.models import Role

from . import selectors as results_selectors
from . import services as results_services


class AgreedSerializer(serializers.Serializer):
    value = strict.CharField()
    reason = strict.CharField(max_length=2000)


class DomainResultSerializer(serializers.Serializer):
    key = strict.CharField()
    title = strict.CharField()
    level = strict.IntegerField()
    level_label = strict.CharField()
    progress = strict.IntegerField()
    display = strict.CharField()
    holding = serializers.ListField(child=strict.CharField(), help_text="Statements that hold it at its level.")
    to_move_up = serializers.ListField(child=strict.CharField(), help_text="Statements that would lift it one step.")
    unknown = serializers.ListField(child=strict.CharField())
    status = strict.CharField(help_text="placed, or not_enough_information (not a continuum level)")
    status_label = strict.CharField()
    progress_text = strict.CharField(help_text="The progress in words, e.g. '3 of 4 Competent statements met'.")
    provisional = strict.BooleanField(help_text="A harmful practice named by fewer than half awaits moderation.")
    undecided = serializers.ListField(child=strict.CharField())
    minority_flags = serializers.ListField(child=strict.CharField())


class StatementResultSerializer(serializers.Serializer):
    key = strict.CharField()
    value = strict.CharField(allow_null=True)
    source = strict.CharField(help_text="agreed, median (unmoderated) or unknown")
    spread = serializers.DictField(
        child=strict.IntegerField(),
        allow_null=True,
        help_text="Hidden (null) in anonymous rounds below 3 answers.",
    )


class ModerationEntrySerializer(serializers.Serializer):
    statement = strict.CharField()
    value = strict.CharField(allow_blank=True, help_text="Empty: left as the group said.")
    group_value = strict.CharField(allow_blank=True)
    reason = strict.CharField()
    decided_by = strict.CharField(allow_null=True)
    decided_at = serializers.DateTimeField(default_timezone=UTC)


class ResultsSerializer(serializers.Serializer):
    round = strict.IntegerField()
    release = strict.CharField(help_text="live (named), waiting, released or withheld")
    visible = strict.BooleanField(help_text="False: withheld to protect anonymity; only the count is given.")
    release_minimum = strict.IntegerField(help_text="Sent answers an anonymous round needs before release.")
    provisional = strict.BooleanField(help_text="Flagged statements remain undiscussed.")
    overall = strict.IntegerField(allow_null=True)
    overall_label = strict.CharField(allow_null=True)
    rule = strict.CharField()
    status = strict.CharField(help_text="placed, not_enough_information, or withheld (results not released)")
    provisional = strict.BooleanField()
    rule_version = strict.IntegerField()
    rule_summary = serializers.ListField(child=strict.CharField())
    framework_version = strict.IntegerField(allow_null=True)
    setting = strict.CharField(allow_blank=True)
    respondent_count = strict.IntegerField(help_text="People who sent their answers.")
    domains = DomainResultSerializer(many=True)
    statements = StatementResultSerializer(many=True)
    discussion = serializers.ListField(child=strict.CharField())
    moderation = ModerationEntrySerializer(many=True)


class _LeadView(OrganisationAPIMixin):
    # For the organisation's assessment leads (and admins): the membership is checked once per request.
    minimum_role = Role.ASSESSMENT_LEAD


class RoundResultsView(_LeadView, APIView):
    """A round's results: withheld until the release rule holds."""

    OutputSerializer = ResultsSerializer

    @extend_schema(responses={200: OutputSerializer, **error_responses(401, 403, 404, 429)}, tags=["self-assessment"])
    def get(self, request, slug, round_id):
        summary = results_selectors.results_summary(membership=self.membership, round_id=round_id)
        return Response(self.OutputSerializer(summary).data)


class AgreedAnswerView(_LeadView, APIView):
    """A statement's agreed answer: each change adds to its moderation record."""

    InputSerializer = AgreedSerializer
    OutputSerializer = ResultsSerializer

    @extend_schema(
        request=InputSerializer,
        responses={200: OutputSerializer, **error_responses(400, 401, 403, 404, 409, 429)},
        tags=["self-assessment"],
    )
    def put(self, request, slug, round_id, statement_key):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        results_services.moderate(
            membership=self.membership,
            round_id=round_id,
            statement_key=statement_key,
            value=data["value"],
            reason=data["reason"],
        )
        summary = results_selectors.results_summary(membership=self.membership, round_id=round_id)
        return Response(self.OutputSerializer(summary).data)

    @extend_schema(responses={204: None, **error_responses(401, 403, 404, 409, 429)}, tags=["self-assessment"])
    def delete(self, request, slug, round_id, statement_key):
        results_services.remove_moderation(membership=self.membership, round_id=round_id, statement_key=statement_key)
        return Response(status=status.HTTP_204_NO_CONTENT)
