from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from candidates.signals import domain_event
        from notifications.receivers import on_domain_event

        domain_event.connect(on_domain_event, dispatch_uid="notifications.domain_event")
