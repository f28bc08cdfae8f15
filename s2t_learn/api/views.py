"""API v1 for accounts and organisations. Thin: the same services and selectors as the HTML views.

Each view names what it reads (`InputSerializer`, `FilterSerializer`) and answers (`OutputSerializer`),
and answers only through them, so the response is what the schema says."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from s2t_learn import selectors, services
from s2t_learn.access import OrganisationAPIMixin
from s2t_learn.models import Role
from s2t_learn.tabs import minimum_role as tab_minimum_role

from .exceptions import error_responses
from .serializers import (
    ActivityEntrySerializer,
    InvitationCreateSerializer,
    InvitationFilterSerializer,
    InvitationSerializer,
    MemberSerializer,
    MemberUpdateSerializer,
    MeSerializer,
    MeUpdateSerializer,
    MyOrganisationSerializer,
    OrganisationCreateSerializer,
    OrganisationSerializer,
    TeamSerializer,
)


class MeView(APIView):
    InputSerializer = MeUpdateSerializer
    OutputSerializer = MeSerializer

    @extend_schema(responses={200: OutputSerializer, **error_responses(401, 429)}, tags=["accounts"])
    def get(self, request):
        return Response(self.OutputSerializer(request.user).data)

    @extend_schema(
        request=InputSerializer,
        responses={200: OutputSerializer, **error_responses(400, 401, 403, 429)},
        tags=["accounts"],
    )
    def patch(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.update_profile(request.user, **serializer.validated_data)
        return Response(self.OutputSerializer(user).data)


class MyOrganisationsView(generics.GenericAPIView):
    serializer_class = MyOrganisationSerializer
    OutputSerializer = MyOrganisationSerializer
    CreateInputSerializer = OrganisationCreateSerializer
    CreateOutputSerializer = OrganisationSerializer

    def get_queryset(self):
        return selectors.memberships_for(self.request.user)

    @extend_schema(
        responses={200: OutputSerializer(many=True), **error_responses(400, 401, 404, 429)},
        tags=["organisations"],
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.OutputSerializer(page, many=True).data)

    @extend_schema(
        request=CreateInputSerializer,
        responses={201: CreateOutputSerializer, **error_responses(400, 401, 403, 429)},
        tags=["organisations"],
    )
    def post(self, request):
        serializer = self.CreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organisation = services.create_organisation(request.user, serializer.validated_data["name"])
        return Response(self.CreateOutputSerializer(organisation).data, status=status.HTTP_201_CREATED)


class OrganisationDetailView(OrganisationAPIMixin, APIView):
    """The organisation and your membership of it: for any member."""

    OutputSerializer = MyOrganisationSerializer

    @extend_schema(responses={200: OutputSerializer, **error_responses(401, 404, 429)}, tags=["organisations"])
    def get(self, request, slug):
        return Response(self.OutputSerializer(self.membership).data)


class MembersView(OrganisationAPIMixin, generics.GenericAPIView):
    """The organisation's members: for its admins."""

    minimum_role = Role.ORG_ADMIN
    serializer_class = MemberSerializer
    OutputSerializer = MemberSerializer

    def get_queryset(self):
        return selectors.organisation_members(membership=self.membership)

    @extend_schema(
        responses={200: OutputSerializer(many=True), **error_responses(400, 401, 403, 404, 429)}, tags=["organisations"]
    )
    def get(self, request, slug):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.OutputSerializer(page, many=True).data)


