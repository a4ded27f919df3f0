"""`python manage.py seed_demo`: the demo users (published passwords) and demo data."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from candidates.devtools.demo import create_demo


class Command(BaseCommand):
    help = "Create (or reset) the demo users and demo data. Safe to run repeatedly."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--i-know-this-is-not-production",
            action="store_true",
            dest="not_production",
            help="seed even with DEBUG off (a staging copy, a load test)",
        )

    def handle(self, *args: object, not_production: bool = False, **options: object) -> None:
        if not settings.DEBUG and not not_production:
            raise CommandError(
                "DEBUG is off: this looks like production, and seed_demo would create staff "
                "accounts with published passwords. Add --i-know-this-is-not-production "
                "if it is not."
            )
        logins, summary = create_demo()
        login_url = settings.SITE_URL.rstrip("/") + reverse("login")
        self.stdout.write(f"Demo logins ({login_url}):")
        for login in logins:
            self.stdout.write(f"  {login.role:<13} {login.username:<12} {login.password}")
        self.stdout.write(str(summary))
