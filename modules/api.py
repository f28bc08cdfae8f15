"""API v1 for the curriculum. The same services and selectors as the pages.

Each view names what it reads (`InputSerializer`) and answers (`OutputSerializer`), and answers only
through them, so the response is what the schema says."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from s2t_learn.access import OrganisationAPIMixin
from s2t_learn.api import fields as strict
from s2t_learn.api.exceptions import error_responses
from s2t_learn.models import Role

from . import selectors, services
from . import selectors_api as own
from .models import LessonPage, LessonProgress, ModuleAssignment, ModulePage, ReflectiveAnswer


class LessonSummarySerializer(strict.ModelSerializer):
    class Meta:
        model = LessonPage
        fields = ["id", "title", "slug", "summary", "url_path"]


class ModuleSerializer(strict.ModelSerializer):
    learning_outcomes = serializers.SerializerMethodField()

    class Meta:
        model = ModulePage
        fields = [
            "id",
            "title",
            "slug",
            "summary",
            "estimated_minutes",
            "sectors",
            "last_reviewed",
            "content_note",
            "learning_outcomes",
        ]

    def get_learning_outcomes(self, obj) -> list[str]:
        return [block.value for block in obj.learning_outcomes]


class ModuleDetailSerializer(ModuleSerializer):
    lessons = serializers.SerializerMethodField()

    class Meta(ModuleSerializer.Meta):
        fields = ModuleSerializer.Meta.fields + ["lessons"]

    def get_lessons(self, obj) -> list[dict]:
        return LessonSummarySerializer(selectors.lessons_by_module([obj])[obj.pk], many=True).data


class LessonSerializer(strict.ModelSerializer):
    body = serializers.SerializerMethodField()

    class Meta:
        model = LessonPage
        fields = ["id", "title", "slug", "summary", "body"]

    def get_body(self, obj) -> list[dict]:
        return list(obj.body.raw_data)


class ProgressSerializer(strict.ModelSerializer):
    lesson = strict.IntegerField(source="lesson_id", read_only=True)
    module = strict.IntegerField(source="module_id", read_only=True)

    class Meta:
        model = LessonProgress
        fields = ["lesson", "module", "last_section", "completed_at", "updated_at"]


class ProgressUpdateSerializer(serializers.Serializer):
    section = strict.CharField(required=False, allow_blank=True, max_length=100)
    completed = strict.BooleanField(required=False)


class AnswerSerializer(strict.ModelSerializer):
    lesson = strict.IntegerField(source="lesson_id", read_only=True)

    class Meta:
        model = ReflectiveAnswer
        fields = ["lesson", "block_id", "text", "updated_at"]
        read_only_fields = ["block_id", "updated_at"]


class AnswerUpdateSerializer(serializers.Serializer):
    text = strict.CharField(allow_blank=True, trim_whitespace=False, max_length=ReflectiveAnswer.MAX_LENGTH)


class AssignmentSerializer(strict.ModelSerializer):
    module_title = strict.CharField(source="module.title", read_only=True)
    organisation = strict.CharField(source="organisation.slug", read_only=True)

    class Meta:
        model = ModuleAssignment
        fields = ["id", "organisation", "module", "module_title", "team", "user", "due_date", "created_at"]
        read_only_fields = ["id", "organisation", "module_title", "created_at"]


class AssignmentCreateSerializer(serializers.Serializer):
    module = strict.IntegerField()
    team = strict.IntegerField(required=False, allow_null=True)
    user = strict.IntegerField(required=False, allow_null=True)
    due_date = serializers.DateField(required=False, allow_null=True)


class ModuleProgressSerializer(serializers.Serializer):
    """A learner's state in one module, by the one completion rule (lessons read and quiz passed)."""

    module = strict.IntegerField(source="module.pk")
    title = strict.CharField(source="module.title")
    lesson_count = strict.IntegerField()
    lessons_read = strict.IntegerField(source="completed")
    quiz = serializers.SerializerMethodField()
    quiz_state = serializers.ChoiceField(
        choices=["no_quiz", "not_started", "in_progress", "passed", "failed"],
        help_text="no_quiz when the module has none.",
    )
    best_percent = strict.FloatField(allow_null=True)
    retry_after = serializers.DateTimeField(allow_null=True)
    is_complete = strict.BooleanField()

    def get_quiz(self, obj) -> int | None:
        return obj.quiz.pk if obj.quiz else None


