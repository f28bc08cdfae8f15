from rest_framework import serializers

from s2t_learn.models import Invitation, Membership, Organisation, Role, Sector, Team, User
from s2t_learn.models.organisations import TokenStatus

from . import fields as strict


class MeSerializer(strict.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "full_name", "sector"]
        read_only_fields = ["id", "email"]


class MeUpdateSerializer(serializers.Serializer):
    full_name = strict.CharField(max_length=150, required=False)
    sector = serializers.ChoiceField(choices=Sector.choices, required=False)


class MyOrganisationSerializer(serializers.Serializer):
    slug = strict.CharField(source="organisation.slug")
    name = strict.CharField(source="organisation.name")
    is_approved = strict.BooleanField(source="organisation.is_approved")
    role = serializers.ChoiceField(choices=Role.choices)
    team = strict.CharField(source="team.name", allow_null=True, default=None)


class OrganisationCreateSerializer(serializers.Serializer):
    name = strict.CharField(max_length=Organisation._meta.get_field("name").max_length)


class OrganisationSerializer(strict.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["slug", "name", "is_approved"]


class TeamSerializer(strict.ModelSerializer):
    member_count = strict.IntegerField(read_only=True)

    class Meta:
        model = Team
        fields = ["id", "name", "member_count"]


class MemberSerializer(strict.ModelSerializer):
    email = strict.EmailField(source="user.email", read_only=True)
    full_name = strict.CharField(source="user.full_name", read_only=True)
    team = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Membership
        fields = ["id", "email", "full_name", "role", "team", "joined_at"]


class MemberUpdateSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices, required=False)
    team = strict.IntegerField(required=False, allow_null=True, help_text="A team id, or null for no team.")


class InvitationSerializer(strict.ModelSerializer):
    status = serializers.SerializerMethodField()
    team = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Invitation
        fields = ["id", "email", "role", "team", "status", "created_at", "expires_at"]

    def get_status(self, obj) -> str:
        return obj.status()


class InvitationCreateSerializer(serializers.Serializer):
    email = strict.EmailField()
    role = serializers.ChoiceField(choices=Role.choices, default=Role.LEARNER)
    team = strict.IntegerField(required=False, allow_null=True)


class ActivityEntrySerializer(serializers.Serializer):
    """One audit log entry, in plain words (s2t_learn.audit_log.describe)."""

    id = strict.IntegerField()
    timestamp = serializers.DateTimeField()
    actor = serializers.SerializerMethodField(help_text="Who did it: a name, a deleted account, or the platform.")
    action = serializers.SerializerMethodField(help_text="create, update or delete")
    kind = serializers.SerializerMethodField(help_text="What was changed: membership, invitation, round, ...")
    description = serializers.SerializerMethodField()

    def get_actor(self, entry) -> str:
        from s2t_learn.audit_log import actor_name

        return actor_name(entry)

    def get_action(self, entry) -> str:
        return {0: "create", 1: "update", 2: "delete"}.get(entry.action, "update")

    def get_kind(self, entry) -> str:
        return entry.content_type.model if entry.content_type_id else ""

    def get_description(self, entry) -> str:
        from s2t_learn.audit_log import describe

        return describe(entry)


class InvitationFilterSerializer(serializers.Serializer):
    """Query parameters of the invitations list: the same filters as the page."""

    q = strict.CharField(required=False, allow_blank=True, max_length=100, help_text="Part of the email address.")
    status = serializers.ChoiceField(
        required=False, allow_blank=True, choices=TokenStatus.choices, help_text="valid, used, expired or revoked"
    )
