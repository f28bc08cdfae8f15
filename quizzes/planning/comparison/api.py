"""API v1 for comparing rounds."""

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
    closed_at = serializers.DateTimeField(allow_null=True)
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
    completed_at = serializers.DateTimeField()


class ComparisonSerializer(serializers.Serializer):
    after_has_answers = strict.BooleanField(help_text="False while the later round is open with no answers.")
    before = ComparedRoundSerializer()
    after = ComparedRoundSerializer()
    overall_change = strict.IntegerField(allow_null=True)
    domains = ComparedDomainSerializer(many=True)
    framework_changes = FrameworkChangesSerializer()
    completed_items = CompletedItemSerializer(many=True, help_text="Action items completed between the rounds.")


def _placement(p):
    if p is None:
        return None
    return {"level": int(p.level), "level_label": p.level.label, "progress": p.progress, "display": p.display}


def _round(r, placement):
    return {
        "id": r.pk,
        "title": r.title,
        "closed_at": r.closed_at,
        "overall": int(placement.overall) if placement.overall else None,
        "overall_label": placement.overall.label if placement.overall else None,
        "framework": "{name} (version {version})".format(**r.snapshot.get("framework", {"name": "?", "version": "?"})),
    }


def comparison_payload(context):
    diff = context["framework_diff"]
    return {
        "after_has_answers": context["after_answered"],
        "before": _round(context["before"], context["before_placement"]),
        "after": _round(context["after"], context["after_placement"]),
        "overall_change": context["overall_change"],
        "domains": [
            {
                "key": row.key,
                "title": row.title,
                "before": _placement(row.before),
                "after": _placement(row.after),
                "direction": row.direction,
                "level_change": row.level_change,
            }
            for row in context["rows"]
        ],
        "framework_changes": {
            "same_version": diff.same_version,
            "domains_added": diff.domains_added,
            "domains_removed": diff.domains_removed,
            "statements_added": [s["key"] for s in diff.statements_added],
            "statements_removed": [s["key"] for s in diff.statements_removed],
            "statements_changed": [new["key"] for _old, new in diff.statements_changed],
        },
        "completed_items": [
            {"id": i.pk, "outcome": i.outcome, "action": i.action, "completed_at": i.completed_at}
            for i in context["completed_items"]
        ],
    }


class ComparisonView(OrganisationAPIMixin, APIView):
    """A round against the previous one, or another."""

    minimum_role = Role.ASSESSMENT_LEAD

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "with",
                {"type": "integer", "minimum": 1, "maximum": strict.DB_INT_MAX},
                description="Another round to compare with (default: the previous one).",
            )
        ],
        responses={200: ComparisonSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=TAGS,
        summary="This round against the previous one: each area before and after",
    )
    def get(self, request, slug, round_id):
        context = comparison_selectors.comparison(
            membership=self.membership, round_id=round_id, other_id=strict.query_int(request, "with")
        )
        if context["before"] is None:
            raise exceptions.NotFound("This round has no previous round to compare with. Add ?with=<round id>.")
        return Response(comparison_payload(context))
