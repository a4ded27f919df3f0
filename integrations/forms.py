"""The webhook form of the Django admin: events as checkboxes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from integrations.models import SUBSCRIBABLE, Webhook


class WebhookForm(forms.ModelForm):
    # An address typed without a scheme is taken as https.
    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        help_text=Webhook._meta.get_field("url").help_text,
    )
    events = forms.MultipleChoiceField(
        label=_("events"),
        choices=SUBSCRIBABLE,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The events sent to this URL."),
    )

    class Meta:
        model = Webhook
        fields = ["url", "events", "active"]
