"""API v1 for knowledge quizzes and certificates: the same services and selectors as the pages.

Each view names what it reads (`InputSerializer`) and answers (`OutputSerializer`), and answers only
through them, so the response is what the schema says."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from s2t_learn.access import OrganisationAPIMixin
from s2t_learn.api.exceptions import error_responses
from s2t_learn.models import Role

from . import api_serializers as out
from . import measure, selectors, services


class StartAttemptView(APIView):
    OutputSerializer = out.AttemptSerializer

    @extend_schema(
        request=None, responses={201: OutputSerializer, **error_responses(401, 403, 404, 409, 429)}, tags=["quizzes"]
    )
    def post(self, request, quiz_id):
        attempt = services.start_attempt(request.user, selectors.live_quiz(quiz_id))
        return Response(self.OutputSerializer(selectors.learner_view(attempt)).data, status=status.HTTP_201_CREATED)


class AttemptView(APIView):
    InputSerializer = out.SaveSerializer
    OutputSerializer = out.AttemptSerializer

    @extend_schema(responses={200: OutputSerializer, **error_responses(401, 404, 429)}, tags=["quizzes"])
    def get(self, request, attempt_id):
        attempt = selectors.attempt_for(request.user, attempt_id)
        return Response(self.OutputSerializer(selectors.learner_view(attempt)).data)

    @extend_schema(
        request=InputSerializer,
        responses={200: OutputSerializer, **error_responses(400, 401, 403, 404, 409, 429)},
        tags=["quizzes"],
    )
    def put(self, request, attempt_id):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        attempt = services.save_answers(request.user, attempt_id, data.get("answers"), data.get("flagged"))
        return Response(self.OutputSerializer(selectors.learner_view(attempt)).data)


class SubmitView(APIView):
    OutputSerializer = out.ResultSerializer

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
        responses={200: OutputSerializer, **error_responses(401, 403, 404, 409, 429)},
        tags=["quizzes"],
    )
    def post(self, request, attempt_id):
        attempt = services.submit_attempt(request.user, attempt_id, request.headers.get("Idempotency-Key", ""))
        return Response(self.OutputSerializer(selectors.result_view(attempt)).data)


class ResultView(APIView):
    OutputSerializer = out.ResultSerializer

    @extend_schema(responses={200: OutputSerializer, **error_responses(401, 404, 409, 429)}, tags=["quizzes"])
    def get(self, request, attempt_id):
        attempt = selectors.submitted_attempt_for(request.user, attempt_id)
        return Response(self.OutputSerializer(selectors.result_view(attempt)).data)


class VerifyView(APIView):
    permission_classes = [AllowAny]
    OutputSerializer = out.VerifySerializer

    @extend_schema(responses={200: OutputSerializer, **error_responses(404, 429)}, tags=["quizzes"], auth=[])
    def get(self, request, code):
        return Response(self.OutputSerializer(selectors.certificate_by_code(code)).data)


class MyMeasureView(APIView):
    OutputSerializer = out.MyMeasureSerializer

    @extend_schema(responses={200: OutputSerializer, **error_responses(401, 404, 429)}, tags=["quizzes"])
    def get(self, request):
        return Response(self.OutputSerializer(measure.my_measure(request.user)).data)


class MeasureStageView(APIView):
    InputSerializer = out.RatingsSerializer
    OutputSerializer = out.MyMeasureSerializer

    @extend_schema(
        request=InputSerializer,
        responses={201: OutputSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=["quizzes"],
    )
    def post(self, request, stage):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        overview = measure.record_ratings(request.user, stage, serializer.validated_data["ratings"])
        return Response(self.OutputSerializer(overview).data, status=status.HTTP_201_CREATED)


class CohortView(OrganisationAPIMixin, APIView):
    """The organisation's before-and-after tables, for its admins: means only, per closed quarter."""

    minimum_role = Role.ORG_ADMIN
    OutputSerializer = out.CohortSerializer

    @extend_schema(
        responses={200: OutputSerializer, **error_responses(401, 403, 404, 429)},
        tags=["organisations"],
        summary="Before-and-after tables, one per closed quarter, for groups of at least the minimum",
    )
    def get(self, request, slug):
        return Response(self.OutputSerializer(measure.cohort(membership=self.membership)).data)
