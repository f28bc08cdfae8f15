"""API v1 for assigning a recommendation's learning and its completion."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from s2t_learn.access import OrganisationAPIMixin
from s2t_learn.api import fields as strict
from s2t_learn.api.exceptions import error_responses
from s2t_learn.models import Role

from ...assessment import selectors as assessment_selectors
from . import selectors as completion_selectors
from . import services as completion_services

TAGS = ["action planning"]


# ---------------------------------------------------------------- assigning a recommendation's learning


class AssignFromRecommendationSerializer(serializers.Serializer):
    team = strict.IntegerField(required=False, allow_null=True, help_text="Leave out for everyone.")
    due_date = serializers.DateField()


class AssignmentSummarySerializer(serializers.Serializer):
    id = strict.IntegerField()
    module = strict.IntegerField()
    module_title = strict.CharField()
    team = strict.IntegerField(allow_null=True)
    due_date = serializers.DateField(allow_null=True)


class AssignResultSerializer(serializers.Serializer):
    recommendation = strict.CharField()
    created = AssignmentSummarySerializer(many=True)
    already_assigned = AssignmentSummarySerializer(many=True)


def assignment_summary(a):
    return {
        "id": a.pk,
        "module": a.module_id,
        "module_title": a.module.title,
        "team": a.team_id,
        "due_date": a.due_date,
    }


class RecommendationAssignmentsView(OrganisationAPIMixin, APIView):
    minimum_role = Role.ASSESSMENT_LEAD

    @extend_schema(
        request=AssignFromRecommendationSerializer,
        responses={201: AssignResultSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=TAGS,
        summary="Assign every module linked to a recommendation to everyone or a team, with a due date",
    )
    def post(self, request, slug, round_id, key):
        round_ = assessment_selectors.round_for_lead(membership=self.membership, round_id=round_id)
        serializer = AssignFromRecommendationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        result = completion_services.assign_recommendation(
            membership=self.membership,
            recommendation_key=key,
            team_id=data.get("team"),
            due_date=data["due_date"],
            round_id=round_.pk,
        )
        return Response(
            {
                "recommendation": key,
                "created": [assignment_summary(a) for a in result.created],
                "already_assigned": [assignment_summary(a) for a in result.already],
            },
            status=status.HTTP_201_CREATED,
        )


class CompletionSerializer(serializers.Serializer):
    assignment = strict.IntegerField()
    module = strict.IntegerField()
    module_title = strict.CharField()
    team = strict.IntegerField(allow_null=True)
    due_date = serializers.DateField(allow_null=True)
    recommendation = strict.CharField(allow_blank=True, help_text="The recommendation it was assigned from.")
    people = strict.IntegerField(help_text="How many people it is for.")
    withheld = strict.BooleanField(
        help_text=(
            "True when the counts are null: the group has fewer than the minimum people (5 by default), or"
            " it differs by fewer than the minimum from another group whose counts for the same module can be"
            " shown (everyone, or another team), so that subtracting one from the other cannot pick anyone out."
        )
    )
    reason = strict.CharField(
        allow_blank=True, help_text="Why the counts are withheld, in plain words; blank when they are shown."
    )
    completed = strict.IntegerField(allow_null=True)
    started = strict.IntegerField(allow_null=True)
    not_started = strict.IntegerField(allow_null=True)


class AssignmentCompletionView(OrganisationAPIMixin, generics.GenericAPIView):
    minimum_role = Role.ASSESSMENT_LEAD

    serializer_class = CompletionSerializer

    @extend_schema(
        responses={200: CompletionSerializer(many=True), **error_responses(400, 401, 403, 404, 429)},
        tags=TAGS,
        summary="Completion of each assignment: counts only, withheld for small or too-close groups",
    )
    def get(self, request, slug):
        rows = completion_selectors.assignments_with_completion(membership=self.membership)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(
            [
                {
                    "assignment": row.assignment.pk,
                    "module": row.assignment.module_id,
                    "module_title": row.assignment.module.title,
                    "team": row.assignment.team_id,
                    "due_date": row.assignment.due_date,
                    "recommendation": row.recommendation_title,
                    "people": row.audience,
                    "withheld": row.withheld,
                    "reason": row.reason,
                    "completed": row.completed,
                    "started": row.started,
                    "not_started": row.not_started,
                }
                for row in page
            ]
        )
