from django.core.management.base import BaseCommand

from candidates.devtools.demo import create_demo


class Command(BaseCommand):
    help = "Create (or reset) the demo users and demo data. Safe to run repeatedly."

    def handle(self, *args: object, **options: object) -> None:
        logins, summary = create_demo()
        self.stdout.write("Demo logins (http://127.0.0.1:8000/accounts/login/):")
        for login in logins:
            self.stdout.write(f"  {login.role:<13} {login.username:<12} {login.password}")
        self.stdout.write(str(summary))
