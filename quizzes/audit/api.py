"""API v1 for case-file audits: the same services and selectors as the pages."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from quizzes.planning.reports import selectors as report_selectors
from s2t_learn.api import fields as strict
from s2t_learn.api.exceptions import error_responses
from s2t_learn.selectors import membership_for

from ..models import Audit, AuditReader
from ..models.audit import RATING_VALUES
from ..planning.reports.api import ReportJobSerializer
from . import selectors, services

TAGS = ["case-file audits"]


class AuditMeasureSerializer(serializers.Serializer):
    key = strict.CharField()
    title = strict.CharField()
    question = strict.CharField()
    guidance = strict.CharField()
    fully = strict.CharField()
    partially = strict.CharField()
    not_met = strict.CharField()
    domain_key = strict.CharField(allow_blank=True)


class AuditSerializer(strict.ModelSerializer):
    measures = serializers.SerializerMethodField()
    previous = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Audit
        fields = [
            "id",
            "title",
            "period_start",
            "period_end",
            "sample_criteria",
            "groups",
            "previous",
            "created_at",
            "measures",
        ]

    @extend_schema_field(AuditMeasureSerializer(many=True))
    def get_measures(self, obj):
        return AuditMeasureSerializer(obj.measures, many=True).data


class NewAuditSerializer(serializers.Serializer):
    title = strict.CharField(max_length=200)
    period_start = serializers.DateField(required=False, allow_null=True)
    period_end = serializers.DateField(required=False, allow_null=True)
    sample_criteria = strict.CharField(required=False, allow_blank=True, max_length=2000)
    groups = serializers.ListField(child=strict.CharField(max_length=80), min_length=1, max_length=6)
    previous = strict.IntegerField(required=False, allow_null=True)


class AuditReaderSerializer(strict.ModelSerializer):
    name = strict.CharField(source="user.display_name", read_only=True)

    class Meta:
        model = AuditReader
        fields = ["id", "user", "name", "background"]
        read_only_fields = ["id", "name"]


class AuditNewReaderSerializer(serializers.Serializer):
    user = strict.IntegerField()
    background = strict.CharField(max_length=120)


class AuditRatingSerializer(serializers.Serializer):
    value = serializers.ChoiceField(choices=RATING_VALUES + [""], allow_blank=True)
    reason = strict.CharField(allow_blank=True, required=False, max_length=500)


class AuditFileSerializer(serializers.Serializer):
    id = strict.IntegerField()
    reference = strict.CharField()
    group = strict.CharField()
    readers = serializers.ListField(child=strict.IntegerField(), help_text="Audit reader ids.")
    sent = strict.IntegerField(help_text="How many of its two readers have sent their ratings.")
    final = serializers.DictField(
        child=strict.CharField(allow_null=True),
        help_text="Measure key to the final rating; null until both sent and any difference agreed. Leads only.",
        allow_null=True,
    )


class AuditNewFileSerializer(serializers.Serializer):
    reference = strict.CharField(max_length=40)
    group = strict.CharField(max_length=80)
    readers = serializers.ListField(child=strict.IntegerField(), min_length=2, max_length=2)


class AuditReadingSerializer(serializers.Serializer):
    file = strict.IntegerField()
    reference = strict.CharField()
    ratings = serializers.DictField(child=AuditRatingSerializer())
    sent_at = serializers.DateTimeField(allow_null=True)
    partner_sent = strict.BooleanField()
    partner_ratings = serializers.DictField(
        child=AuditRatingSerializer(), allow_null=True, help_text="Null until both readers have sent their ratings."
    )


class AuditSaveReadingSerializer(serializers.Serializer):
    ratings = serializers.DictField(child=AuditRatingSerializer())
    send = strict.BooleanField(default=False, help_text="Make the ratings final. They cannot change after.")


class AuditAgreedSerializer(serializers.Serializer):
    measure = strict.CharField(read_only=True)
    value = serializers.ChoiceField(choices=RATING_VALUES)
    reason = strict.CharField(max_length=1000)
    agreed_by = strict.CharField(read_only=True)
    agreed_at = serializers.DateTimeField(read_only=True)


class AuditSharesSerializer(serializers.Serializer):
    files = strict.IntegerField()
    withheld = strict.BooleanField(help_text="True below 5 rated files: no shares are given.")
    fully = strict.IntegerField(allow_null=True)
    partially = strict.IntegerField(allow_null=True)
    not_met = strict.IntegerField(allow_null=True)
    fully_or_partially = strict.IntegerField(allow_null=True)


class AuditAgreementSerializer(serializers.Serializer):
    pairs = strict.IntegerField()
    percent = strict.FloatField(allow_null=True)
    alpha = strict.FloatField(allow_null=True, help_text="Krippendorff's alpha, ordinal, before agreeing.")


class AuditMeasureResultSerializer(serializers.Serializer):
    key = strict.CharField()
    title = strict.CharField()
    all = AuditSharesSerializer()
    groups = serializers.DictField(child=AuditSharesSerializer())
    agreement = AuditAgreementSerializer()
    sentences = serializers.ListField(child=strict.CharField())


class AuditResultsSerializer(serializers.Serializer):
    audit = strict.IntegerField()
    files = strict.IntegerField()
    complete = strict.IntegerField()
    pending_agreement = strict.IntegerField()
    group_sizes = serializers.DictField(child=strict.IntegerField())
    measures = AuditMeasureResultSerializer(many=True)


class AuditComparisonColumnSerializer(serializers.Serializer):
    label = strict.CharField()
    shares = AuditSharesSerializer()


class AuditComparisonRowSerializer(serializers.Serializer):
    key = strict.CharField()
    title = strict.CharField()
    columns = AuditComparisonColumnSerializer(many=True)
    sentences = serializers.ListField(child=strict.CharField())


class AuditComparisonSerializer(serializers.Serializer):
    before = strict.IntegerField(allow_null=True)
    after = strict.IntegerField()
    rows = AuditComparisonRowSerializer(many=True)
    notes = serializers.ListField(child=strict.CharField())


class NewAuditReportSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[("audit_pdf", "PDF report"), ("audit_csv", "CSV data")])


def shares_payload(shares):
    return {
        "files": shares.files,
        "withheld": shares.withheld,
        "fully": shares.fully,
        "partially": shares.partially,
        "not_met": shares.not_met,
        "fully_or_partially": shares.fully_or_partially,
    }


def results_payload(audit):
    data = selectors.results(audit)
    return {
        "audit": audit.pk,
        "files": data["file_count"],
        "complete": data["complete"],
        "pending_agreement": data["pending_agreement"],
        "group_sizes": data["group_sizes"],
        "measures": [
            {
                "key": m["key"],
                "title": m["title"],
                "all": shares_payload(data["by_measure"][m["key"]]["all"]),
                "groups": {g: shares_payload(s) for g, s in data["by_measure"][m["key"]]["groups"].items()},
                "agreement": data["agreement"][m["key"]],
                "sentences": selectors.stats.measure_sentences(m["title"], data["by_measure"][m["key"]]["all"]),
            }
            for m in data["measures"]
        ],
    }


def file_payload(file, keys, is_lead):
    state = selectors.file_state(file, keys)
    return {
        "id": file.pk,
        "reference": file.reference,
        "group": file.group,
        "readers": [r.reader_id for r in file.readings.all()],
        "sent": state["sent"],
        "final": state["final"] if is_lead else None,
    }


def reading_payload(reading):
    partner = selectors.partner_reading(reading)
    visible = selectors.pair_view(reading, partner)
    return {
        "file": reading.file_id,
        "reference": reading.file.reference,
        "ratings": reading.ratings,
        "sent_at": reading.sent_at,
        "partner_sent": bool(partner and partner.sent_at),
        "partner_ratings": visible.ratings if visible else None,
    }


class AuditsView(generics.GenericAPIView):
    serializer_class = AuditSerializer

    @extend_schema(responses={200: AuditSerializer(many=True), **error_responses(400, 401, 403, 404, 429)}, tags=TAGS)
    def get(self, request, slug):
        _membership, audits = selectors.audit_list_for(request.user, slug)
        page = self.paginate_queryset(audits)
        return self.get_paginated_response(AuditSerializer(page, many=True).data)

    @extend_schema(
        request=NewAuditSerializer,
        responses={201: AuditSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=TAGS,
    )
    def post(self, request, slug):
        serializer = NewAuditSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        audit = services.create_audit(request.user, slug, serializer.validated_data)
        return Response(AuditSerializer(audit).data, status=status.HTTP_201_CREATED)


class AuditView(APIView):
    @extend_schema(responses={200: AuditSerializer, **error_responses(401, 404, 429)}, tags=TAGS)
    def get(self, request, slug, audit_id):
        _membership, audit, _is_lead = selectors.audit_for_member(request.user, slug, audit_id)
        return Response(AuditSerializer(audit).data)


class ReadersView(APIView):
    @extend_schema(responses={200: AuditReaderSerializer(many=True), **error_responses(401, 403, 404, 429)}, tags=TAGS)
    def get(self, request, slug, audit_id):
        audit = selectors.audit_for_lead(request.user, slug, audit_id)
        return Response(AuditReaderSerializer(selectors.readers(audit), many=True).data)

    @extend_schema(
        request=AuditNewReaderSerializer,
        responses={201: AuditReaderSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=TAGS,
    )
    def post(self, request, slug, audit_id):
        serializer = AuditNewReaderSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        reader = services.add_reader(request.user, slug, audit_id, data["user"], data["background"])
        return Response(AuditReaderSerializer(reader).data, status=status.HTTP_201_CREATED)


class FilesView(APIView):
    @extend_schema(
        responses={200: AuditFileSerializer(many=True), **error_responses(401, 404, 429)},
        tags=TAGS,
        summary="Files: a lead sees every file; a reader only the files assigned to them",
    )
    def get(self, request, slug, audit_id):
        audit, files, is_lead = selectors.files_visible_to(request.user, slug, audit_id)
        keys = [m["key"] for m in audit.measures]
        return Response([file_payload(f, keys, is_lead) for f in files])

    @extend_schema(
        request=AuditNewFileSerializer,
        responses={201: AuditFileSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=TAGS,
        summary="Add a file (an opaque reference and its group) and assign it to two readers",
    )
    def post(self, request, slug, audit_id):
        serializer = AuditNewFileSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        file = services.add_file(request.user, slug, audit_id, data["reference"], data["group"], data["readers"])
        file = selectors.file_with_readings(file.audit, file.pk)
        return Response(
            file_payload(file, [m["key"] for m in file.audit.measures], True), status=status.HTTP_201_CREATED
        )


class ReadingView(APIView):
    @extend_schema(responses={200: AuditReadingSerializer, **error_responses(401, 404, 429)}, tags=TAGS)
    def get(self, request, slug, audit_id, file_id):
        _audit, reading = selectors.reading_for(request.user, slug, audit_id, file_id)
        return Response(reading_payload(reading))

    @extend_schema(
        request=AuditSaveReadingSerializer,
        responses={200: AuditReadingSerializer, **error_responses(400, 401, 404, 409, 429)},
        tags=TAGS,
        summary="Save your own ratings of a file; send them to make them final",
    )
    def put(self, request, slug, audit_id, file_id):
        serializer = AuditSaveReadingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        reading = services.save_reading(request.user, slug, audit_id, file_id, data["ratings"], send=data["send"])
        return Response(reading_payload(reading))


class AgreementView(APIView):
    @extend_schema(
        request=AuditAgreedSerializer,
        responses={200: AuditAgreedSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=TAGS,
        summary="Agree a rating where the two readers differed (either reader, or a lead)",
    )
    def put(self, request, slug, audit_id, file_id, measure_key):
        serializer = AuditAgreedSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        agreed = services.agree_rating(
            request.user, slug, audit_id, file_id, measure_key, data["value"], data["reason"]
        )
        return Response(
            {
                "measure": agreed.measure_key,
                "value": agreed.value,
                "reason": agreed.reason,
                "agreed_by": request.user.display_name,
                "agreed_at": agreed.agreed_at,
            }
        )


class ResultsView(APIView):
    @extend_schema(responses={200: AuditResultsSerializer, **error_responses(401, 403, 404, 429)}, tags=TAGS)
    def get(self, request, slug, audit_id):
        return Response(results_payload(selectors.audit_for_lead(request.user, slug, audit_id)))


class ComparisonView(APIView):
    @extend_schema(
        responses={200: AuditComparisonSerializer, **error_responses(401, 403, 404, 429)},
        tags=TAGS,
        summary="This audit against the earlier one, measure by measure, with notes on the samples",
    )
    def get(self, request, slug, audit_id):
        audit = selectors.audit_for_lead(request.user, slug, audit_id)
        comparison = selectors.comparison(audit)
        if comparison is None:
            return Response({"before": None, "after": audit.pk, "rows": [], "notes": []})
        return Response(
            {
                "before": comparison["before"].pk,
                "after": audit.pk,
                "rows": [
                    {
                        "key": row["measure"]["key"],
                        "title": row["measure"]["title"],
                        "columns": [{"label": label, "shares": shares_payload(s)} for label, s in row["columns"]],
                        "sentences": row["sentences"],
                    }
                    for row in comparison["rows"]
                ],
                "notes": comparison["notes"],
            }
        )


class AuditReportsView(APIView):
    @extend_schema(
        request=NewAuditReportSerializer,
        responses={202: ReportJobSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=TAGS,
        summary="Ask for the audit's PDF report or CSV data; poll the job under /reports/",
    )
    def post(self, request, slug, audit_id):
        serializer = NewAuditReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = services.request_report(request.user, slug, audit_id, serializer.validated_data["kind"])
        job = report_selectors.report_job_for(membership=membership_for(request.user, slug), job_id=job.pk)
        return Response(ReportJobSerializer(job, context={"request": request}).data, status=status.HTTP_202_ACCEPTED)
