from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = _("Integrations")

    def ready(self) -> None:
        # The candidates app may not import this one: it announces, we listen.
        from candidates.signals import domain_event
        from integrations.events import on_domain_event

        domain_event.connect(on_domain_event, dispatch_uid="integrations.webhooks")
