"""API v1 for rounds: list, open, close, remind, close date, extend, make named, invite.

Each view names what it reads (`InputSerializer`) and answers (`OutputSerializer`), and answers only
through them, so the response is what the schema says. The lead's membership is checked once
(OrganisationAPIMixin) and handed to the services and selectors."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from s2t_learn.access import OrganisationAPIMixin
from s2t_learn.api import fields as strict
from s2t_learn.api.exceptions import error_responses
from s2t_learn.models import Role

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
        counts = selectors.round_counts(obj, membership=self.context["membership"])
        return {"invited": counts.invited, "started": counts.started, "sent": counts.sent}

    def get_release(self, obj) -> str:
        return str(selectors.release(obj, membership=self.context["membership"]))


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


class _LeadView(OrganisationAPIMixin):
    # For the organisation's assessment leads (and admins): the membership is checked once per request.
    minimum_role = Role.ASSESSMENT_LEAD

    def output(self, round_, **kwargs):
        return self.OutputSerializer(round_, context={"membership": self.membership}, **kwargs).data


class RoundsView(_LeadView, generics.GenericAPIView):
    """The organisation's self-assessment rounds."""

    InputSerializer = OpenRoundSerializer
    OutputSerializer = RoundSerializer
    serializer_class = RoundSerializer

    @extend_schema(
        responses={200: OutputSerializer(many=True), **error_responses(400, 401, 403, 404, 429)},
        tags=["self-assessment"],
    )
    def get(self, request, slug):
        page = self.paginate_queryset(selectors.rounds_for(membership=self.membership))
        return self.get_paginated_response(self.output(page, many=True))

    @extend_schema(
        request=InputSerializer,
        responses={201: OutputSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=["self-assessment"],
    )
    def post(self, request, slug):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        round_ = round_services.open_round(
            membership=self.membership,
            title=data["title"],
            team_id=data.get("team"),
            is_anonymous=data["is_anonymous"],
            share_summary=data["share_summary"],
            previous_id=data.get("previous"),
            setting=data.get("setting") or "",
            closes_on=data.get("closes_on"),
            close_on_date=data["close_on_date"],
        )
        return Response(self.output(round_), status=status.HTTP_201_CREATED)


class RoundView(_LeadView, APIView):
    """One round: how many were invited, started and sent, never who."""

    OutputSerializer = RoundSerializer

    @extend_schema(responses={200: OutputSerializer, **error_responses(401, 403, 404, 429)}, tags=["self-assessment"])
    def get(self, request, slug, round_id):
        return Response(self.output(selectors.round_for_lead(membership=self.membership, round_id=round_id)))


class RoundCloseView(_LeadView, APIView):
    """Close a round: no more answers are taken."""

    OutputSerializer = RoundSerializer

    @extend_schema(
        request=None, responses={200: OutputSerializer, **error_responses(401, 403, 404, 429)}, tags=["self-assessment"]
    )
    def post(self, request, slug, round_id):
        return Response(self.output(round_services.close_round(membership=self.membership, round_id=round_id)))


class RoundRemindView(_LeadView, APIView):
    """Remind everyone invited who has not sent their answers. The lead never learns who they are."""

    OutputSerializer = RemindResultSerializer

    @extend_schema(
        request=None,
        responses={200: OutputSerializer, **error_responses(401, 403, 404, 409, 429)},
        tags=["self-assessment"],
    )
    def post(self, request, slug, round_id):
        reminded = round_services.remind_unsent(membership=self.membership, round_id=round_id)
        return Response(self.OutputSerializer({"reminded": reminded}).data)


class RoundCloseDateView(_LeadView, APIView):
    """Set or clear an open round's close date."""

    InputSerializer = CloseDateSerializer
    OutputSerializer = RoundSerializer

    @extend_schema(
        request=InputSerializer,
        responses={200: OutputSerializer, **error_responses(400, 401, 403, 404, 409, 429)},
        tags=["self-assessment"],
    )
    def put(self, request, slug, round_id):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        round_ = round_services.set_close_date(
            membership=self.membership, round_id=round_id, **serializer.validated_data
        )
        return Response(self.output(round_))


class RoundExtendView(_LeadView, APIView):
    """Reopen an anonymous round that closed with too few answers to release, with a new close date."""

    InputSerializer = CloseDateSerializer
    OutputSerializer = RoundSerializer

    @extend_schema(
        request=InputSerializer,
        responses={200: OutputSerializer, **error_responses(400, 401, 403, 404, 409, 429)},
        tags=["self-assessment"],
    )
    def post(self, request, slug, round_id):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        round_ = round_services.extend_round(membership=self.membership, round_id=round_id, **serializer.validated_data)
        return Response(self.output(round_))


class RoundConvertView(_LeadView, APIView):
    """Make an open anonymous round named: answers already sent stop counting until sent again."""

    OutputSerializer = RoundSerializer

    @extend_schema(
        request=None,
        responses={200: OutputSerializer, **error_responses(401, 403, 404, 409, 429)},
        tags=["self-assessment"],
    )
    def post(self, request, slug, round_id):
        return Response(self.output(round_services.convert_to_named(membership=self.membership, round_id=round_id)))


class RoundInvitationsView(_LeadView, APIView):
    """Invite members by id, or one person by email."""

    InputSerializer = InviteSerializer
    OutputSerializer = InviteResultSerializer

    @extend_schema(
        request=InputSerializer,
        responses={201: OutputSerializer, **error_responses(400, 401, 403, 404, 409, 429)},
        tags=["self-assessment"],
    )
    def post(self, request, slug, round_id):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        invited = round_services.invite(
            membership=self.membership, round_id=round_id, user_ids=data.get("user_ids"), email=data.get("email")
        )
        return Response(self.OutputSerializer({"invited": invited}).data, status=status.HTTP_201_CREATED)
