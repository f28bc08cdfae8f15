"""API v1 for a round's results and moderation."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from s2t_learn.api import fields as strict
from s2t_learn.api.exceptions import error_responses
from s2t_learn.selectors import membership_for

from .. import reading, selectors
from .. import snapshot as snap
from . import services as results_services


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


class RoundResultsView(APIView):
    @extend_schema(responses={200: ResultsSerializer, **error_responses(401, 403, 404, 429)}, tags=["self-assessment"])
    def get(self, request, slug, round_id):
        return Response(
            results_payload(selectors.round_for_lead(membership=membership_for(request.user, slug), round_id=round_id))
        )


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
        results_services.moderate(request.user, slug, round_id, statement_key, data["value"], data["reason"])
        return Response(
            results_payload(selectors.round_for_lead(membership=membership_for(request.user, slug), round_id=round_id))
        )

    @extend_schema(responses={204: None, **error_responses(401, 403, 404, 409, 429)}, tags=["self-assessment"])
    def delete(self, request, slug, round_id, statement_key):
        results_services.remove_moderation(request.user, slug, round_id, statement_key)
        return Response(status=status.HTTP_204_NO_CONTENT)
