from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from hiring import roles
from team.services import TeamRefused, create_account


class Command(BaseCommand):
    help = "Create the first Administrator and print a one-time set-password link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("email")

    def handle(self, *args: object, **options: str) -> None:
        username, email = options["username"], options["email"]
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(_("An account named %(username)s exists already.") % options)
        try:
            _user, link = create_account(
                by=None,
                username=username,
                email=email,
                role_names=[roles.ADMINISTRATOR],
                site_url=settings.SITE_URL,
            )
        except TeamRefused as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(_("Administrator %(username)s created. Set the password here:") % options)
        self.stdout.write(link)
