from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from candidates.services.reminders import send_overdue_reminders


class Command(BaseCommand):
    help = "E-mail interviewers whose scorecard is overdue, once per interview."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--hours",
            type=int,
            default=getattr(settings, "SCORECARD_OVERDUE_HOURS", 24),
            help="Hours after the interview before its scorecard counts as overdue.",
        )

    def handle(self, *args: object, **options: object) -> None:
        count = send_overdue_reminders(now=timezone.now(), hours=options["hours"])
        self.stdout.write(_("Sent %(count)d reminder(s).") % {"count": count})
