"""Django admin: chat channels are edited here; what was sent is read-only."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from notifications.models import (
    ChatChannel,
    ChatEvent,
    ChatKind,
    ChatMessage,
    NoticeSent,
    ReminderSent,
)

SIGNED_KINDS = (ChatKind.DINGTALK, ChatKind.FEISHU)


class WebhookURLField(forms.URLField):
    """An address typed without a scheme is taken as https, as the chat services serve."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(assume_scheme="https", **kwargs)


class ChatChannelForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=_("events"),
        choices=ChatEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ChatChannel
        fields = ["name", "kind", "url", "secret", "events", "opening", "language", "active"]
        widgets = {"secret": forms.PasswordInput(render_value=True)}
        field_classes = {"url": WebhookURLField}

    def clean(self) -> dict:
        data = super().clean()
        if data.get("secret") and data.get("kind") not in SIGNED_KINDS:
            self.add_error(
                "secret", _("Only DingTalk and Feishu robots sign messages: leave this empty.")
            )
        return data


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written by the jobs only."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ChatChannel)
class ChatChannelAdmin(admin.ModelAdmin):
    form = ChatChannelForm
    list_display = ["name", "kind", "opening", "language", "active"]
    list_filter = ["kind", "active", "language"]
    search_fields = ["name"]
    autocomplete_fields = ["opening"]


@admin.register(ChatMessage)
class ChatMessageAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "channel", "event", "key", "status", "attempts", "response_code"]
    list_filter = ["status", "event", "channel"]
    list_select_related = ["channel"]


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnlyAdmin):
    list_display = ["claimed_at", "interview", "attempt", "channel", "recipient", "sent_at"]
    list_filter = ["channel", "attempt"]
    list_select_related = ["interview__application__candidate", "interview__interviewer"]


@admin.register(NoticeSent)
class NoticeSentAdmin(ReadOnlyAdmin):
    list_display = ["claimed_at", "event", "key", "user", "recipient", "sent_at"]
    list_filter = ["event"]
    list_select_related = ["user"]
