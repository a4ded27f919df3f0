from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from integrations.models import Webhook
from integrations.services import send_test


class Command(BaseCommand):
    help = "POST a signed webhook.test event to a webhook now and print the answer."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("hook_id", type=int, help="the webhook's id (in the admin's address)")

    def handle(self, *args: object, **options: int) -> None:
        webhook = Webhook.objects.filter(pk=options["hook_id"]).first()
        if webhook is None:
            raise CommandError(_("There is no webhook %(hook_id)d.") % options)
        delivery, attempt = send_test(webhook=webhook)
        values = {
            "url": webhook.url,
            "delivery": delivery.pk,
            "status": delivery.last_status_code,
            "error": delivery.last_error,
            "ms": attempt.duration_ms if attempt else 0,
        }
        if attempt is None or not attempt.ok:
            raise CommandError(_("%(url)s failed (delivery %(delivery)d): %(error)s") % values)
        self.stdout.write(
            _("%(url)s answered %(status)d in %(ms)d ms (delivery %(delivery)d).") % values
        )
