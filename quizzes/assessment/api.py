"""API v1 for the continuum self-assessment: the same services and selectors as the pages."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from s2t_learn.api.exceptions import error_responses

from ..continuum import SETTINGS
from ..models import Round
from . import reading, selectors, services
from . import snapshot as snap
from .forms import answer_choices


class RoundSerializer(serializers.ModelSerializer):
    team = serializers.PrimaryKeyRelatedField(read_only=True)
    statement_count = serializers.SerializerMethodField()
    setting = serializers.SerializerMethodField(help_text="The setting the round was opened for; empty: every setting.")

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
            "statement_count",
            "setting",
        ]

    def get_setting(self, obj) -> str:
        return obj.snapshot.get("setting") or ""

    def get_statement_count(self, obj) -> int:
        return sum(len(d["statements"]) for d in obj.snapshot["domains"])


class OpenRoundSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    team = serializers.IntegerField(required=False, allow_null=True)
    is_anonymous = serializers.BooleanField(default=True)
    share_summary = serializers.BooleanField(default=False)
    previous = serializers.IntegerField(required=False, allow_null=True)
    setting = serializers.ChoiceField(
        choices=["", *SETTINGS],
        required=False,
        default="",
        help_text="Open the round for one setting (only its statements, in its wording); empty: every setting.",
    )


class InviteSerializer(serializers.Serializer):
    user_ids = serializers.ListField(child=serializers.IntegerField(), required=False)
    email = serializers.EmailField(required=False)


class InviteResultSerializer(serializers.Serializer):
    invited = serializers.IntegerField()


class StatementSerializer(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.CharField()
    level = serializers.CharField(allow_null=True)
    text = serializers.CharField()
    evidence = serializers.CharField(allow_blank=True)
    basis = serializers.CharField(allow_blank=True, required=False, help_text="The level definition it tests.")
    essential = serializers.BooleanField(required=False)
    applicability = serializers.BooleanField(required=False, help_text="'Not applicable' may be answered.")
    choices = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))


class DomainSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    statements = StatementSerializer(many=True)


class StatementsSerializer(serializers.Serializer):
    round = serializers.IntegerField()
    is_anonymous = serializers.BooleanField()
    domains = DomainSerializer(many=True)


class AnswerValueSerializer(serializers.Serializer):
    value = serializers.CharField(allow_blank=True)
    note = serializers.CharField(allow_blank=True, required=False, max_length=1000)


class ResponseSerializer(serializers.Serializer):
    answers = serializers.DictField(child=AnswerValueSerializer())
    submitted_at = serializers.DateTimeField(allow_null=True, read_only=True)


class AgreedSerializer(serializers.Serializer):
    value = serializers.CharField()
    reason = serializers.CharField(max_length=2000)


class DomainResultSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    level = serializers.IntegerField()
    level_label = serializers.CharField()
    progress = serializers.IntegerField()
    display = serializers.CharField()
    holding = serializers.ListField(child=serializers.CharField(), help_text="Statements that hold it at its level.")
    to_move_up = serializers.ListField(
        child=serializers.CharField(), help_text="Statements that would lift it one step."
    )
    unknown = serializers.ListField(child=serializers.CharField())
    status = serializers.CharField(help_text="placed, or not_enough_information (not a continuum level)")
    status_label = serializers.CharField()
    progress_text = serializers.CharField(help_text="The progress in words, e.g. '3 of 4 Competent statements met'.")
    provisional = serializers.BooleanField(help_text="A harmful practice named by fewer than half awaits moderation.")
    undecided = serializers.ListField(child=serializers.CharField())
    minority_flags = serializers.ListField(child=serializers.CharField())


class StatementResultSerializer(serializers.Serializer):
    key = serializers.CharField()
    value = serializers.CharField(allow_null=True)
    source = serializers.CharField(help_text="agreed, median (unmoderated) or unknown")
    spread = serializers.DictField(
        child=serializers.IntegerField(),
        allow_null=True,
        help_text="Hidden (null) in anonymous rounds below 3 answers.",
    )


class ResultsSerializer(serializers.Serializer):
    round = serializers.IntegerField()
    overall = serializers.IntegerField(allow_null=True)
    overall_label = serializers.CharField(allow_null=True)
    rule = serializers.CharField()
    status = serializers.CharField()
    provisional = serializers.BooleanField()
    rule_version = serializers.IntegerField()
    rule_summary = serializers.ListField(child=serializers.CharField())
    framework_version = serializers.IntegerField(allow_null=True)
    setting = serializers.CharField(allow_blank=True)
    respondent_count = serializers.IntegerField()
    domains = DomainResultSerializer(many=True)
    statements = StatementResultSerializer(many=True)
    discussion = serializers.ListField(child=serializers.CharField())


RULE = (
    "Overall is the lowest domain (a limiting judgement): proficient practice is consistent throughout. "
    "This rule is this platform's own reading of the continuum of practice (c) 2015 David Mandel & Associates LLC."
)


def results_payload(round_):
    data = selectors.results(round_)
    placement = data["placement"]
    return {
        "round": round_.pk,
        "overall": int(placement.overall) if placement.overall else None,
        "overall_label": placement.overall.label if placement.overall else None,
        "rule": RULE,
        "status": placement.status,
        "provisional": placement.provisional,
        "rule_version": placement.rule.version,
        "rule_summary": [str(sentence) for sentence in reading.rule_summary(placement.rule)],
        "framework_version": snap.framework_label(round_.snapshot)["version"],
        "setting": round_.snapshot.get("setting") or "",
        "respondent_count": data["respondent_count"],
        "domains": [
            {
                "key": d.domain,
                "title": data["domains"][d.domain]["title"],
                "level": int(d.level),
                "level_label": d.level.label,
                "progress": d.progress,
                "display": d.display,
                "holding": d.holding,
                "to_move_up": d.to_move_up,
                "unknown": d.unknown,
                "status": d.status,
                "status_label": str(reading.status_label(d)),
                "progress_text": str(reading.progress_text(d)),
                "provisional": d.provisional,
                "undecided": d.undecided,
                "minority_flags": d.minority_flags,
            }
            for d in placement.domains
        ],
        "statements": [
            {"key": key, "value": agg.value, "source": agg.source, "spread": data["spread"][key]}
            for key, agg in placement.aggregates.items()
        ],
        "discussion": placement.discussion,
    }


class RoundsView(generics.GenericAPIView):
    serializer_class = RoundSerializer

    @extend_schema(
        responses={200: RoundSerializer(many=True), **error_responses(401, 403, 404, 429)}, tags=["self-assessment"]
    )
    def get(self, request, slug):
        page = self.paginate_queryset(selectors.rounds_for(request.user, slug))
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
        round_ = services.open_round(
            request.user,
            slug,
            data["title"],
            team_id=data.get("team"),
            is_anonymous=data["is_anonymous"],
            share_summary=data["share_summary"],
            previous_id=data.get("previous"),
            setting=data.get("setting") or "",
        )
        return Response(RoundSerializer(round_).data, status=status.HTTP_201_CREATED)


class RoundView(APIView):
    @extend_schema(responses={200: RoundSerializer, **error_responses(401, 403, 404, 429)}, tags=["self-assessment"])
    def get(self, request, slug, round_id):
        return Response(RoundSerializer(selectors.round_for_lead(request.user, slug, round_id)).data)


class RoundCloseView(APIView):
    @extend_schema(
        request=None, responses={200: RoundSerializer, **error_responses(401, 403, 404, 429)}, tags=["self-assessment"]
    )
    def post(self, request, slug, round_id):
        return Response(RoundSerializer(services.close_round(request.user, slug, round_id)).data)


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
            invited += len(services.invite_members(request.user, slug, round_id, data["user_ids"]))
        if data.get("email"):
            services.invite_by_email(request.user, slug, round_id, data["email"])
            invited += 1
        if not invited and not data.get("user_ids"):
            raise serializers.ValidationError({"email": ["Give user_ids or an email address."]})
        return Response({"invited": invited}, status=status.HTTP_201_CREATED)


class RoundResultsView(APIView):
    @extend_schema(responses={200: ResultsSerializer, **error_responses(401, 403, 404, 429)}, tags=["self-assessment"])
    def get(self, request, slug, round_id):
        return Response(results_payload(selectors.round_for_lead(request.user, slug, round_id)))


class AgreedAnswerView(APIView):
    @extend_schema(
        request=AgreedSerializer,
        responses={200: ResultsSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=["self-assessment"],
    )
    def put(self, request, slug, round_id, statement_key):
        serializer = AgreedSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.moderate(request.user, slug, round_id, statement_key, data["value"], data["reason"])
        return Response(results_payload(selectors.round_for_lead(request.user, slug, round_id)))

    @extend_schema(responses={204: None, **error_responses(401, 403, 404, 429)}, tags=["self-assessment"])
    def delete(self, request, slug, round_id, statement_key):
        services.remove_moderation(request.user, slug, round_id, statement_key)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RoundStatementsView(APIView):
    @extend_schema(responses={200: StatementsSerializer, **error_responses(401, 404, 429)}, tags=["self-assessment"])
    def get(self, request, round_id):
        invitation = selectors.invitation_for(request.user, round_id)
        round_ = invitation.round
        domains = [
            {
                **{k: d[k] for k in ("key", "title", "description")},
                "statements": [
                    {**s, "choices": answer_choices(s["kind"], s.get("applicability", False))} for s in d["statements"]
                ],
            }
            for d in round_.snapshot["domains"]
        ]
        return Response({"round": round_.pk, "is_anonymous": round_.is_anonymous, "domains": domains})


class MyResponseView(APIView):
    @extend_schema(responses={200: ResponseSerializer, **error_responses(401, 404, 429)}, tags=["self-assessment"])
    def get(self, request, round_id):
        invitation = selectors.invitation_for(request.user, round_id)
        answers = {key: {"value": a.value, "note": a.note} for key, a in selectors.my_answers(invitation).items()}
        return Response({"answers": answers, "submitted_at": invitation.submitted_at})

    @extend_schema(
        request=ResponseSerializer,
        responses={200: ResponseSerializer, **error_responses(400, 401, 403, 404, 409, 429)},
        tags=["self-assessment"],
    )
    def put(self, request, round_id):
        serializer = ResponseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        invitation = services.save_answers(request.user, round_id, serializer.validated_data["answers"])
        answers = {key: {"value": a.value, "note": a.note} for key, a in selectors.my_answers(invitation).items()}
        return Response({"answers": answers, "submitted_at": invitation.submitted_at})


class SubmitResponseView(APIView):
    @extend_schema(
        request=None,
        responses={200: ResponseSerializer, **error_responses(401, 403, 404, 409, 429)},
        tags=["self-assessment"],
    )
    def post(self, request, round_id):
        invitation = services.submit_response(request.user, round_id)
        answers = {key: {"value": a.value, "note": a.note} for key, a in selectors.my_answers(invitation).items()}
        return Response({"answers": answers, "submitted_at": invitation.submitted_at})
