"""API v1 for a round's next steps."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from s2t_learn.access import OrganisationAPIMixin
from s2t_learn.api import fields as strict
from s2t_learn.api.exceptions import error_responses
from s2t_learn.models import Role

from ...assessment import selectors as assessment_selectors
from .. import shared
from ..reports import services as report_services
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
    position = strict.IntegerField(help_text="1 is the first step to take.")
    group = strict.IntegerField(
        help_text="1 stop harmful practice; 2 the limiting area; 3 lifts several areas; 4 the rest."
    )
    group_label = strict.CharField()
    key = strict.CharField()
    title = strict.CharField()
    action = strict.CharField()
    domain = strict.CharField()
    level = strict.CharField(help_text="The level the area is at now.")
    lifts = serializers.ListField(child=strict.CharField(), help_text="Areas below Proficient it lifts.")
    modules = ModuleLinkSerializer(many=True)
    resources = ResourceLinkSerializer(many=True)


class NextStepsSerializer(serializers.Serializer):
    round = strict.IntegerField()
    overall = strict.IntegerField(allow_null=True)
    steps = NextStepSerializer(many=True)


def steps_payload(steps):
    return [
        {
            "position": n,
            "group": int(step.group),
            "group_label": step.group.label,
            "key": step.key,
            "title": step.recommendation.title,
            "action": step.recommendation.action,
            "domain": step.recommendation.domain_key,
            "level": step.recommendation.level,
            "lifts": step.lifted,
            "modules": [vars(m) for m in step.recommendation.modules],
            "resources": [vars(r) for r in step.recommendation.resources],
        }
        for n, step in enumerate(steps, start=1)
    ]


class RoundRecommendationsView(OrganisationAPIMixin, APIView):
    minimum_role = Role.ASSESSMENT_LEAD

    @extend_schema(
        responses={200: NextStepsSerializer, **error_responses(401, 403, 404, 409, 429)},
        tags=TAGS,
        summary="The next steps for a closed round, in the order to take them",
    )
    def get(self, request, slug, round_id):
        round_ = assessment_selectors.round_for_lead(membership=self.membership, round_id=round_id)
        if round_.is_open:
            raise report_services.RoundStillOpen
        placement = shared.placements_for([round_])[round_.pk]
        if placement is None:
            from ...assessment.errors import ResultsWithheld

            raise ResultsWithheld
        return Response(
            {
                "round": round_.pk,
                "overall": int(placement.overall) if placement.overall else None,
                "steps": steps_payload(
                    recommendation_selectors.next_steps(placement, round_.snapshot.get("setting") or "")
                ),
            }
        )
