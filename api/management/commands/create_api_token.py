from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from api.services import issue_token


class Command(BaseCommand):
    help = "Create an API token for a user and print it: the only time it is shown."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for.")

    def handle(self, *args: object, **options: str) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(_("No active account is named %(username)s.") % options)
        _row, token = issue_token(user=user, name=options["name"][:100])
        # The token alone on standard output, so a script can capture it.
        self.stdout.write(token)
        self.stderr.write(_("Copy this token now: it is not shown again."))
