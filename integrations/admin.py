"""Webhooks in the Django admin: Administrators only (staff, with the Administrator role).

The secret is shown to them on the webhook's page, so they can give it to the
receiver; other staff (HR, rubric admins) do not see this section at all.
Deliveries are read-only, with a "retry now" action.
"""

import json

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from candidates.admin import ReadOnlyMixin
from hiring.roles import ADMINISTRATOR, has_role
from integrations.forms import WebhookForm
from integrations.models import Delivery, Webhook
from integrations.services import retry_now, rotate_secret, send_test


class AdministratorsOnly:
    """The Administrator role decides, not Django's model permissions."""

    def has_module_permission(self, request) -> bool:
        return has_role(request.user, ADMINISTRATOR)

    def has_view_permission(self, request, obj=None) -> bool:
        return has_role(request.user, ADMINISTRATOR)

    def has_add_permission(self, request, obj=None) -> bool:
        return has_role(request.user, ADMINISTRATOR)

    def has_change_permission(self, request, obj=None) -> bool:
        return has_role(request.user, ADMINISTRATOR)

    def has_delete_permission(self, request, obj=None) -> bool:
        return has_role(request.user, ADMINISTRATOR)


@admin.register(Webhook)
class WebhookAdmin(AdministratorsOnly, admin.ModelAdmin):
    form = WebhookForm
    list_display = ["url", "event_list", "active", "created_by", "created_at"]
    list_filter = ["active"]
    readonly_fields = ["secret", "created_by", "created_at"]
    actions = ["rotate_secrets", "send_tests"]

    @admin.display(description=_("events"))
    def event_list(self, webhook: Webhook) -> str:
        return ", ".join(webhook.events)

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        # The secret is made when the webhook is saved: the add page has none to show.
        return self.readonly_fields if obj is not None else []

    def save_model(self, request, obj: Webhook, form, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Rotate the signing secret"))
    def rotate_secrets(self, request, queryset) -> None:
        for webhook in queryset:
            rotate_secret(webhook=webhook)
        count = len(queryset)
        self.message_user(
            request,
            ngettext(
                "New secret made for %(count)d webhook; the old one no longer signs. "
                "Give the receiver the new secret shown on the webhook's page.",
                "New secrets made for %(count)d webhooks; the old ones no longer sign. "
                "Give each receiver the new secret shown on its webhook's page.",
                count,
            )
            % {"count": count},
            messages.WARNING,
        )

    @admin.action(description=_("Send a test event now"))
    def send_tests(self, request, queryset) -> None:
        for webhook in queryset:
            delivery, attempt = send_test(webhook=webhook)
            if attempt is not None and attempt.ok:
                self.message_user(
                    request,
                    _("%(url)s answered %(status)d.")
                    % {"url": webhook.url, "status": attempt.status_code},
                    messages.SUCCESS,
                )
            else:
                self.message_user(
                    request,
                    _("%(url)s failed: %(error)s")
                    % {"url": webhook.url, "error": delivery.last_error},
                    messages.ERROR,
                )


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyMixin, AdministratorsOnly, admin.ModelAdmin):
    """Read-only: the jobs write deliveries; "retry now" asks for another attempt."""

    list_display = [
        "created_at",
        "event",
        "webhook",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
        "delivered_at",
    ]
    list_filter = ["status", "event", "webhook"]
    list_select_related = ["webhook"]
    fields = [
        "webhook",
        "event",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "next_attempt_at",
        "created_at",
        "delivered_at",
        "payload_json",
        "attempt_log_json",
    ]
    readonly_fields = fields
    actions = ["retry_deliveries"]

    @admin.display(description=_("payload"))
    def payload_json(self, delivery: Delivery) -> str:
        return format_html("<pre>{}</pre>", json.dumps(delivery.payload, indent=2))

    @admin.display(description=_("attempts made"))
    def attempt_log_json(self, delivery: Delivery) -> str:
        return format_html("<pre>{}</pre>", json.dumps(delivery.attempt_log, indent=2))

    @admin.action(description=_("Retry now"))
    def retry_deliveries(self, request, queryset) -> None:
        count = retry_now(deliveries=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d delivery will be attempted again now.",
                "%(count)d deliveries will be attempted again now.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
