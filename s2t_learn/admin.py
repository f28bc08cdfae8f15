"""The Django admin (/django-admin/) for site administrators: approving organisations and support."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Invitation, JoinLink, Membership, Organisation, Team, User


@admin.register(User)
class S2TUserAdmin(UserAdmin):
    list_display = ["email", "full_name", "sector", "is_staff", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = UserAdmin.fieldsets + (("S2T Learn", {"fields": ["full_name", "sector"]}),)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_approved", "require_mfa_for_admins", "created_at"]
    list_editable = ["is_approved", "require_mfa_for_admins"]
    list_filter = ["is_approved", "require_mfa_for_admins"]
    search_fields = ["name", "slug"]
    inlines = [MembershipInline]
    actions = ["approve"]

    @admin.action(description="Approve the selected organisations")
    def approve(self, request, queryset):
        queryset.update(is_approved=True)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation"]
    search_fields = ["name", "organisation__name"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    exclude = ["token_hash"]  # never shown, even hashed
    readonly_fields = ["accepted_at", "accepted_by", "sent_at"]


@admin.register(JoinLink)
class JoinLinkAdmin(admin.ModelAdmin):
    list_display = ["organisation", "role", "expires_at", "revoked_at", "use_count"]
    exclude = ["token"]
