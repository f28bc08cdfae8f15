"""API v1 for comparing rounds. The view names what it answers (`OutputSerializer`) and answers only
through it; the lead's membership is checked once (OrganisationAPIMixin)."""

from datetime import UTC

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from s2t_learn.access import OrganisationAPIMixin
from s2t_learn.api import fields as strict
from s2t_learn.api.exceptions import error_responses
from s2t_learn.models import Role

from . import selectors as comparison_selectors

TAGS = ["action planning"]


# ---------------------------------------------------------------- comparison


class PlacementSerializer(serializers.Serializer):
    level = strict.IntegerField()
    level_label = strict.CharField()
    progress = strict.IntegerField()
    display = strict.CharField()


class ComparedDomainSerializer(serializers.Serializer):
    key = strict.CharField()
    title = strict.CharField()
    before = PlacementSerializer(allow_null=True)
    after = PlacementSerializer(allow_null=True)
    direction = strict.CharField(help_text="up, down, same, new or removed")
    level_change = strict.IntegerField(allow_null=True)


class ComparedRoundSerializer(serializers.Serializer):
    id = strict.IntegerField()
    title = strict.CharField()
    closed_at = serializers.DateTimeField(allow_null=True, default_timezone=UTC)
    overall = strict.IntegerField(allow_null=True)
    overall_label = strict.CharField(allow_null=True)
    framework = strict.CharField()


class FrameworkChangesSerializer(serializers.Serializer):
    same_version = strict.BooleanField()
    domains_added = serializers.ListField(child=strict.CharField())
    domains_removed = serializers.ListField(child=strict.CharField())
    statements_added = serializers.ListField(child=strict.CharField())
    statements_removed = serializers.ListField(child=strict.CharField())
    statements_changed = serializers.ListField(child=strict.CharField())


class CompletedItemSerializer(serializers.Serializer):
    id = strict.IntegerField()
    outcome = strict.CharField()
    action = strict.CharField()
    completed_at = serializers.DateTimeField(default_timezone=UTC)


class ComparisonSerializer(serializers.Serializer):
    after_has_answers = strict.BooleanField(help_text="False while the later round is open with no answers.")
    before = ComparedRoundSerializer()
    after = ComparedRoundSerializer()
    overall_change = strict.IntegerField(allow_null=True)
    domains = ComparedDomainSerializer(many=True)
    framework_changes = FrameworkChangesSerializer()
    completed_items = CompletedItemSerializer(many=True, help_text="Action items completed between the rounds.")


class ComparisonView(OrganisationAPIMixin, APIView):
    """A round against the previous one, or another."""

    minimum_role = Role.ASSESSMENT_LEAD
    OutputSerializer = ComparisonSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "with",
                {"type": "integer", "minimum": 1, "maximum": strict.DB_INT_MAX},
                description="Another round to compare with (default: the previous one).",
            )
        ],
        responses={200: OutputSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=TAGS,
        summary="This round against the previous one: each area before and after",
    )
    def get(self, request, slug, round_id):
        summary = comparison_selectors.comparison_summary(
            membership=self.membership, round_id=round_id, other_id=strict.query_int(request, "with")
        )
        if summary is None:
            raise exceptions.NotFound("This round has no previous round to compare with. Add ?with=<round id>.")
        return Response(self.OutputSerializer(summary).data)
