"""API v1 for rounds: list, open, close, remind, close date, extend, make named, invite."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from s2t_learn.api import fields as strict
from s2t_learn.api.exceptions import error_responses
from s2t_learn.selectors import membership_for

from ...continuum_levels import SETTINGS
from ...models import Round
from .. import selectors
from . import services as round_services


class CountsSerializer(serializers.Serializer):
    invited = strict.IntegerField()
    started = strict.IntegerField()
    sent = strict.IntegerField()


class RemindResultSerializer(serializers.Serializer):
    reminded = strict.IntegerField()


class RoundSerializer(strict.ModelSerializer):
    team = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    statement_count = serializers.SerializerMethodField()
    setting = serializers.SerializerMethodField(help_text="The setting the round was opened for; empty: every setting.")
    counts = serializers.SerializerMethodField(
        help_text="How many members were invited, started without sending, and sent. Numbers only, never names."
    )
    release = serializers.SerializerMethodField(help_text="live (named), waiting, released or withheld.")

    class Meta:
        model = Round
        fields = [
            "id",
            "title",
            "team",
            "is_anonymous",
            "share_summary",
            "status",
            "opened_at",
            "closed_at",
            "closes_on",
            "close_on_date",
            "statement_count",
            "setting",
            "counts",
            "release",
        ]

    def get_setting(self, obj) -> str:
        return obj.snapshot.get("setting") or ""

    def get_statement_count(self, obj) -> int:
        return sum(len(d["statements"]) for d in obj.snapshot["domains"])

    @extend_schema_field(CountsSerializer)
    def get_counts(self, obj):
        counts = selectors.round_counts(obj)
        return {"invited": counts.invited, "started": counts.started, "sent": counts.sent}

    def get_release(self, obj) -> str:
        return str(selectors.release(obj))


class CloseDateSerializer(serializers.Serializer):
    closes_on = serializers.DateField(allow_null=True)
    close_on_date = strict.BooleanField(default=False)


class OpenRoundSerializer(serializers.Serializer):
    title = strict.CharField(max_length=200)
    team = strict.IntegerField(required=False, allow_null=True)
    is_anonymous = strict.BooleanField(default=True)
    share_summary = strict.BooleanField(default=False)
    previous = strict.IntegerField(required=False, allow_null=True)
    setting = serializers.ChoiceField(
        choices=["", *SETTINGS],
        required=False,
        default="",
        help_text="Open the round for one setting (only its statements, in its wording); empty: every setting.",
    )
    closes_on = serializers.DateField(required=False, allow_null=True)
    close_on_date = strict.BooleanField(default=False)


class InviteSerializer(serializers.Serializer):
    user_ids = serializers.ListField(child=strict.IntegerField(), required=False)
    email = strict.EmailField(required=False)


class InviteResultSerializer(serializers.Serializer):
    invited = strict.IntegerField()


class RoundsView(generics.GenericAPIView):
    serializer_class = RoundSerializer

    @extend_schema(
        responses={200: RoundSerializer(many=True), **error_responses(400, 401, 403, 404, 429)},
        tags=["self-assessment"],
    )
    def get(self, request, slug):
        page = self.paginate_queryset(selectors.rounds_for(membership=membership_for(request.user, slug)))
        return self.get_paginated_response(RoundSerializer(page, many=True).data)

    @extend_schema(
        request=OpenRoundSerializer,
        responses={201: RoundSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=["self-assessment"],
    )
    def post(self, request, slug):
        serializer = OpenRoundSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        round_ = round_services.open_round(
            request.user,
            slug,
            data["title"],
            team_id=data.get("team"),
            is_anonymous=data["is_anonymous"],
            share_summary=data["share_summary"],
            previous_id=data.get("previous"),
            setting=data.get("setting") or "",
            closes_on=data.get("closes_on"),
            close_on_date=data["close_on_date"],
        )
        return Response(RoundSerializer(round_).data, status=status.HTTP_201_CREATED)


class RoundView(APIView):
    @extend_schema(responses={200: RoundSerializer, **error_responses(401, 403, 404, 429)}, tags=["self-assessment"])
    def get(self, request, slug, round_id):
        return Response(
            RoundSerializer(
                selectors.round_for_lead(membership=membership_for(request.user, slug), round_id=round_id)
            ).data
        )


class RoundCloseView(APIView):
    @extend_schema(
        request=None, responses={200: RoundSerializer, **error_responses(401, 403, 404, 429)}, tags=["self-assessment"]
    )
    def post(self, request, slug, round_id):
        return Response(RoundSerializer(round_services.close_round(request.user, slug, round_id)).data)


class RoundRemindView(APIView):
    @extend_schema(
        request=None,
        responses={200: RemindResultSerializer, **error_responses(401, 403, 404, 409, 429)},
        tags=["self-assessment"],
    )
    def post(self, request, slug, round_id):
        return Response({"reminded": round_services.remind_unsent(request.user, slug, round_id)})


class RoundCloseDateView(APIView):
    @extend_schema(
        request=CloseDateSerializer,
        responses={200: RoundSerializer, **error_responses(400, 401, 403, 404, 409, 429)},
        tags=["self-assessment"],
    )
    def put(self, request, slug, round_id):
        serializer = CloseDateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        round_ = round_services.set_close_date(request.user, slug, round_id, data["closes_on"], data["close_on_date"])
        return Response(RoundSerializer(round_).data)


class RoundExtendView(APIView):
    @extend_schema(
        request=CloseDateSerializer,
        responses={200: RoundSerializer, **error_responses(400, 401, 403, 404, 409, 429)},
        tags=["self-assessment"],
    )
    def post(self, request, slug, round_id):
        serializer = CloseDateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        round_ = round_services.extend_round(request.user, slug, round_id, data["closes_on"], data["close_on_date"])
        return Response(RoundSerializer(round_).data)


class RoundConvertView(APIView):
    @extend_schema(
        request=None,
        responses={200: RoundSerializer, **error_responses(401, 403, 404, 409, 429)},
        tags=["self-assessment"],
    )
    def post(self, request, slug, round_id):
        return Response(RoundSerializer(round_services.convert_to_named(request.user, slug, round_id)).data)


class RoundInvitationsView(APIView):
    @extend_schema(
        request=InviteSerializer,
        responses={201: InviteResultSerializer, **error_responses(400, 401, 403, 404, 409, 429)},
        tags=["self-assessment"],
    )
    def post(self, request, slug, round_id):
        serializer = InviteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        invited = 0
        if data.get("user_ids"):
            invited += len(round_services.invite_members(request.user, slug, round_id, data["user_ids"]))
        if data.get("email"):
            round_services.invite_by_email(request.user, slug, round_id, data["email"])
            invited += 1
        if not invited and not data.get("user_ids"):
            raise serializers.ValidationError({"email": ["Give user_ids or an email address."]})
        return Response({"invited": invited}, status=status.HTTP_201_CREATED)
