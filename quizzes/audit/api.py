"""API v1 for case-file audits: the same services and selectors as the pages.

Each view names what it reads (`InputSerializer`) and answers (`OutputSerializer`), and answers only
through them, so the response is what the schema says."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from s2t_learn.access import OrganisationAPIMixin
from s2t_learn.api.exceptions import error_responses
from s2t_learn.models import Role
from s2t_learn.tabs import minimum_role as tab_role

from ..planning.reports.api import ReportJobSerializer
from . import api_serializers as io
from . import selectors, selectors_api, services

TAGS = ["case-file audits"]


class AuditsView(OrganisationAPIMixin, generics.GenericAPIView):
    """The case-file audits: a lead sees every audit, a member those they read for; a lead sets one up."""

    minimum_role = tab_role("audits")
    minimum_roles = {"POST": Role.ASSESSMENT_LEAD}
    serializer_class = io.AuditSerializer
    InputSerializer = io.NewAuditSerializer
    OutputSerializer = io.AuditSerializer

    @extend_schema(responses={200: OutputSerializer(many=True), **error_responses(400, 401, 403, 404, 429)}, tags=TAGS)
    def get(self, request, slug):
        audits = selectors.audit_list_for(membership=self.membership)
        page = self.paginate_queryset(audits)
        return self.get_paginated_response(self.OutputSerializer(page, many=True).data)

    @extend_schema(
        request=InputSerializer,
        responses={201: OutputSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=TAGS,
    )
    def post(self, request, slug):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        audit = services.create_audit(membership=self.membership, data=serializer.validated_data)
        return Response(self.OutputSerializer(audit).data, status=status.HTTP_201_CREATED)


class AuditView(OrganisationAPIMixin, APIView):
    """One audit, for a lead or one of its readers."""

    OutputSerializer = io.AuditSerializer

    @extend_schema(responses={200: OutputSerializer, **error_responses(401, 404, 429)}, tags=TAGS)
    def get(self, request, slug, audit_id):
        audit, _is_lead = selectors.audit_for_member(membership=self.membership, audit_id=audit_id)
        return Response(self.OutputSerializer(audit).data)


class ReadersView(OrganisationAPIMixin, APIView):
    """The audit's readers, for a lead, who adds them."""

    minimum_role = Role.ASSESSMENT_LEAD
    InputSerializer = io.AuditNewReaderSerializer
    OutputSerializer = io.AuditReaderSerializer

    @extend_schema(responses={200: OutputSerializer(many=True), **error_responses(401, 403, 404, 429)}, tags=TAGS)
    def get(self, request, slug, audit_id):
        audit = selectors.audit_for_lead(membership=self.membership, audit_id=audit_id)
        return Response(self.OutputSerializer(selectors.readers(audit), many=True).data)

    @extend_schema(
        request=InputSerializer,
        responses={201: OutputSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=TAGS,
    )
    def post(self, request, slug, audit_id):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        reader = services.add_reader(
            membership=self.membership, audit_id=audit_id, user_id=data["user"], background=data["background"]
        )
        return Response(self.OutputSerializer(reader).data, status=status.HTTP_201_CREATED)


class FilesView(OrganisationAPIMixin, APIView):
    """The audit's sample of files: a lead sees and adds every file, a reader sees their own."""

    minimum_roles = {"POST": Role.ASSESSMENT_LEAD}
    InputSerializer = io.AuditNewFileSerializer
    OutputSerializer = io.AuditFileSerializer

    @extend_schema(
        responses={200: OutputSerializer(many=True), **error_responses(401, 404, 429)},
        tags=TAGS,
        summary="Files: a lead sees every file; a reader only the files assigned to them",
    )
    def get(self, request, slug, audit_id):
        files = selectors_api.file_summaries_for(membership=self.membership, audit_id=audit_id)
        return Response(self.OutputSerializer(files, many=True).data)

    @extend_schema(
        request=InputSerializer,
        responses={201: OutputSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=TAGS,
        summary="Add a file (an opaque reference and its group) and assign it to two readers",
    )
    def post(self, request, slug, audit_id):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        file = services.add_file(
            membership=self.membership,
            audit_id=audit_id,
            reference=data["reference"],
            group=data["group"],
            reader_ids=data["readers"],
        )
        summary = selectors_api.file_summary(file, [m["key"] for m in file.audit.measures], is_lead=True)
        return Response(self.OutputSerializer(summary).data, status=status.HTTP_201_CREATED)


class ReadingView(OrganisationAPIMixin, APIView):
    """The caller's own reading of a file assigned to them, and their partner's once both have sent."""

    InputSerializer = io.AuditSaveReadingSerializer
    OutputSerializer = io.AuditReadingSerializer

    @extend_schema(responses={200: OutputSerializer, **error_responses(401, 404, 429)}, tags=TAGS)
    def get(self, request, slug, audit_id, file_id):
        _audit, reading = selectors.reading_for(membership=self.membership, audit_id=audit_id, file_id=file_id)
        return Response(self.OutputSerializer(selectors_api.reading_view(reading)).data)

    @extend_schema(
        request=InputSerializer,
        responses={200: OutputSerializer, **error_responses(400, 401, 404, 409, 429)},
        tags=TAGS,
        summary="Save your own ratings of a file; send them to make them final",
    )
    def put(self, request, slug, audit_id, file_id):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        reading = services.save_reading(
            membership=self.membership, audit_id=audit_id, file_id=file_id, ratings=data["ratings"], send=data["send"]
        )
        return Response(self.OutputSerializer(selectors_api.reading_view(reading)).data)


class AgreementView(OrganisationAPIMixin, APIView):
    """The agreed rating for a measure where the file's two readers differed."""

    InputSerializer = io.AuditAgreedSerializer
    OutputSerializer = io.AuditAgreedSerializer

    @extend_schema(
        request=InputSerializer,
        responses={200: OutputSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=TAGS,
        summary="Agree a rating where the two readers differed (either reader, or a lead)",
    )
    def put(self, request, slug, audit_id, file_id, measure_key):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        agreed = services.agree_rating(
            membership=self.membership,
            audit_id=audit_id,
            file_id=file_id,
            measure_key=measure_key,
            value=data["value"],
            reason=data["reason"],
        )
        return Response(self.OutputSerializer(agreed).data)


class ResultsView(OrganisationAPIMixin, APIView):
    """The audit's results, measure by measure, for a lead."""

    minimum_role = Role.ASSESSMENT_LEAD
    OutputSerializer = io.AuditResultsSerializer

    @extend_schema(responses={200: OutputSerializer, **error_responses(401, 403, 404, 429)}, tags=TAGS)
    def get(self, request, slug, audit_id):
        audit = selectors.audit_for_lead(membership=self.membership, audit_id=audit_id)
        return Response(self.OutputSerializer(selectors_api.results_view(audit)).data)


class ComparisonView(OrganisationAPIMixin, APIView):
    """The audit against the earlier one, for a lead."""

    minimum_role = Role.ASSESSMENT_LEAD
    OutputSerializer = io.AuditComparisonSerializer

    @extend_schema(
        responses={200: OutputSerializer, **error_responses(401, 403, 404, 429)},
        tags=TAGS,
        summary="This audit against the earlier one, measure by measure, with notes on the samples",
    )
    def get(self, request, slug, audit_id):
        audit = selectors.audit_for_lead(membership=self.membership, audit_id=audit_id)
        return Response(self.OutputSerializer(selectors_api.comparison_view(audit)).data)


class AuditReportsView(OrganisationAPIMixin, APIView):
    """The audit's PDF report or CSV data, made by the worker, for a lead."""

    minimum_role = Role.ASSESSMENT_LEAD
    InputSerializer = io.NewAuditReportSerializer
    OutputSerializer = ReportJobSerializer

    @extend_schema(
        request=InputSerializer,
        responses={202: OutputSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=TAGS,
        summary="Ask for the audit's PDF report or CSV data; poll the job under /reports/",
    )
    def post(self, request, slug, audit_id):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = services.request_report(
            membership=self.membership, audit_id=audit_id, kind=serializer.validated_data["kind"]
        )
        return Response(self.OutputSerializer(job, context={"request": request}).data, status=status.HTTP_202_ACCEPTED)
