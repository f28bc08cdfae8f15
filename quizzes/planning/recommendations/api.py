"""API v1 for a round's next steps."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from s2t_learn.access import OrganisationAPIMixin
from s2t_learn.api import fields as strict
from s2t_learn.api.exceptions import error_responses
from s2t_learn.models import Role

from . import selectors as recommendation_selectors

TAGS = ["action planning"]


# ---------------------------------------------------------------- next steps


class ModuleLinkSerializer(serializers.Serializer):
    id = strict.IntegerField()
    title = strict.CharField()
    url = strict.CharField()


class ResourceLinkSerializer(serializers.Serializer):
    title = strict.CharField()
    url = strict.CharField()
    description = strict.CharField(allow_blank=True)


class NextStepSerializer(serializers.Serializer):
    # Renders a NextStep (recommendations.selectors) numbered by round_next_steps.
    position = strict.IntegerField(help_text="1 is the first step to take.")
    group = strict.IntegerField(
        help_text="1 stop harmful practice; 2 the limiting area; 3 lifts several areas; 4 the rest."
    )
    group_label = strict.CharField(source="group.label")
    key = strict.CharField()
    title = strict.CharField(source="recommendation.title")
    action = strict.CharField(source="recommendation.action")
    domain = strict.CharField(source="recommendation.domain_key")
    level = strict.CharField(source="recommendation.level", help_text="The level the area is at now.")
    lifts = serializers.ListField(
        source="lifted", child=strict.CharField(), help_text="Areas below Proficient it lifts."
    )
    modules = ModuleLinkSerializer(source="recommendation.modules", many=True)
    resources = ResourceLinkSerializer(source="recommendation.resources", many=True)


class RoundRecommendationsView(OrganisationAPIMixin, APIView):
    """A closed round's next steps, in the order to tackle them."""

    minimum_role = Role.ASSESSMENT_LEAD

    class OutputSerializer(serializers.Serializer):
        round = strict.IntegerField(source="round_id")
        overall = strict.IntegerField(allow_null=True)
        steps = NextStepSerializer(many=True)

        class Meta:
            ref_name = "NextSteps"

    @extend_schema(
        responses={200: OutputSerializer, **error_responses(401, 403, 404, 409, 429)},
        tags=TAGS,
        summary="The next steps for a closed round, in the order to take them",
    )
    def get(self, request, slug, round_id):
        steps = recommendation_selectors.round_next_steps(membership=self.membership, round_id=round_id)
        return Response(self.OutputSerializer(steps).data)
