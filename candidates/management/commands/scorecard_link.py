from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from candidates.models import LINK_DAYS, Interview
from candidates.services.links import LinkRefused, create_link, revoke_links


class Command(BaseCommand):
    help = (
        "Print the path of a new scorecard link for an interview (replacing its live link), "
        "or revoke its links with --revoke."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("interview_id", type=int)
        parser.add_argument(
            "--days", type=int, default=LINK_DAYS, help="Days the link stays live (default 14)."
        )
        parser.add_argument("--revoke", action="store_true", help="Revoke the interview's links.")

    def handle(self, *args: object, **options) -> None:
        interview = Interview.objects.filter(pk=options["interview_id"]).first()
        if interview is None:
            raise CommandError(_("No interview with id %(id)s.") % {"id": options["interview_id"]})
        if options["revoke"]:
            count = revoke_links(interview=interview, by=None)
            self.stdout.write(_("Revoked %(count)d link(s).") % {"count": count})
            return
        try:
            new = create_link(interview=interview, by=None, days=options["days"])
        except LinkRefused as refused:
            raise CommandError(refused.message) from None
        self.stdout.write(new.path)
