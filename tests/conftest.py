"""Personas: one logged-in client per role, plus an outsider with no role."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import caches
from django.test import Client
from django.urls import reverse_lazy
from django.utils import translation

from candidates.models import Interviewer
from candidates.selectors.caching import recent
from hiring import roles
from rubrics.models import Rubric
from tests.factories import InterviewFactory

PERSONAS = {
    "hr": roles.HR,
    "interviewer": roles.INTERVIEWER,
    "manager": roles.MANAGER,
    "rubric_admin": roles.RUBRIC_ADMIN,
    "admin": roles.ADMINISTRATOR,
    "outsider": None,
}


def make_user(username: str, role: str | None, *, staff: bool = False) -> User:
    user = User.objects.create_user(username=username, password="pw-for-tests", is_staff=staff)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


SET_PASSWORD = reverse_lazy("team:invitation-set-password")


def open_invitation(link: str) -> tuple[Client, object]:
    """A browser that followed an invitation link: it holds the set-password form, no token."""
    invitee = Client()
    return invitee, invitee.get(link, follow=True)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Django's default hasher is slow on purpose (about 0.3 s a password here); the
    tests make thousands of users (the role matrix alone some 2,000) and test no hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language. A request in Chinese leaves Chinese
    active on the test's thread (LocaleMiddleware never switches back), so a later
    test comparing English messages failed depending on the order tests ran in."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_ranking_cache():
    """Each test starts with nothing cached: the cache is per process, tests share it."""
    caches["ranking"].clear()
    recent.clear()


@pytest.fixture(autouse=True)
def uploads_in_a_temporary_folder(settings, tmp_path):
    """Files a test uploads (CVs) never land in the checkout's media/ folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def hr(db) -> User:
    return make_user("hr", roles.HR, staff=True)


@pytest.fixture
def interviewer(db) -> User:
    return make_user("interviewer", roles.INTERVIEWER)


@pytest.fixture
def manager(db) -> User:
    return make_user("manager", roles.MANAGER)


@pytest.fixture
def manager_elsewhere(db) -> User:
    """A manager on no hiring team of the openings a test makes."""
    return make_user("manager_elsewhere", roles.MANAGER)


@pytest.fixture
def interviewer_elsewhere(db) -> User:
    """An interviewer whose only interview is on an opening of its own."""
    user = make_user("interviewer_elsewhere", roles.INTERVIEWER)
    InterviewFactory(interviewer=Interviewer.objects.create(name="Elsewhere", user=user))
    return user


@pytest.fixture
def rubric_admin(db) -> User:
    return make_user("rubric_admin", roles.RUBRIC_ADMIN, staff=True)


@pytest.fixture
def admin(db) -> User:
    """An Administrator: everything HR may do, plus the Team page."""
    return make_user("admin", roles.ADMINISTRATOR)


@pytest.fixture
def outsider(db) -> User:
    return make_user("outsider", None)


@pytest.fixture
def persona_client(request, db):
    """A client logged in as the persona named by `request.param` ("anonymous" for none)."""

    def build(name: str) -> Client:
        if name == "anonymous":
            return Client()
        return logged_in(request.getfixturevalue(name))

    return build


@pytest.fixture
def default_rubric(db) -> Rubric:
    return Rubric.objects.get(is_default=True)
