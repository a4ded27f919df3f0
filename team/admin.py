"""The team record is read-only everywhere; invitations are looked up, never edited."""

from django.contrib import admin

from team.models import Invitation, TeamEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TeamEvent)
class TeamEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "subject", "detail"]
    list_filter = ["action"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["user", "created_at", "expires_at", "used_at", "revoked_at"]
    exclude = ["token_hash"]