class ModulesView(generics.GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = ModuleSerializer
    OutputSerializer = ModuleSerializer

    @extend_schema(
        responses={200: OutputSerializer(many=True), **error_responses(400, 401, 404, 429)}, tags=["learning"]
    )
    def get(self, request):
        page = self.paginate_queryset(selectors.live_modules())
        return self.get_paginated_response(self.OutputSerializer(page, many=True).data)


class ModuleView(APIView):
    permission_classes = [AllowAny]
    OutputSerializer = ModuleDetailSerializer

    @extend_schema(responses={200: OutputSerializer, **error_responses(401, 404, 429)}, tags=["learning"])
    def get(self, request, module_id):
        return Response(self.OutputSerializer(own.live_module(module_id)).data)


class LessonView(APIView):
    permission_classes = [AllowAny]
    OutputSerializer = LessonSerializer

    @extend_schema(responses={200: OutputSerializer, **error_responses(401, 404, 429)}, tags=["learning"])
    def get(self, request, lesson_id):
        return Response(self.OutputSerializer(services.live_lesson(lesson_id)).data)


class MyProgressView(generics.GenericAPIView):
    serializer_class = ProgressSerializer
    OutputSerializer = ProgressSerializer

    @extend_schema(
        responses={200: OutputSerializer(many=True), **error_responses(400, 401, 404, 429)}, tags=["learning"]
    )
    def get(self, request):
        page = self.paginate_queryset(own.my_lesson_progress(request.user))
        return self.get_paginated_response(self.OutputSerializer(page, many=True).data)


class MyModulesView(generics.GenericAPIView):
    serializer_class = ModuleProgressSerializer
    OutputSerializer = ModuleProgressSerializer

    @extend_schema(
        responses={200: OutputSerializer(many=True), **error_responses(400, 401, 404, 429)}, tags=["learning"]
    )
    def get(self, request):
        page = self.paginate_queryset(own.my_module_statuses(request.user))
        return self.get_paginated_response(self.OutputSerializer(page, many=True).data)


class LessonProgressView(APIView):
    InputSerializer = ProgressUpdateSerializer
    OutputSerializer = ProgressSerializer

    @extend_schema(
        request=InputSerializer,
        responses={200: OutputSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=["learning"],
    )
    def put(self, request, lesson_id):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        progress = services.update_progress(
            request.user, lesson_id, data.get("section", ""), completed=data.get("completed")
        )
        return Response(self.OutputSerializer(progress).data)


class MyAnswersView(generics.GenericAPIView):
    serializer_class = AnswerSerializer
    OutputSerializer = AnswerSerializer

    @extend_schema(
        responses={200: OutputSerializer(many=True), **error_responses(400, 401, 404, 429)}, tags=["learning"]
    )
    def get(self, request):
        page = self.paginate_queryset(own.my_reflective_answers(request.user))
        return self.get_paginated_response(self.OutputSerializer(page, many=True).data)


class AnswerView(APIView):
    InputSerializer = AnswerUpdateSerializer
    OutputSerializer = AnswerSerializer

    @extend_schema(
        request=InputSerializer,
        responses={200: OutputSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=["learning"],
    )
    def put(self, request, lesson_id, block_id):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        answer = services.save_answer(
            request.user, services.live_lesson(lesson_id), block_id, serializer.validated_data["text"]
        )
        return Response(self.OutputSerializer(answer).data)

    @extend_schema(responses={204: None, **error_responses(401, 403, 404, 429)}, tags=["learning"])
    def delete(self, request, lesson_id, block_id):
        services.delete_answer(request.user, services.live_lesson(lesson_id), block_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MyAssignmentsView(generics.GenericAPIView):
    serializer_class = AssignmentSerializer
    OutputSerializer = AssignmentSerializer

    @extend_schema(
        responses={200: OutputSerializer(many=True), **error_responses(400, 401, 404, 429)}, tags=["learning"]
    )
    def get(self, request):
        page = self.paginate_queryset(selectors.assignments_for(request.user))
        return self.get_paginated_response(self.OutputSerializer(page, many=True).data)


class OrganisationAssignmentsView(OrganisationAPIMixin, generics.GenericAPIView):
    """The organisation's assigned learning, or assign a module: for assessment leads and admins."""

    minimum_role = Role.ASSESSMENT_LEAD
    serializer_class = AssignmentSerializer
    InputSerializer = AssignmentCreateSerializer
    OutputSerializer = AssignmentSerializer

    @extend_schema(
        responses={200: OutputSerializer(many=True), **error_responses(400, 401, 403, 404, 429)},
        tags=["organisations"],
    )
    def get(self, request, slug):
        page = self.paginate_queryset(selectors.organisation_assignments(membership=self.membership))
        return self.get_paginated_response(self.OutputSerializer(page, many=True).data)

    @extend_schema(
        request=InputSerializer,
        responses={201: OutputSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=["organisations"],
    )
    def post(self, request, slug):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        assignment = services.create_assignment(
            membership=self.membership,
            module_id=data["module"],
            team_id=data.get("team"),
            user_id=data.get("user"),
            due_date=data.get("due_date"),
        )
        return Response(self.OutputSerializer(assignment).data, status=status.HTTP_201_CREATED)


class OrganisationAssignmentView(OrganisationAPIMixin, APIView):
    """Remove a module the organisation assigned: for assessment leads and admins."""

    minimum_role = Role.ASSESSMENT_LEAD

    @extend_schema(responses={204: None, **error_responses(401, 403, 404, 429)}, tags=["organisations"])
    def delete(self, request, slug, assignment_id):
        services.delete_assignment(membership=self.membership, assignment_id=assignment_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PlanSerializer(serializers.Serializer):
    pathway = strict.CharField(read_only=True)
    text = strict.CharField(allow_blank=True, trim_whitespace=False, max_length=5000)
    updated_at = serializers.DateTimeField(read_only=True)


class PathwayPlanView(APIView):
    InputSerializer = PlanSerializer
    OutputSerializer = PlanSerializer

    @extend_schema(responses={200: OutputSerializer, **error_responses(401, 404, 429)}, tags=["learning"])
    def get(self, request, slug):
        return Response(self.OutputSerializer(own.my_plan(request.user, slug)).data)

    @extend_schema(
        request=InputSerializer,
        responses={200: OutputSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=["learning"],
    )
    def put(self, request, slug):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        plan = services.save_pathway_plan(request.user, slug, serializer.validated_data["text"])
        return Response(self.OutputSerializer(plan).data)
