"""API v1 for the continuum self-assessment: the same services and selectors as the pages."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from s2t_learn.api import fields as strict
from s2t_learn.api.exceptions import error_responses

from ..continuum import SETTINGS
from ..models import Round
from . import reading, selectors, services
from . import snapshot as snap
from .forms import answer_choices


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


class StatementSerializer(serializers.Serializer):
    key = strict.CharField()
    kind = strict.CharField()
    level = strict.CharField(allow_null=True)
    text = strict.CharField()
    evidence = strict.CharField(allow_blank=True)
    basis = strict.CharField(allow_blank=True, required=False, help_text="The level definition it tests.")
    essential = strict.BooleanField(required=False)
    applicability = strict.BooleanField(required=False, help_text="'Not applicable' may be answered.")
    choices = serializers.ListField(child=serializers.ListField(child=strict.CharField()))


class DomainSerializer(serializers.Serializer):
    key = strict.CharField()
    title = strict.CharField()
    description = strict.CharField(allow_blank=True)
    statements = StatementSerializer(many=True)


class StatementsSerializer(serializers.Serializer):
    round = strict.IntegerField()
    is_anonymous = strict.BooleanField()
    domains = DomainSerializer(many=True)


class AnswerValueSerializer(serializers.Serializer):
    value = strict.CharField(allow_blank=True)
    note = strict.CharField(allow_blank=True, required=False, max_length=1000)


class ResponseSerializer(serializers.Serializer):
    answers = serializers.DictField(child=AnswerValueSerializer())
    submitted_at = serializers.DateTimeField(allow_null=True, read_only=True)


class AgreedSerializer(serializers.Serializer):
    value = strict.CharField()
    reason = strict.CharField(max_length=2000)


class DomainResultSerializer(serializers.Serializer):
    key = strict.CharField()
    title = strict.CharField()
    level = strict.IntegerField()
    level_label = strict.CharField()
    progress = strict.IntegerField()
    display = strict.CharField()
    holding = serializers.ListField(child=strict.CharField(), help_text="Statements that hold it at its level.")
    to_move_up = serializers.ListField(child=strict.CharField(), help_text="Statements that would lift it one step.")
    unknown = serializers.ListField(child=strict.CharField())
    status = strict.CharField(help_text="placed, or not_enough_information (not a continuum level)")
    status_label = strict.CharField()
    progress_text = strict.CharField(help_text="The progress in words, e.g. '3 of 4 Competent statements met'.")
    provisional = strict.BooleanField(help_text="A harmful practice named by fewer than half awaits moderation.")
    undecided = serializers.ListField(child=strict.CharField())
    minority_flags = serializers.ListField(child=strict.CharField())


class StatementResultSerializer(serializers.Serializer):
    key = strict.CharField()
    value = strict.CharField(allow_null=True)
    source = strict.CharField(help_text="agreed, median (unmoderated) or unknown")
    spread = serializers.DictField(
        child=strict.IntegerField(),
        allow_null=True,
        help_text="Hidden (null) in anonymous rounds below 3 answers.",
    )


class ModerationEntrySerializer(serializers.Serializer):
    statement = strict.CharField()
    value = strict.CharField(allow_blank=True, help_text="Empty: left as the group said.")
    group_value = strict.CharField(allow_blank=True)
    reason = strict.CharField()
    decided_by = strict.CharField(allow_null=True)
    decided_at = serializers.DateTimeField()


class ResultsSerializer(serializers.Serializer):
    round = strict.IntegerField()
    release = strict.CharField(help_text="live (named), waiting, released or withheld")
    visible = strict.BooleanField(help_text="False: withheld to protect anonymity; only the count is given.")
    release_minimum = strict.IntegerField(help_text="Sent answers an anonymous round needs before release.")
    provisional = strict.BooleanField(help_text="Flagged statements remain undiscussed.")
    overall = strict.IntegerField(allow_null=True)
    overall_label = strict.CharField(allow_null=True)
    rule = strict.CharField()
    status = strict.CharField(help_text="placed, not_enough_information, or withheld (results not released)")
    provisional = strict.BooleanField()
    rule_version = strict.IntegerField()
    rule_summary = serializers.ListField(child=strict.CharField())
    framework_version = strict.IntegerField(allow_null=True)
    setting = strict.CharField(allow_blank=True)
    respondent_count = strict.IntegerField(help_text="People who sent their answers.")
    domains = DomainResultSerializer(many=True)
    statements = StatementResultSerializer(many=True)
    discussion = serializers.ListField(child=strict.CharField())
    moderation = ModerationEntrySerializer(many=True)


RULE = (
    "Overall is the lowest domain (a limiting judgement): proficient practice is consistent throughout. "
    "This rule is this platform's own reading of the continuum of practice (c) 2015 David Mandel & Associates LLC."
)


def results_payload(round_):
    data = selectors.results(round_)
    rule = snap.rule_of(round_.snapshot)
    base = {
        "round": round_.pk,
        "release": str(data["release"]),
        "visible": data["visible"],
        "release_minimum": data["minimum"],
        # Flagged statements undiscussed (moderation), or a minority harmful-practice flag (placement).
        "provisional": data["provisional"],
        "rule": RULE,
        "status": "withheld",
        "rule_version": rule.version,
        "rule_summary": [],
        "framework_version": snap.framework_label(round_.snapshot)["version"],
        "setting": round_.snapshot.get("setting") or "",
        "respondent_count": data["respondent_count"],
        "overall": None,
        "overall_label": None,
        "domains": [],
        "statements": [],
        "discussion": [],
        "moderation": [],
    }
    if not data["visible"]:
        return base
    placement = data["placement"]
    return {
        **base,
        "status": placement.status,
        "provisional": data["provisional"] or placement.provisional,
        "rule_summary": [str(sentence) for sentence in reading.rule_summary(rule)],
        "overall": int(placement.overall) if placement.overall else None,
        "overall_label": placement.overall.label if placement.overall else None,
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
        "moderation": [
            {
                "statement": key,
                "value": entry.value,
                "group_value": entry.group_value,
                "reason": entry.reason,
                "decided_by": entry.decided_by.display_name if entry.decided_by else None,
                "decided_at": entry.decided_at,
            }
            for key in data["statements"]
            for entry in data["history"].get(key, [])
        ],
    }


class RoundsView(generics.GenericAPIView):
    serializer_class = RoundSerializer

    @extend_schema(
        responses={200: RoundSerializer(many=True), **error_responses(400, 401, 403, 404, 429)},
        tags=["self-assessment"],
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
            closes_on=data.get("closes_on"),
            close_on_date=data["close_on_date"],
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


class RoundRemindView(APIView):
    @extend_schema(
        request=None,
        responses={200: RemindResultSerializer, **error_responses(401, 403, 404, 409, 429)},
        tags=["self-assessment"],
    )
    def post(self, request, slug, round_id):
        return Response({"reminded": services.remind_unsent(request.user, slug, round_id)})


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
        round_ = services.set_close_date(request.user, slug, round_id, data["closes_on"], data["close_on_date"])
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
        round_ = services.extend_round(request.user, slug, round_id, data["closes_on"], data["close_on_date"])
        return Response(RoundSerializer(round_).data)


class RoundConvertView(APIView):
    @extend_schema(
        request=None,
        responses={200: RoundSerializer, **error_responses(401, 403, 404, 409, 429)},
        tags=["self-assessment"],
    )
    def post(self, request, slug, round_id):
        return Response(RoundSerializer(services.convert_to_named(request.user, slug, round_id)).data)


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
        responses={200: ResultsSerializer, **error_responses(400, 401, 403, 404, 409, 429)},
        tags=["self-assessment"],
    )
    def put(self, request, slug, round_id, statement_key):
        serializer = AgreedSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.moderate(request.user, slug, round_id, statement_key, data["value"], data["reason"])
        return Response(results_payload(selectors.round_for_lead(request.user, slug, round_id)))

    @extend_schema(responses={204: None, **error_responses(401, 403, 404, 409, 429)}, tags=["self-assessment"])
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
        answers = selectors.my_answers_and_notes(invitation)
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
        answers = selectors.my_answers_and_notes(invitation)
        return Response({"answers": answers, "submitted_at": invitation.submitted_at})


class SubmitResponseView(APIView):
    @extend_schema(
        request=None,
        responses={200: ResponseSerializer, **error_responses(401, 403, 404, 409, 429)},
        tags=["self-assessment"],
    )
    def post(self, request, round_id):
        invitation = services.submit_response(request.user, round_id)
        answers = selectors.my_answers_and_notes(invitation)
        return Response({"answers": answers, "submitted_at": invitation.submitted_at})
