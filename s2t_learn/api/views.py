"""API v1 for accounts and organisations. Thin: the same services and selectors as the HTML views."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from s2t_learn import selectors, services

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
    @extend_schema(responses={200: MeSerializer, **error_responses(401, 429)}, tags=["accounts"])
    def get(self, request):
        return Response(MeSerializer(request.user).data)

    @extend_schema(
        request=MeUpdateSerializer,
        responses={200: MeSerializer, **error_responses(400, 401, 403, 429)},
        tags=["accounts"],
    )
    def patch(self, request):
        serializer = MeUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.update_profile(request.user, **serializer.validated_data)
        return Response(MeSerializer(user).data)


class MyOrganisationsView(generics.GenericAPIView):
    serializer_class = MyOrganisationSerializer

    def get_queryset(self):
        return selectors.memberships_for(self.request.user)

    @extend_schema(
        responses={200: MyOrganisationSerializer(many=True), **error_responses(400, 401, 404, 429)},
        tags=["organisations"],
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(MyOrganisationSerializer(page, many=True).data)

    @extend_schema(
        request=OrganisationCreateSerializer,
        responses={201: OrganisationSerializer, **error_responses(400, 401, 403, 429)},
        tags=["organisations"],
    )
    def post(self, request):
        serializer = OrganisationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organisation = services.create_organisation(request.user, serializer.validated_data["name"])
        return Response(OrganisationSerializer(organisation).data, status=status.HTTP_201_CREATED)


class OrganisationDetailView(APIView):
    @extend_schema(responses={200: MyOrganisationSerializer, **error_responses(401, 404, 429)}, tags=["organisations"])
    def get(self, request, slug):
        return Response(MyOrganisationSerializer(selectors.membership_for(request.user, slug)).data)


class MembersView(generics.GenericAPIView):
    serializer_class = MemberSerializer

    def get_queryset(self):
        return selectors.organisation_members(self.request.user, self.kwargs["slug"])

    @extend_schema(
        responses={200: MemberSerializer(many=True), **error_responses(400, 401, 403, 404, 429)}, tags=["organisations"]
    )
    def get(self, request, slug):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(MemberSerializer(page, many=True).data)


class MemberDetailView(APIView):
    @extend_schema(
        request=MemberUpdateSerializer,
        responses={200: MemberSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=["organisations"],
    )
    def patch(self, request, slug, membership_id):
        serializer = MemberUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        member = services.change_membership(
            request.user,
            slug,
            membership_id,
            role=data.get("role"),
            team_id=data.get("team"),
            team_given="team" in data,
        )
        return Response(MemberSerializer(member).data)

    @extend_schema(responses={204: None, **error_responses(400, 401, 403, 404, 429)}, tags=["organisations"])
    def delete(self, request, slug, membership_id):
        services.remove_member(request.user, slug, membership_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TeamsView(generics.GenericAPIView):
    serializer_class = TeamSerializer

    def get_queryset(self):
        return selectors.organisation_teams(self.request.user, self.kwargs["slug"])

    @extend_schema(
        responses={200: TeamSerializer(many=True), **error_responses(400, 401, 403, 404, 429)}, tags=["organisations"]
    )
    def get(self, request, slug):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(TeamSerializer(page, many=True).data)

    @extend_schema(
        request=TeamSerializer,
        responses={201: TeamSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=["organisations"],
    )
    def post(self, request, slug):
        serializer = TeamSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        team = services.create_team(request.user, slug, serializer.validated_data["name"])
        team.member_count = 0
        return Response(TeamSerializer(team).data, status=status.HTTP_201_CREATED)


class TeamDetailView(APIView):
    @extend_schema(responses={204: None, **error_responses(401, 403, 404, 429)}, tags=["organisations"])
    def delete(self, request, slug, team_id):
        services.delete_team(request.user, slug, team_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitationsView(generics.GenericAPIView):
    serializer_class = InvitationSerializer

    def get_queryset(self):
        filters = InvitationFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return selectors.organisation_invitations(
            self.request.user,
            self.kwargs["slug"],
            search=filters.validated_data.get("q", ""),
            status=filters.validated_data.get("status", ""),
        )

    @extend_schema(
        parameters=[InvitationFilterSerializer],
        responses={200: InvitationSerializer(many=True), **error_responses(400, 401, 403, 404, 429)},
        tags=["organisations"],
    )
    def get(self, request, slug):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(InvitationSerializer(page, many=True).data)

    @extend_schema(
        request=InvitationCreateSerializer,
        responses={201: InvitationSerializer, **error_responses(400, 401, 403, 404, 429)},
        tags=["organisations"],
    )
    def post(self, request, slug):
        serializer = InvitationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        invitation = services.create_invitation(request.user, slug, data["email"], data["role"], data.get("team"))
        return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)


class InvitationDetailView(APIView):
    @extend_schema(responses={200: InvitationSerializer, **error_responses(401, 403, 404, 429)}, tags=["organisations"])
    def delete(self, request, slug, invitation_id):
        invitation = services.revoke_invitation(request.user, slug, invitation_id)
        return Response(InvitationSerializer(invitation).data)


class ActivityView(generics.GenericAPIView):
    """The organisation's audit log, newest first: for its org admins only."""

    serializer_class = ActivityEntrySerializer

    def get_queryset(self):
        return selectors.organisation_activity(self.request.user, self.kwargs["slug"])[1]

    @extend_schema(
        responses={200: ActivityEntrySerializer(many=True), **error_responses(400, 401, 403, 404, 429)},
        tags=["organisations"],
        summary="The organisation's activity log (org admins)",
    )
    def get(self, request, slug):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ActivityEntrySerializer(page, many=True).data)
