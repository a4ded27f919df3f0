from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.tasks import enqueue_due_reminders


class Command(BaseCommand):
    help = (
        "Queue the scorecard reminders due now (REMINDER_FIRST_HOURS after the interview, "
        "then every REMINDER_REPEAT_HOURS, REMINDER_LIMIT in all). Safe to run from cron "
        "every few minutes: a reminder is sent once however often it is queued."
    )

    def handle(self, *args: object, **options: object) -> None:
        count = enqueue_due_reminders(now=timezone.now())
        self.stdout.write(_("Queued %(count)d reminder(s).") % {"count": count})
