"""`manage.py prune_background_work [--days 7]`: clear old background work (daily, from cron)."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from candidates.services.work import prune_background_work


class Command(BaseCommand):
    help = (
        "Delete background work (large imports and exports) finished more than --days days "
        "ago, with its files, and jobs left waiting or running that long."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=7, help="Keep what finished within this many days (7)."
        )

    def handle(self, *args: object, **options: object) -> None:
        days = int(options["days"])
        if days < 0:
            raise CommandError(_("--days must be 0 or more."))
        count = prune_background_work(older_than=timedelta(days=days), now=timezone.now())
        self.stdout.write(
            ngettext(
                "Deleted %(count)d background job.", "Deleted %(count)d background jobs.", count
            )
            % {"count": count}
        )