class MemberDetailView(OrganisationAPIMixin, APIView):
    """Change a member's role or team, or remove them: for admins."""

    minimum_role = Role.ORG_ADMIN
    InputSerializer = MemberUpdateSerializer
    OutputSerializer = MemberSerializer

    @extend_schema(
        request=InputSerializer,
        responses={200: OutputSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=["organisations"],
    )
    def patch(self, request, slug, membership_id):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        member = services.change_membership(
            membership_id,
            membership=self.membership,
            role=data.get("role"),
            team_id=data.get("team"),
            team_given="team" in data,
        )
        return Response(self.OutputSerializer(member).data)

    @extend_schema(responses={204: None, **error_responses(400, 401, 403, 404, 429)}, tags=["organisations"])
    def delete(self, request, slug, membership_id):
        services.remove_member(membership_id, membership=self.membership)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TeamsView(OrganisationAPIMixin, generics.GenericAPIView):
    """The organisation's teams, or add one: for its admins."""

    minimum_role = Role.ORG_ADMIN
    serializer_class = TeamSerializer
    InputSerializer = TeamSerializer
    OutputSerializer = TeamSerializer

    def get_queryset(self):
        return selectors.organisation_teams(membership=self.membership)

    @extend_schema(
        responses={200: OutputSerializer(many=True), **error_responses(400, 401, 403, 404, 429)}, tags=["organisations"]
    )
    def get(self, request, slug):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.OutputSerializer(page, many=True).data)

    @extend_schema(
        request=InputSerializer,
        responses={201: OutputSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=["organisations"],
    )
    def post(self, request, slug):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        team = services.create_team(serializer.validated_data["name"], membership=self.membership)
        return Response(self.OutputSerializer(team).data, status=status.HTTP_201_CREATED)


class TeamDetailView(OrganisationAPIMixin, APIView):
    """Delete a team; its members stay in the organisation. For admins."""

    minimum_role = Role.ORG_ADMIN

    @extend_schema(responses={204: None, **error_responses(401, 403, 404, 429)}, tags=["organisations"])
    def delete(self, request, slug, team_id):
        services.delete_team(team_id, membership=self.membership)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitationsView(OrganisationAPIMixin, generics.GenericAPIView):
    """The organisation's email invitations, or send one: for its admins."""

    minimum_role = Role.ORG_ADMIN
    serializer_class = InvitationSerializer
    FilterSerializer = InvitationFilterSerializer
    InputSerializer = InvitationCreateSerializer
    OutputSerializer = InvitationSerializer

    def get_queryset(self):
        filters = self.FilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return selectors.organisation_invitations(
            membership=self.membership,
            search=filters.validated_data.get("q", ""),
            status=filters.validated_data.get("status", ""),
        )

    @extend_schema(
        parameters=[FilterSerializer],
        responses={200: OutputSerializer(many=True), **error_responses(400, 401, 403, 404, 429)},
        tags=["organisations"],
    )
    def get(self, request, slug):
        page = self.paginate_queryset(self.get_queryset())
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
        invitation = services.create_invitation(
            data["email"], data["role"], data.get("team"), membership=self.membership
        )
        return Response(self.OutputSerializer(invitation).data, status=status.HTTP_201_CREATED)


class InvitationDetailView(OrganisationAPIMixin, APIView):
    """Revoke an invitation: its link stops working. For admins."""

    minimum_role = Role.ORG_ADMIN
    OutputSerializer = InvitationSerializer

    @extend_schema(responses={200: OutputSerializer, **error_responses(401, 403, 404, 429)}, tags=["organisations"])
    def delete(self, request, slug, invitation_id):
        invitation = services.revoke_invitation(invitation_id, membership=self.membership)
        return Response(self.OutputSerializer(invitation).data)


class ActivityView(OrganisationAPIMixin, generics.GenericAPIView):
    """The organisation's audit log, newest first: for its org admins only."""

    serializer_class = ActivityEntrySerializer
    minimum_role = tab_minimum_role("activity")
    OutputSerializer = ActivityEntrySerializer

    def get_queryset(self):
        return selectors.organisation_activity(membership=self.membership)

    @extend_schema(
        responses={200: OutputSerializer(many=True), **error_responses(400, 401, 403, 404, 429)},
        tags=["organisations"],
        summary="The organisation's activity log (org admins)",
    )
    def get(self, request, slug):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.OutputSerializer(page, many=True).data)
