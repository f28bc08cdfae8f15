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


class AssignmentSummarySerializer(serializers.Serializer):
    # Renders a ModuleAssignment.
    id = strict.IntegerField()
    module = strict.IntegerField(source="module_id")
    module_title = strict.CharField(source="module.title")
    team = strict.IntegerField(source="team_id", allow_null=True)
    due_date = serializers.DateField(allow_null=True)


class RecommendationAssignmentsView(OrganisationAPIMixin, APIView):
    """Assign a next step's learning to the organisation or a team."""

    minimum_role = Role.ASSESSMENT_LEAD

    class InputSerializer(serializers.Serializer):
        team = strict.IntegerField(required=False, allow_null=True, help_text="Leave out for everyone.")
        due_date = serializers.DateField()

        class Meta:
            ref_name = "AssignFromRecommendation"

    class OutputSerializer(serializers.Serializer):
        # Renders an AssignResult (completion.services).
        recommendation = strict.CharField(source="recommendation.key")
        created = AssignmentSummarySerializer(many=True)
        already_assigned = AssignmentSummarySerializer(source="already", many=True)

        class Meta:
            ref_name = "AssignResult"

    @extend_schema(
        request=InputSerializer,
        responses={201: OutputSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=TAGS,
        summary="Assign every module linked to a recommendation to everyone or a team, with a due date",
    )
    def post(self, request, slug, round_id, key):
        round_ = assessment_selectors.round_for_lead(membership=self.membership, round_id=round_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        result = completion_services.assign_recommendation(
            membership=self.membership,
            recommendation_key=key,
            team_id=data.get("team"),
            due_date=data["due_date"],
            round_id=round_.pk,
        )
        return Response(self.OutputSerializer(result).data, status=status.HTTP_201_CREATED)


class CompletionSerializer(serializers.Serializer):
    # Renders a Completion row (completion.selectors).
    assignment = strict.IntegerField(source="assignment.pk")
    module = strict.IntegerField(source="assignment.module_id")
    module_title = strict.CharField(source="assignment.module.title")
    team = strict.IntegerField(source="assignment.team_id", allow_null=True)
    due_date = serializers.DateField(source="assignment.due_date", allow_null=True)
    recommendation = strict.CharField(
        source="recommendation_title", allow_blank=True, help_text="The recommendation it was assigned from."
    )
    people = strict.IntegerField(source="audience", help_text="How many people it is for.")
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
    """Assigned learning and how many have completed it."""

    minimum_role = Role.ASSESSMENT_LEAD
    OutputSerializer = CompletionSerializer
    serializer_class = CompletionSerializer

    @extend_schema(
        responses={200: OutputSerializer(many=True), **error_responses(400, 401, 403, 404, 429)},
        tags=TAGS,
        summary="Completion of each assignment: counts only, withheld for small or too-close groups",
    )
    def get(self, request, slug):
        rows = completion_selectors.assignments_with_completion(membership=self.membership)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.OutputSerializer(page, many=True).data)
