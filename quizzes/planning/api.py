"""API v1 for next steps, assigned learning, targets, the action plan, comparisons and reports.
The same services and selectors as the pages."""

from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from s2t_learn.api import fields as strict
from s2t_learn.api.exceptions import ErrorSerializer, error_responses

from ..assessment import selectors as assessment_selectors
from ..models import ActionItem, ReportJob
from . import selectors, services

TAGS = ["action planning"]


class LinkExpiredError(exceptions.APIException):
    status_code = 410
    default_code = "link_expired"
    default_detail = "This download link has expired or is not valid. Ask for the report again to get a fresh link."


EXPIRED = {
    410: OpenApiResponse(ErrorSerializer, description="The download link has expired, was altered, or is not ready.")
}


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


class RoundRecommendationsView(APIView):
    @extend_schema(
        responses={200: NextStepsSerializer, **error_responses(401, 403, 404, 409, 429)},
        tags=TAGS,
        summary="The next steps for a closed round, in the order to take them",
    )
    def get(self, request, slug, round_id):
        round_ = assessment_selectors.round_for_lead(request.user, slug, round_id)
        if round_.is_open:
            raise services.RoundStillOpen
        placement = selectors.placements_for([round_])[round_.pk]
        if placement is None:
            from ..assessment.services import ResultsWithheld

            raise ResultsWithheld
        return Response(
            {
                "round": round_.pk,
                "overall": int(placement.overall) if placement.overall else None,
                "steps": steps_payload(selectors.next_steps(placement, round_.snapshot.get("setting") or "")),
            }
        )


# ---------------------------------------------------------------- assigning a recommendation's learning


class AssignFromRecommendationSerializer(serializers.Serializer):
    team = strict.IntegerField(required=False, allow_null=True, help_text="Leave out for everyone.")
    due_date = serializers.DateField()


class AssignmentSummarySerializer(serializers.Serializer):
    id = strict.IntegerField()
    module = strict.IntegerField()
    module_title = strict.CharField()
    team = strict.IntegerField(allow_null=True)
    due_date = serializers.DateField(allow_null=True)


class AssignResultSerializer(serializers.Serializer):
    recommendation = strict.CharField()
    created = AssignmentSummarySerializer(many=True)
    already_assigned = AssignmentSummarySerializer(many=True)


def assignment_summary(a):
    return {
        "id": a.pk,
        "module": a.module_id,
        "module_title": a.module.title,
        "team": a.team_id,
        "due_date": a.due_date,
    }


