"""API v1 for reassessment and reports."""

from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from s2t_learn.access import OrganisationAPIMixin
from s2t_learn.api import fields as strict
from s2t_learn.api.exceptions import ErrorSerializer, error_responses
from s2t_learn.models import Role

from ...models import ReportJob
from . import selectors as report_selectors
from . import services as report_services

TAGS = ["action planning"]


class LinkExpiredError(exceptions.APIException):
    status_code = 410
    default_code = "link_expired"
    default_detail = "This download link has expired or is not valid. Ask for the report again to get a fresh link."


EXPIRED = {
    410: OpenApiResponse(ErrorSerializer, description="The download link has expired, was altered, or is not ready.")
}


# ---------------------------------------------------------------- reassessment


class ReassessView(OrganisationAPIMixin, APIView):
    """Open the next round from this one."""

    minimum_role = Role.ASSESSMENT_LEAD

    class InputSerializer(serializers.Serializer):
        title = strict.CharField(max_length=200)
        framework = serializers.ChoiceField(choices=["same", "current"], default="same")
        invite_previous = strict.BooleanField(default=True)

        class Meta:
            ref_name = "Reassess"

    class OutputSerializer(serializers.Serializer):
        id = strict.IntegerField()
        title = strict.CharField()
        previous = strict.IntegerField(source="previous_id")
        framework = serializers.SerializerMethodField()

        class Meta:
            ref_name = "NewRound"

        def get_framework(self, round_) -> str:
            framework = round_.snapshot.get("framework", {})
            return f"{framework.get('name')} (version {framework.get('version')})"

    @extend_schema(
        request=InputSerializer,
        responses={201: OutputSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=TAGS,
        summary="Open the next round from this one (same framework snapshot or the current framework)",
    )
    def post(self, request, slug, round_id):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        round_ = report_services.start_reassessment(
            membership=self.membership,
            round_id=round_id,
            title=data["title"],
            framework=data["framework"],
            invite_previous=data["invite_previous"],
        )
        return Response(self.OutputSerializer(round_).data, status=status.HTTP_201_CREATED)


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
            cache[obj.pk] = report_services.download_token(obj)
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
        return report_services.download_expires_at(token).isoformat() if token else None


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


class ReportsView(OrganisationAPIMixin, generics.GenericAPIView):
    """Report jobs: list them, or ask for a report."""

    minimum_role = Role.ASSESSMENT_LEAD
    InputSerializer = NewReportSerializer
    OutputSerializer = ReportJobSerializer
    serializer_class = ReportJobSerializer

    @extend_schema(
        responses={200: ReportJobSerializer(many=True), **error_responses(400, 401, 403, 404, 429)},
        tags=TAGS,
        summary="Report jobs, newest first",
    )
    def get(self, request, slug):
        jobs = report_selectors.report_jobs_for(membership=self.membership)
        page = self.paginate_queryset(jobs.select_related("organisation"))
        return self.get_paginated_response(self.OutputSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(
        request=InputSerializer,
        responses={202: OutputSerializer, **error_responses(400, 401, 403, 404, 409, 429)},
        tags=TAGS,
        summary="Ask for a report; poll the job until its status is done, then download it",
    )
    def post(self, request, slug):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        job = report_services.request_report(
            membership=self.membership, kind=data["kind"], round_id=data.get("round"), team_id=data.get("team")
        )
        job = report_selectors.report_job_for(membership=self.membership, job_id=job.pk)
        return Response(self.OutputSerializer(job, context={"request": request}).data, status=status.HTTP_202_ACCEPTED)


class ReportView(OrganisationAPIMixin, APIView):
    """One report job."""

    minimum_role = Role.ASSESSMENT_LEAD
    OutputSerializer = ReportJobSerializer

    @extend_schema(
        responses={200: OutputSerializer, **error_responses(401, 403, 404, 429)}, tags=TAGS, summary="Poll a job"
    )
    def get(self, request, slug, job_id):
        job = report_selectors.report_job_for(membership=self.membership, job_id=job_id)
        return Response(self.OutputSerializer(job, context={"request": request}).data)


class ReportDownloadView(OrganisationAPIMixin, APIView):
    """A finished report's file, by a signed link."""

    minimum_role = Role.ASSESSMENT_LEAD

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
            job = report_services.job_for_download(membership=self.membership, job_id=job_id, token=token)
        except report_services.LinkExpired as exc:
            raise LinkExpiredError from exc
        response = HttpResponse(bytes(job.content), content_type=job.content_type)
        response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
        response["Cache-Control"] = "private, no-store"
        return response
