"""API tokens in the Django admin, for Administrators: create (the token is shown once,
in a message), list by prefix and last use, revoke. A token is never edited."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from api.models import ApiToken
from api.services import issue_token, revoke_tokens
from hiring import roles


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "prefix",
        "name",
        "user",
        "created_at",
        "created_by",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["prefix", "name", "user__username"]
    readonly_fields = ["prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def has_module_permission(self, request) -> bool:
        return roles.has_role(request.user, roles.ADMINISTRATOR)

    def has_view_permission(self, request, obj=None) -> bool:
        return roles.has_role(request.user, roles.ADMINISTRATOR)

    def has_add_permission(self, request) -> bool:
        return roles.has_role(request.user, roles.ADMINISTRATOR)

    def has_change_permission(self, request, obj=None) -> bool:
        # Only the revoke action changes a token; it has no edit form.
        return obj is None and roles.has_role(request.user, roles.ADMINISTRATOR)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # revoked tokens stay listed: who had access, and until when

    def get_fields(self, request, obj=None) -> list[str]:
        return ["user", "name"] if obj is None else ["user", "name", *self.readonly_fields]

    def save_model(self, request, obj, form, change) -> None:
        row, token = issue_token(user=obj.user, name=obj.name, by=request.user)
        obj.pk, obj.prefix, obj.created_at = row.pk, row.prefix, row.created_at
        messages.warning(
            request,
            _("The new token for %(user)s is %(token)s — copy it now: it is not shown again.")
            % {"user": row.user, "token": token},
        )

    @admin.action(description=gettext_lazy("Revoke the selected tokens"))
    def revoke(self, request, queryset) -> None:
        count = revoke_tokens(tokens=queryset)
        messages.success(request, _("Tokens revoked: %(count)d.") % {"count": count})
