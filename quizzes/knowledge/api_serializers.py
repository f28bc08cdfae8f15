"""What the knowledge-quiz API reads and answers, one serializer per shape (the views nest them)."""

from rest_framework import serializers

from s2t_learn.api import fields as strict


class QuestionOptionSerializer(serializers.Serializer):
    index = strict.IntegerField()
    text = strict.CharField()


class OrderingItemSerializer(serializers.Serializer):
    token = strict.CharField(help_text="This item's name for this attempt; answer with it, never an index.")
    text = strict.CharField()


class ScenarioPartSerializer(serializers.Serializer):
    type = strict.CharField()
    prompt = strict.CharField()
    options = QuestionOptionSerializer(many=True)


class QuestionSerializer(serializers.Serializer):
    key = strict.CharField()
    type = strict.CharField()
    prompt = strict.CharField()
    options = QuestionOptionSerializer(many=True, required=False)
    vignette = strict.CharField(required=False, help_text="Scenario questions: the story the parts ask about.")
    parts = ScenarioPartSerializer(many=True, required=False)
    items = OrderingItemSerializer(many=True, required=False, help_text="Ordering questions, in display order.")
    lefts = QuestionOptionSerializer(many=True, required=False, help_text="Matching questions: what to match.")
    rights = QuestionOptionSerializer(many=True, required=False, help_text="Matching questions: what to match it to.")


class AttemptSerializer(serializers.Serializer):
    id = strict.IntegerField()
    quiz = strict.IntegerField()
    started_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    questions = QuestionSerializer(many=True)
    answers = serializers.DictField()
    flagged = serializers.ListField(child=strict.CharField())


class SaveSerializer(serializers.Serializer):
    answers = serializers.DictField(help_text="question key -> answer (see each question type)", required=False)
    flagged = serializers.DictField(child=strict.BooleanField(), required=False)


class ResultSerializer(serializers.Serializer):
    id = strict.IntegerField()
    percent = strict.FloatField()
    marks = strict.FloatField()
    passed = strict.BooleanField()
    pass_mark = strict.IntegerField()
    review = serializers.ListField(
        child=serializers.DictField(), help_text="Each question with the right answer, feedback and explanation."
    )


class VerifySerializer(serializers.Serializer):
    code = strict.CharField()
    valid = serializers.SerializerMethodField()
    title = strict.CharField()
    issued_at = serializers.DateTimeField()
    learner = serializers.SerializerMethodField()

    def get_valid(self, certificate) -> bool:
        return True

    def get_learner(self, certificate) -> str | None:
        return certificate.user.display_name if certificate.show_name else None


class RatingsSerializer(serializers.Serializer):
    ratings = serializers.DictField(child=strict.IntegerField(), help_text="item key -> rating 1 to 5; every item")


class MeasureRowSerializer(serializers.Serializer):
    key = strict.CharField()
    text = strict.CharField()
    kind = strict.CharField()
    before = strict.FloatField(allow_null=True)
    after = strict.FloatField(allow_null=True)
    change = strict.FloatField(allow_null=True)


class MyMeasureSerializer(serializers.Serializer):
    next_stage = strict.CharField(allow_null=True)
    rows = MeasureRowSerializer(many=True)


class QuarterSerializer(serializers.Serializer):
    quarter = strict.CharField(source="key", help_text="The calendar quarter, as 2026-Q1 (January to March).")
    starts = serializers.DateField(help_text="Its first day.")
    ends = serializers.DateField(source="last_day", help_text="Its last day.")


class CohortQuarterSerializer(serializers.Serializer):
    quarter = strict.CharField(source="quarter.key", help_text="The calendar quarter, as 2026-Q1 (January to March).")
    starts = serializers.DateField(source="quarter.starts", help_text="Its first day.")
    ends = serializers.DateField(source="quarter.last_day", help_text="Its last day.")
    people = strict.IntegerField(
        help_text='Current members who sent their "after" ratings in this quarter while members, with "before" ratings.'
    )
    withheld = strict.BooleanField(
        help_text=(
            "True when rows is null: fewer than the minimum people (5 by default), or too close to another"
            " group shown here."
        )
    )
    reason = strict.CharField(
        allow_blank=True, help_text="Why the table is withheld, in plain words; blank when it is shown."
    )
    rows = MeasureRowSerializer(many=True, allow_null=True)


class CohortSerializer(serializers.Serializer):
    minimum_people = serializers.IntegerField(source="minimum", help_text="The fewest people a table is shown for.")
    open_quarter = QuarterSerializer(
        source="current", help_text="The quarter now under way: nothing about it is shown until it has ended."
    )
    cohorts = CohortQuarterSerializer(
        many=True,
        help_text=(
            "One table per closed calendar quarter, newest first. Each is fixed the first time it is worked"
            " out and never changes after, so no two tables differ by someone joining or leaving."
        ),
    )