class RecommendationAssignmentsView(APIView):
    @extend_schema(
        request=AssignFromRecommendationSerializer,
        responses={201: AssignResultSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=TAGS,
        summary="Assign every module linked to a recommendation to everyone or a team, with a due date",
    )
    def post(self, request, slug, round_id, key):
        round_ = assessment_selectors.round_for_lead(request.user, slug, round_id)
        serializer = AssignFromRecommendationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        result = services.assign_recommendation(
            request.user, slug, key, team_id=data.get("team"), due_date=data["due_date"], round_id=round_.pk
        )
        return Response(
            {
                "recommendation": key,
                "created": [assignment_summary(a) for a in result.created],
                "already_assigned": [assignment_summary(a) for a in result.already],
            },
            status=status.HTTP_201_CREATED,
        )


class CompletionSerializer(serializers.Serializer):
    assignment = strict.IntegerField()
    module = strict.IntegerField()
    module_title = strict.CharField()
    team = strict.IntegerField(allow_null=True)
    due_date = serializers.DateField(allow_null=True)
    recommendation = strict.CharField(allow_blank=True, help_text="The recommendation it was assigned from.")
    people = strict.IntegerField(help_text="How many people it is for.")
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


class AssignmentCompletionView(generics.GenericAPIView):
    serializer_class = CompletionSerializer

    @extend_schema(
        responses={200: CompletionSerializer(many=True), **error_responses(400, 401, 403, 404, 429)},
        tags=TAGS,
        summary="Completion of each assignment: counts only, withheld for small or too-close groups",
    )
    def get(self, request, slug):
        _membership, rows = selectors.assignments_with_completion(request.user, slug)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(
            [
                {
                    "assignment": row.assignment.pk,
                    "module": row.assignment.module_id,
                    "module_title": row.assignment.module.title,
                    "team": row.assignment.team_id,
                    "due_date": row.assignment.due_date,
                    "recommendation": row.recommendation_title,
                    "people": row.audience,
                    "withheld": row.withheld,
                    "reason": row.reason,
                    "completed": row.completed,
                    "started": row.started,
                    "not_started": row.not_started,
                }
                for row in page
            ]
        )


# ---------------------------------------------------------------- targets


class TargetSerializer(serializers.Serializer):
    domain = strict.CharField()
    title = strict.CharField()
    current = strict.IntegerField(allow_null=True, help_text="Level in the latest closed round.")
    current_display = strict.CharField(allow_null=True)
    target = strict.IntegerField(allow_null=True, help_text="2 Neglectful to 5 Proficient; null: no target.")
    target_label = strict.CharField(allow_null=True)
    gap = strict.IntegerField(allow_null=True, help_text="Levels still to climb; 0 when reached.")


class SetTargetsSerializer(serializers.Serializer):
    targets = serializers.DictField(
        child=strict.IntegerField(allow_null=True),
        help_text="Area key to target level (2-5), or null to clear it. Areas left out are unchanged.",
    )


def targets_payload(rows):
    return [
        {
            "domain": row.key,
            "title": row.title,
            "current": int(row.current.level) if row.current else None,
            "current_display": row.current.display if row.current else None,
            "target": row.target,
            "target_label": row.target_label,
            "gap": row.gap,
        }
        for row in rows
    ]


class TargetsView(APIView):
    @extend_schema(
        responses={200: TargetSerializer(many=True), **error_responses(401, 403, 404, 429)},
        tags=TAGS,
        summary="Each area's level now, its target and the gap",
    )
    def get(self, request, slug):
        return Response(targets_payload(selectors.targets_context(request.user, slug)["target_rows"]))

    @extend_schema(
        request=SetTargetsSerializer,
        responses={200: TargetSerializer(many=True), **error_responses(400, 401, 403, 404, 429)},
        tags=TAGS,
        summary="Set or clear target levels",
    )
    def put(self, request, slug):
        serializer = SetTargetsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.set_targets(request.user, slug, serializer.validated_data["targets"])
        return Response(targets_payload(selectors.targets_context(request.user, slug)["target_rows"]))


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
    return {k: v for k, v in data.items() if k in services.ITEM_FIELDS}


class ActionItemsView(generics.GenericAPIView):
    serializer_class = ActionItemSerializer

    @extend_schema(
        responses={200: ActionItemSerializer(many=True), **error_responses(400, 401, 403, 404, 429)},
        tags=TAGS,
        summary="The organisation's action plan",
    )
    def get(self, request, slug):
        page = self.paginate_queryset(selectors.action_items_for(request.user, slug).order_by("created_at"))
        return self.get_paginated_response(ActionItemSerializer(page, many=True).data)

    @extend_schema(
        request=NewActionItemSerializer,
        responses={201: ActionItemSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=TAGS,
        summary="Add an action item, by hand or from a recommendation",
    )
    def post(self, request, slug):
        serializer = NewActionItemSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        key, round_id = data.pop("recommendation", None), data.pop("round", None)
        if key and not (data.get("outcome") and data.get("action")):
            item, _created = services.add_from_recommendation(request.user, slug, key, round_id=round_id)
            fields = _service_data(data)
            if fields:
                item = services.update_action_item(request.user, slug, item.pk, fields)
        else:
            item = services.create_action_item(
                request.user, slug, _service_data(data), recommendation_key=key, round_id=round_id
            )
        return Response(ActionItemSerializer(item).data, status=status.HTTP_201_CREATED)


class ActionItemView(APIView):
    @extend_schema(
        responses={200: ActionItemSerializer, **error_responses(401, 403, 404, 429)}, tags=TAGS, summary="One item"
    )
    def get(self, request, slug, item_id):
        return Response(ActionItemSerializer(selectors.action_item_for(request.user, slug, item_id)).data)

    @extend_schema(
        request=ActionItemSerializer,
        responses={200: ActionItemSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=TAGS,
        summary="Change an item (status, lead, date, note...)",
    )
    def patch(self, request, slug, item_id):
        serializer = ActionItemSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        item = services.update_action_item(request.user, slug, item_id, _service_data(serializer.validated_data))
        return Response(ActionItemSerializer(item).data)

    @extend_schema(responses={204: None, **error_responses(401, 403, 404, 429)}, tags=TAGS, summary="Remove an item")
    def delete(self, request, slug, item_id):
        services.delete_action_item(request.user, slug, item_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


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


class ComparisonView(APIView):
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
        context = selectors.comparison(request.user, slug, round_id, strict.query_int(request, "with"))
        if context["before"] is None:
            raise exceptions.NotFound("This round has no previous round to compare with. Add ?with=<round id>.")
        return Response(comparison_payload(context))


# ---------------------------------------------------------------- reassessment


class ReassessSerializer(serializers.Serializer):
    title = strict.CharField(max_length=200)
    framework = serializers.ChoiceField(choices=["same", "current"], default="same")
    invite_previous = strict.BooleanField(default=True)


class NewRoundSerializer(serializers.Serializer):
    id = strict.IntegerField()
    title = strict.CharField()
    previous = strict.IntegerField()
    framework = strict.CharField()


class ReassessView(APIView):
    @extend_schema(
        request=ReassessSerializer,
        responses={201: NewRoundSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=TAGS,
        summary="Open the next round from this one (same framework snapshot or the current framework)",
    )
    def post(self, request, slug, round_id):
        serializer = ReassessSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        round_ = services.start_reassessment(
            request.user,
            slug,
            round_id,
            data["title"],
            framework=data["framework"],
            invite_previous=data["invite_previous"],
        )
        framework = round_.snapshot.get("framework", {})
        return Response(
            {
                "id": round_.pk,
                "title": round_.title,
                "previous": round_.previous_id,
                "framework": f"{framework.get('name')} (version {framework.get('version')})",
            },
            status=status.HTTP_201_CREATED,
        )


# ---------------------------------------------------------------- reports


class ReportJobSerializer(strict.ModelSerializer):
    round = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    team = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    download_url = serializers.SerializerMethodField(help_text="Signed; works for 15 minutes. Null until done.")
    download_expires_at = serializers.SerializerMethodField()

    class Meta:
        model = ReportJob
        fields = [
            "id",
            "kind",
            "round",
            "team",
            "status",
            "created_at",
            "finished_at",
            "filename",
            "size",
            "download_url",
            "download_expires_at",
        ]

    def _token(self, obj):
        cache = self.context.setdefault("tokens", {})
        if obj.status != ReportJob.Status.DONE:
            return None
        if obj.pk not in cache:
            cache[obj.pk] = services.download_token(obj)
        return cache[obj.pk]

    def get_download_url(self, obj) -> str | None:
        token = self._token(obj)
        if token is None:
            return None
        path = reverse("api_report_download", args=[obj.organisation.slug, obj.pk, token])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_download_expires_at(self, obj) -> str | None:
        token = self._token(obj)
        return services.download_expires_at(token).isoformat() if token else None


class NewReportSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportJob.Kind.choices)
    round = strict.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text="Needed for round reports. For the action plan: a closed round of the plan's scope to read "
        "where things stand from (default: its latest released round).",
    )
    team = strict.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text="Action plan only: the team whose plan it is (default: the whole organisation's).",
    )


class ReportsView(generics.GenericAPIView):
    serializer_class = ReportJobSerializer

    @extend_schema(
        responses={200: ReportJobSerializer(many=True), **error_responses(400, 401, 403, 404, 429)},
        tags=TAGS,
        summary="Report jobs, newest first",
    )
    def get(self, request, slug):
        _membership, jobs = selectors.report_jobs_for(request.user, slug)
        page = self.paginate_queryset(jobs.select_related("organisation"))
        return self.get_paginated_response(ReportJobSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(
        request=NewReportSerializer,
        responses={202: ReportJobSerializer, **error_responses(400, 401, 403, 404, 409, 429)},
        tags=TAGS,
        summary="Ask for a report; poll the job until its status is done, then download it",
    )
    def post(self, request, slug):
        serializer = NewReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        job = services.request_report(request.user, slug, data["kind"], data.get("round"), team_id=data.get("team"))
        job = selectors.report_job_for(request.user, slug, job.pk)
        return Response(ReportJobSerializer(job, context={"request": request}).data, status=status.HTTP_202_ACCEPTED)


class ReportView(APIView):
    @extend_schema(
        responses={200: ReportJobSerializer, **error_responses(401, 403, 404, 429)}, tags=TAGS, summary="Poll a job"
    )
    def get(self, request, slug, job_id):
        job = selectors.report_job_for(request.user, slug, job_id)
        return Response(ReportJobSerializer(job, context={"request": request}).data)


class ReportDownloadView(APIView):
    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (200, "text/csv"): OpenApiTypes.BINARY,
            **error_responses(401, 403, 404, 429),
            **EXPIRED,
        },
        tags=TAGS,
        summary="Download a finished report with its signed link",
    )
    def get(self, request, slug, job_id, token):
        try:
            job = services.job_for_download(request.user, slug, job_id, token)
        except services.LinkExpired as exc:
            raise LinkExpiredError from exc
        response = HttpResponse(bytes(job.content), content_type=job.content_type)
        response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
        response["Cache-Control"] = "private, no-store"
        return response
