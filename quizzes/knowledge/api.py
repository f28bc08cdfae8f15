"""API v1 for knowledge quizzes and certificates: the same services and selectors as the pages."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from s2t_learn.api import fields as strict
from s2t_learn.api.exceptions import error_responses

from ..models import QuizPage
from . import answers as answer_rules
from . import selectors, services


def public_question(q):
    """A question as the learner sees it: no correct answers, no feedback, in display order."""
    out = {"key": q["key"], "type": q["type"], "prompt": q["prompt"]}
    if "options" in q:
        order = q.get("display", list(range(len(q["options"]))))
        out["options"] = [{"index": i, "text": q["options"][i]["text"]} for i in order]
    if q["type"] == "scenario":
        out["vignette"] = q["vignette"]
        out["parts"] = [
            {
                "type": p["type"],
                "prompt": p["prompt"],
                "options": [
                    {"index": i, "text": p["options"][i]["text"]} for i in p.get("display", range(len(p["options"])))
                ],
            }
            for p in q["parts"]
        ]
    if q["type"] == "ordering":
        tokens = answer_rules.item_tokens(q)
        # Each item by its opaque per-attempt token: its index would be its right position.
        out["items"] = [{"token": tokens[i], "text": q["items"][i]} for i in q["display"]]
    if q["type"] == "matching":
        out["lefts"] = [{"index": i, "text": q["lefts"][i]} for i in q["display"]]
        out["rights"] = [{"index": i, "text": r} for i, r in enumerate(q["rights"])]
    return out


class QuestionSerializer(serializers.Serializer):
    key = strict.CharField()
    type = strict.CharField()
    prompt = strict.CharField()
    options = serializers.ListField(child=serializers.DictField(), required=False)


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


def attempt_payload(attempt):
    responses = list(attempt.responses.all())
    questions = {q["key"]: q for q in attempt.snapshot}
    return {
        "id": attempt.pk,
        "quiz": attempt.quiz_id,
        "started_at": attempt.started_at,
        "submitted_at": attempt.submitted_at,
        "questions": [public_question(q) for q in attempt.snapshot],
        "answers": {
            r.question_key: answer_rules.public_answer(questions.get(r.question_key, {}), r.answer)
            for r in responses
            if r.answer is not None
        },
        "flagged": [r.question_key for r in responses if r.flagged],
    }


def result_payload(attempt):
    from .. import scoring

    given = dict(attempt.responses.values_list("question_key", "answer"))
    return {
        "id": attempt.pk,
        "percent": attempt.percent,
        "marks": attempt.marks,
        "passed": attempt.passed,
        "pass_mark": attempt.pass_mark,
        "review": [
            {**q, "your_answer": given.get(q["key"]), "mark": scoring.mark_question(q, given.get(q["key"]))}
            for q in attempt.snapshot
        ],
    }


class StartAttemptView(APIView):
    @extend_schema(
        request=None, responses={201: AttemptSerializer, **error_responses(401, 403, 404, 409, 429)}, tags=["quizzes"]
    )
    def post(self, request, quiz_id):
        quiz = QuizPage.objects.live().filter(pk=quiz_id).first()
        if quiz is None:
            from django.http import Http404

            raise Http404
        attempt = services.start_attempt(request.user, quiz)
        return Response(attempt_payload(attempt), status=status.HTTP_201_CREATED)


class AttemptView(APIView):
    @extend_schema(responses={200: AttemptSerializer, **error_responses(401, 404, 429)}, tags=["quizzes"])
    def get(self, request, attempt_id):
        return Response(attempt_payload(selectors.attempt_for(request.user, attempt_id)))

    @extend_schema(
        request=SaveSerializer,
        responses={200: AttemptSerializer, **error_responses(400, 401, 403, 404, 409, 429)},
        tags=["quizzes"],
    )
    def put(self, request, attempt_id):
        serializer = SaveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        attempt = services.save_answers(request.user, attempt_id, data.get("answers"), data.get("flagged"))
        return Response(attempt_payload(attempt))


class SubmitView(APIView):
    @extend_schema(
        request=None,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                required=False,
                description="Replaying a submit with the same key returns the same result.",
            )
        ],
        responses={200: ResultSerializer, **error_responses(401, 403, 404, 409, 429)},
        tags=["quizzes"],
    )
    def post(self, request, attempt_id):
        attempt = services.submit_attempt(request.user, attempt_id, request.headers.get("Idempotency-Key", ""))
        return Response(result_payload(attempt))


class ResultView(APIView):
    @extend_schema(responses={200: ResultSerializer, **error_responses(401, 404, 409, 429)}, tags=["quizzes"])
    def get(self, request, attempt_id):
        attempt = selectors.attempt_for(request.user, attempt_id)
        if not attempt.is_submitted:
            raise services.Conflict("Submit the attempt to see its results.")
        return Response(result_payload(attempt))


class VerifySerializer(serializers.Serializer):
    code = strict.CharField()
    valid = strict.BooleanField()
    title = strict.CharField()
    issued_at = serializers.DateTimeField()
    learner = strict.CharField(allow_null=True)


class VerifyView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: VerifySerializer, **error_responses(404, 429)}, tags=["quizzes"], auth=[])
    def get(self, request, code):
        c = selectors.certificate_by_code(code)
        return Response(
            {
                "code": c.code,
                "valid": True,
                "title": c.title,
                "issued_at": c.issued_at,
                "learner": c.user.display_name if c.show_name else None,
            }
        )


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
    quarter = strict.CharField(help_text="The calendar quarter, as 2026-Q1 (January to March).")
    starts = serializers.DateField(help_text="Its first day.")
    ends = serializers.DateField(help_text="Its last day.")


class CohortQuarterSerializer(QuarterSerializer):
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
    minimum_people = serializers.IntegerField(help_text="The fewest people a table is shown for.")
    open_quarter = QuarterSerializer(
        help_text="The quarter now under way: nothing about it is shown until it has ended."
    )
    cohorts = CohortQuarterSerializer(
        many=True,
        help_text=(
            "One table per closed calendar quarter, newest first. Each is fixed the first time it is worked"
            " out and never changes after, so no two tables differ by someone joining or leaving."
        ),
    )


def _quarter(quarter):
    return {"quarter": quarter.key, "starts": quarter.starts, "ends": quarter.last_day}


def _rows(rows):
    return [
        {"key": r.key, "text": r.text, "kind": r.kind, "before": r.before, "after": r.after, "change": r.change}
        for r in rows
    ]


class MyMeasureView(APIView):
    @extend_schema(responses={200: MyMeasureSerializer, **error_responses(401, 404, 429)}, tags=["quizzes"])
    def get(self, request):
        from . import survey

        overview = survey.my_overview(request.user)
        if overview["survey"] is None:
            from django.http import Http404

            raise Http404
        return Response({"next_stage": overview["next_stage"], "rows": _rows(overview["rows"])})


class MeasureStageView(APIView):
    @extend_schema(
        request=RatingsSerializer,
        responses={201: MyMeasureSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=["quizzes"],
    )
    def post(self, request, stage):
        from . import survey

        serializer = RatingsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        survey.submit_ratings(request.user, stage, serializer.validated_data["ratings"])
        overview = survey.my_overview(request.user)
        return Response(
            {"next_stage": overview["next_stage"], "rows": _rows(overview["rows"])}, status=status.HTTP_201_CREATED
        )


class CohortView(APIView):
    @extend_schema(
        responses={200: CohortSerializer, **error_responses(401, 403, 404, 429)},
        tags=["organisations"],
        summary="Before-and-after tables, one per closed quarter, for groups of at least the minimum",
    )
    def get(self, request, slug):
        from . import survey

        data = survey.cohort(request.user, slug)
        return Response(
            CohortSerializer(
                {
                    "minimum_people": data["minimum"],
                    "open_quarter": _quarter(data["current"]),
                    "cohorts": [
                        {
                            **_quarter(c.quarter),
                            "people": c.people,
                            "withheld": c.withheld,
                            "reason": c.reason,
                            "rows": _rows(c.rows) if c.rows is not None else None,
                        }
                        for c in data["cohorts"]
                    ],
                }
            ).data
        )
