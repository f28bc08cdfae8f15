"""What the case-file audit API reads and answers, one serializer per shape (the views nest them)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from s2t_learn.api import fields as strict

from ..models import Audit, AuditReader
from .models import RATING_VALUES


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
    title = strict.CharField(max_length=Audit._meta.get_field("title").max_length)
    period_start = serializers.DateField(required=False, allow_null=True)
    period_end = serializers.DateField(required=False, allow_null=True)
    sample_criteria = strict.CharField(
        required=False, allow_blank=True, max_length=Audit._meta.get_field("sample_criteria").max_length
    )
    groups = serializers.ListField(
        child=strict.CharField(max_length=Audit.GROUP_NAME_MAX), min_length=1, max_length=Audit.MAX_GROUPS
    )
    previous = strict.IntegerField(required=False, allow_null=True)


class AuditReaderSerializer(strict.ModelSerializer):
    name = strict.CharField(source="user.display_name", read_only=True)

    class Meta:
        model = AuditReader
        fields = ["id", "user", "name", "background"]
        read_only_fields = ["id", "name"]


class AuditNewReaderSerializer(serializers.Serializer):
    user = strict.IntegerField()
    background = strict.CharField(max_length=AuditReader._meta.get_field("background").max_length)


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
    measure = strict.CharField(source="measure_key", read_only=True)
    value = serializers.ChoiceField(choices=RATING_VALUES)
    reason = strict.CharField(max_length=1000)
    agreed_by = strict.CharField(source="agreed_by.display_name", read_only=True)
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
