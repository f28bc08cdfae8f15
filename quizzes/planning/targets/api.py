"""API v1 for targets and the action plan."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from s2t_learn.access import OrganisationAPIMixin
from s2t_learn.api import fields as strict
from s2t_learn.api.exceptions import error_responses
from s2t_learn.models import Role

from ...models import ActionItem
from . import selectors as target_selectors
from . import services as target_services

TAGS = ["action planning"]


# ---------------------------------------------------------------- targets


class TargetsView(OrganisationAPIMixin, APIView):
    """The organisation's target level for each area."""

    minimum_role = Role.ASSESSMENT_LEAD

    class InputSerializer(serializers.Serializer):
        targets = serializers.DictField(
            child=strict.IntegerField(allow_null=True),
            help_text="Area key to target level (2-5), or null to clear it. Areas left out are unchanged.",
        )

        class Meta:
            ref_name = "SetTargets"

    class OutputSerializer(serializers.Serializer):
        # Renders a TargetRow (targets.selectors).
        domain = strict.CharField(source="key")
        title = strict.CharField()
        current = strict.IntegerField(
            source="current.level", allow_null=True, help_text="Level in the latest closed round."
        )
        current_display = strict.CharField(source="current.display", allow_null=True)
        target = strict.IntegerField(allow_null=True, help_text="2 Neglectful to 5 Proficient; null: no target.")
        target_label = strict.CharField(allow_null=True)
        gap = strict.IntegerField(allow_null=True, help_text="Levels still to climb; 0 when reached.")

        class Meta:
            ref_name = "Target"

    @extend_schema(
        responses={200: OutputSerializer(many=True), **error_responses(401, 403, 404, 429)},
        tags=TAGS,
        summary="Each area's level now, its target and the gap",
    )
    def get(self, request, slug):
        rows = target_selectors.targets_context(membership=self.membership)["target_rows"]
        return Response(self.OutputSerializer(rows, many=True).data)

    @extend_schema(
        request=InputSerializer,
        responses={200: OutputSerializer(many=True), **error_responses(400, 401, 403, 404, 429)},
        tags=TAGS,
        summary="Set or clear target levels",
    )
    def put(self, request, slug):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        target_services.set_targets(membership=self.membership, targets=serializer.validated_data["targets"])
        rows = target_selectors.targets_context(membership=self.membership)["target_rows"]
        return Response(self.OutputSerializer(rows, many=True).data)


# ---------------------------------------------------------------- action items


class ActionItemSerializer(strict.ModelSerializer):
    recommendation = serializers.SlugRelatedField(slug_field="key", read_only=True, allow_null=True)
    domain = strict.CharField(source="domain_key", required=False, allow_blank=True)
    source_round = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "recommendation",
            "domain",
            "source_round",
            "outcome",
            "action",
            "lead_person",
            "target_date",
            "status",
            "progress_note",
            "completed_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "completed_at", "created_at", "updated_at"]
        extra_kwargs = {
            "outcome": {"help_text": "How you will know it worked: changed practice, not a referral."},
            "lead_person": {"help_text": "A name or a role; they do not need an account."},
            "progress_note": {"help_text": "Never names or details that could identify a family."},
        }


class NewActionItemSerializer(ActionItemSerializer):
    recommendation = strict.CharField(
        required=False, help_text="A recommendation key: its action and outcome fill in what you leave out."
    )
    round = strict.IntegerField(required=False, help_text="The round it came from.")
    outcome = strict.CharField(required=False, max_length=ActionItem.TEXT_MAX)
    action = strict.CharField(required=False, max_length=ActionItem.TEXT_MAX)

    class Meta(ActionItemSerializer.Meta):
        fields = [*ActionItemSerializer.Meta.fields, "round"]


def _service_data(validated):
    data = dict(validated)
    if "domain_key" in data:
        data["domain_key"] = data.pop("domain_key")
    return {k: v for k, v in data.items() if k in target_services.ITEM_FIELDS}


class ActionItemsView(OrganisationAPIMixin, generics.GenericAPIView):
    """The action plan's items."""

    minimum_role = Role.ASSESSMENT_LEAD
    InputSerializer = NewActionItemSerializer
    OutputSerializer = ActionItemSerializer
    serializer_class = ActionItemSerializer

    @extend_schema(
        responses={200: ActionItemSerializer(many=True), **error_responses(400, 401, 403, 404, 429)},
        tags=TAGS,
        summary="The organisation's action plan",
    )
    def get(self, request, slug):
        page = self.paginate_queryset(
            target_selectors.action_items_for(membership=self.membership).order_by("created_at")
        )
        return self.get_paginated_response(ActionItemSerializer(page, many=True).data)

    @extend_schema(
        request=InputSerializer,
        responses={201: OutputSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=TAGS,
        summary="Add an action item, by hand or from a recommendation",
    )
    def post(self, request, slug):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        key, round_id = data.pop("recommendation", None), data.pop("round", None)
        item = target_services.add_action_item(
            membership=self.membership, data=_service_data(data), recommendation_key=key, round_id=round_id
        )
        return Response(self.OutputSerializer(item).data, status=status.HTTP_201_CREATED)


class ActionItemView(OrganisationAPIMixin, APIView):
    """One action item."""

    minimum_role = Role.ASSESSMENT_LEAD
    InputSerializer = ActionItemSerializer
    OutputSerializer = ActionItemSerializer

    @extend_schema(
        responses={200: OutputSerializer, **error_responses(401, 403, 404, 429)}, tags=TAGS, summary="One item"
    )
    def get(self, request, slug, item_id):
        item = target_selectors.action_item_for(membership=self.membership, item_id=item_id)
        return Response(self.OutputSerializer(item).data)

    @extend_schema(
        request=InputSerializer,
        responses={200: OutputSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=TAGS,
        summary="Change an item (status, lead, date, note...)",
    )
    def patch(self, request, slug, item_id):
        serializer = self.InputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        item = target_services.update_action_item(
            membership=self.membership, item_id=item_id, data=_service_data(serializer.validated_data)
        )
        return Response(self.OutputSerializer(item).data)

    @extend_schema(responses={204: None, **error_responses(401, 403, 404, 429)}, tags=TAGS, summary="Remove an item")
    def delete(self, request, slug, item_id):
        target_services.delete_action_item(membership=self.membership, item_id=item_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
