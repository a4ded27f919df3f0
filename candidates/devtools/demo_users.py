"""Demo data for `seed_demo`: safe to run again and again."""

from dataclasses import dataclass

from django.contrib.auth.models import Group, User
from django.db import transaction

from candidates.devtools.demo import DemoSummary, create_demo_data
from hiring import roles


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str


DEMO_USERS = (
    # username, role, staff (may open the Django admin)
    ("hr", roles.HR, True),
    ("interviewer", roles.INTERVIEWER, False),
    ("manager", roles.MANAGER, False),
    ("rubricadmin", roles.RUBRIC_ADMIN, True),
)


def demo_password(username: str) -> str:
    """Demo passwords are public by design: these accounts exist only in demo data."""
    return f"{username}-demo-2026"


@transaction.atomic
def create_demo_users() -> list[DemoLogin]:
    """One user per role, with a known password; re-running resets them."""
    logins = []
    for username, role, staff in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=username)
        user.is_staff = staff
        user.email = f"{username}@example.com"
        user.set_password(demo_password(username))
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        logins.append(DemoLogin(username, demo_password(username), role))
    return logins


@transaction.atomic
def create_demo() -> tuple[list[DemoLogin], DemoSummary]:
    """The demo users first (the demo data refers to them), then the demo data."""
    logins = create_demo_users()
    return logins, create_demo_data()
