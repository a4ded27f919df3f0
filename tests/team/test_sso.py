"""Single sign-on end to end against the local provider of tests/team/oidc_provider.py.

Django's test client drives the app's side of the flow; `requests` plays the browser's
visit to the provider, which sends it back to the callback with a code.
"""

import importlib
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, User
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import clear_url_caches, reverse

from hiring import roles
from hiring.sso import check_oidc_settings, forget_discovery, parse_role_map
from team.models import SsoIdentity, TeamAction, TeamEvent
from team.selectors import language_for_user
from tests.team.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider

ROLE_MAP = (
    "hr-staff=HR,sales-managers=Manager,interviewers=Interviewer,"
    "rubric-admins=Rubric admin,it-admins=Administrator"
)
NO_ROLE = "none of your groups there gives a role in this app"
DID_NOT_LOG_IN = "Single sign-on did not log you in."


def reload_urls() -> None:
    """hiring/urls.py includes the OIDC addresses only when OIDC_ENABLED is on at import."""
    importlib.reload(importlib.import_module(django_settings.ROOT_URLCONF))
    clear_url_caches()


@pytest.fixture
def provider() -> Iterator[Provider]:
    running = Provider()
    yield running
    running.stop()


@pytest.fixture
def sso(settings, provider: Provider) -> Iterator[Provider]:
    """Single sign-on switched on against the local provider, as the environment would."""
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_DISCOVERY_URL = f"{provider.url}/.well-known/openid-configuration"
    settings.OIDC_ROLE_MAP = ROLE_MAP
    settings.OIDC_PROVIDER_NAME = "Keycloak"
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, settings.OIDC_BACKEND]
    forget_discovery()
    reload_urls()
    yield provider
    settings.OIDC_ENABLED = False
    reload_urls()
    forget_discovery()


def log_in_with_sso(client: Client, provider: Provider, next_url: str = ""):
    """The browser's round trip: the app, the provider, back to the app's callback."""
    start = reverse("oidc_authentication_init") + (f"?next={next_url}" if next_url else "")
    to_provider = client.get(start)
    assert to_provider.status_code == 302
    assert to_provider["Location"].startswith(f"{provider.url}/authorize?")
    at_provider = requests.get(to_provider["Location"], allow_redirects=False, timeout=5)
    assert at_provider.status_code == 302
    back = urlsplit(at_provider.headers["Location"])
    assert (back.scheme, back.netloc, back.path) == ("http", "testserver", "/oidc/callback/")
    return client.get(f"{back.path}?{back.query}")


def logged_in_user(client: Client) -> User | None:
    user = client.get(reverse("login")).wsgi_request.user
    return user if user.is_authenticated else None


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def role_names(user: User) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def account(username: str, email: str, *role: str, **fields: Any) -> User:
    user = User.objects.create_user(username=username, email=email, password="pw", **fields)
    user.groups.set(Group.objects.filter(name__in=role))
    return user


@pytest.mark.django_db
def test_a_new_person_logs_in_with_the_roles_their_groups_map_to(sso):
    sso.person(
        email="wang.fang@example.com",
        preferred_username="wang.fang",
        given_name="Fang",
        family_name="Wang",
        groups=["hr-staff", "interviewers", "marketing"],
        is_staff=True,
        is_superuser=True,
    )
    client = Client()
    response = log_in_with_sso(client, sso)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    user = logged_in_user(client)
    assert user is not None
    assert (user.username, user.email, user.get_full_name()) == (
        "wang.fang",
        "wang.fang@example.com",
        "Fang Wang",
    )
    assert role_names(user) == {roles.HR, roles.INTERVIEWER}
    assert not user.is_staff and not user.is_superuser and not user.has_usable_password()
    identity = SsoIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject) == (sso.url, "person-1")
    event = TeamEvent.objects.get(subject=user)
    assert (event.action, event.actor, event.detail) == (
        TeamAction.SSO_CREATED,
        None,
        "HR, Interviewer",
    )
    asked = sso.authorize_requests[0]
    assert asked["client_id"] == CLIENT_ID and asked["nonce"] and asked["state"]
    assert asked["code_challenge_method"] == "S256"


@pytest.mark.django_db
def test_the_login_goes_on_to_the_page_asked_for(sso):
    sso.person(email="li@example.com", groups=["sales-managers"])
    response = log_in_with_sso(Client(), sso, next_url="/team/")
    assert response["Location"] == "/team/"


@pytest.mark.django_db
def test_an_id_token_signed_with_another_key_is_refused(sso):
    sso.person(email="mallory@example.com", groups=["it-admins"])
    sso.signing_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    client = Client()
    response = log_in_with_sso(client, sso)

    assert response["Location"] == reverse("login")
    assert any(DID_NOT_LOG_IN in text for text in messages_of(response))
    assert logged_in_user(client) is None
    assert not User.objects.filter(email="mallory@example.com").exists()


@pytest.mark.django_db
def test_an_id_token_for_another_client_is_refused(sso):
    sso.person(email="mallory@example.com", groups=["it-admins"])
    sso.audience = "some-other-app"
    client = Client()
    log_in_with_sso(client, sso)
    assert logged_in_user(client) is None
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_person_whose_groups_map_to_no_role_is_refused_with_a_message(sso):
    sso.person(email="visitor@example.com", groups=["marketing"])
    client = Client()
    response = log_in_with_sso(client, sso)

    assert response["Location"] == reverse("login")
    page = client.get(response["Location"])
    assert NO_ROLE in page.content.decode()
    assert logged_in_user(client) is None
    assert not User.objects.filter(email="visitor@example.com").exists()


@pytest.mark.django_db
def test_claims_without_the_groups_claim_are_refused_and_change_nothing(sso):
    existing = account("zhao", "zhao@example.com", roles.HR)
    sso.person(email="zhao@example.com")
    client = Client()
    response = log_in_with_sso(client, sso)
    assert any(NO_ROLE in text for text in messages_of(response))
    assert role_names(existing) == {roles.HR}
    assert not SsoIdentity.objects.exists()


@pytest.mark.django_db
def test_an_existing_account_is_found_by_email_in_any_case_and_its_mapped_roles_follow(
    sso, settings
):
    # Rubric admin is not in this map: an administrator's choice that the login keeps.
    settings.OIDC_ROLE_MAP = "sales-managers=Manager,interviewers=Interviewer"
    existing = account("chen", "Chen.Jing@Example.com", roles.INTERVIEWER, roles.RUBRIC_ADMIN)
    sso.person(email="chen.jing@example.com", groups=["sales-managers"])
    client = Client()
    log_in_with_sso(client, sso)

    assert logged_in_user(client) == existing
    assert role_names(existing) == {roles.MANAGER, roles.RUBRIC_ADMIN}
    assert User.objects.count() == 1
    assert SsoIdentity.objects.get(user=existing).subject == "person-1"
    events = {event.action: event.detail for event in TeamEvent.objects.filter(subject=existing)}
    assert events[TeamAction.SSO_LINKED] == sso.url
    assert events[TeamAction.ROLES_CHANGED] == (
        "Interviewer, Rubric admin -> Manager, Rubric admin (single sign-on)"
    )


@pytest.mark.django_db
def test_a_changed_address_at_the_provider_still_opens_the_linked_account(sso):
    existing = account("sun", "sun@example.com", roles.HR)
    sso.person(email="sun@example.com", groups=["hr-staff"])
    log_in_with_sso(Client(), sso)

    sso.person(email="sun.li@new.example.com", groups=["hr-staff"])
    client = Client()
    log_in_with_sso(client, sso)
    assert logged_in_user(client) == existing
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_a_person_who_left_every_mapped_group_loses_those_roles_and_is_refused(sso):
    existing = account("qian", "qian@example.com", roles.HR, roles.INTERVIEWER)
    sso.person(email="qian@example.com", groups=["alumni"])
    client = Client()
    response = log_in_with_sso(client, sso)

    assert logged_in_user(client) is None
    assert any(NO_ROLE in text for text in messages_of(response))
    assert role_names(existing) == set()


@pytest.mark.django_db
def test_the_last_administrator_keeps_the_role_whatever_the_groups_say(sso):
    only_admin = account("boss", "boss@example.com", roles.ADMINISTRATOR)
    sso.person(email="boss@example.com", groups=["hr-staff"])
    client = Client()
    log_in_with_sso(client, sso)
    assert logged_in_user(client) == only_admin
    assert role_names(only_admin) == {roles.ADMINISTRATOR, roles.HR}


@pytest.mark.django_db
def test_a_deactivated_account_is_refused(sso):
    existing = account("gone", "gone@example.com", roles.HR, is_active=False)
    sso.person(email="gone@example.com", groups=["hr-staff"])
    client = Client()
    response = log_in_with_sso(client, sso)
    assert logged_in_user(client) is None
    assert any("deactivated" in text for text in messages_of(response))
    assert not SsoIdentity.objects.filter(user=existing).exists()


@pytest.mark.django_db
def test_deactivating_an_account_ends_its_single_sign_on_session(sso):
    sso.person(email="zhou@example.com", groups=["interviewers"])
    client = Client()
    log_in_with_sso(client, sso)
    user = logged_in_user(client)
    assert user is not None
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert logged_in_user(client) is None


@pytest.mark.django_db
def test_a_superuser_logs_in_with_the_password_only(sso):
    root = User.objects.create_superuser("root", "root@example.com", "pw")
    sso.person(email="root@example.com", groups=["it-admins"])
    client = Client()
    response = log_in_with_sso(client, sso)
    assert logged_in_user(client) is None
    assert any("password only" in text for text in messages_of(response))
    assert not SsoIdentity.objects.filter(user=root).exists()


@pytest.mark.django_db
def test_an_address_the_provider_has_not_verified_opens_no_account(sso):
    existing = account("wu", "wu@example.com", roles.HR)
    sso.person(email="wu@example.com", email_verified="false", groups=["it-admins"])
    client = Client()
    response = log_in_with_sso(client, sso)
    assert logged_in_user(client) is None
    assert any("no verified e-mail address" in text for text in messages_of(response))
    assert role_names(existing) == {roles.HR}
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_without_create_users_an_unknown_person_is_refused(sso, settings):
    settings.OIDC_CREATE_USERS = False
    sso.person(email="new@example.com", groups=["hr-staff"])
    client = Client()
    response = log_in_with_sso(client, sso)
    assert logged_in_user(client) is None
    assert any("no account for new@example.com" in text for text in messages_of(response))
    assert not User.objects.exists()


@pytest.mark.django_db
def test_refused_single_sign_on_logins_lock_nobody_out(sso, settings):
    for number in range(settings.AXES_FAILURE_LIMIT + 1):
        sso.person(sub=f"visitor-{number}", email=f"v{number}@example.com", groups=["marketing"])
        log_in_with_sso(Client(), sso)
    sso.person(sub="colleague", email="colleague@example.com", groups=["hr-staff"])
    client = Client()
    log_in_with_sso(client, sso)
    assert logged_in_user(client).email == "colleague@example.com"


@pytest.mark.django_db
def test_wrong_passwords_still_lock_the_password_form_with_single_sign_on_on(sso, settings):
    account("hr1", "hr1@example.com", roles.HR)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "hr1", "password": "wrong"})
    locked = client.post(reverse("login"), {"username": "hr1", "password": "pw"})
    assert locked.status_code == 429
    assert logged_in_user(client) is None


@pytest.mark.django_db
def test_groups_only_in_the_id_token_count(sso):
    sso.person(email="azure@example.com")
    sso.id_token_claims = {"groups": ["rubric-admins"]}
    client = Client()
    log_in_with_sso(client, sso)
    assert role_names(logged_in_user(client)) == {roles.RUBRIC_ADMIN}


@pytest.mark.django_db
def test_a_callback_opened_again_is_refused_with_a_message(sso):
    sso.person(email="he@example.com", groups=["hr-staff"])
    client = Client()
    to_provider = client.get(reverse("oidc_authentication_init"))
    at_provider = requests.get(to_provider["Location"], allow_redirects=False, timeout=5)
    back = urlsplit(at_provider.headers["Location"])
    client.get(f"{back.path}?{back.query}")
    client.logout()

    again = client.get(f"{back.path}?{back.query}")
    assert again.status_code == 302 and again["Location"] == reverse("login")
    assert any(DID_NOT_LOG_IN in text for text in messages_of(again))
    assert logged_in_user(client) is None


@pytest.mark.django_db
def test_a_callback_with_a_state_this_browser_never_sent_is_refused_with_a_message(sso):
    sso.person(email="he@example.com", groups=["hr-staff"])
    client = Client()
    client.get(reverse("oidc_authentication_init"))
    forged = client.get(reverse("oidc_authentication_callback") + "?code=abc&state=forged")
    assert forged.status_code == 302 and forged["Location"] == reverse("login")
    assert any(DID_NOT_LOG_IN in text for text in messages_of(forged))
    assert logged_in_user(client) is None


@pytest.mark.django_db
def test_the_provider_saying_no_brings_the_user_back_to_the_login_page(sso):
    client = Client()
    response = client.get(reverse("oidc_authentication_callback") + "?error=access_denied")
    assert response["Location"] == reverse("login")
    assert any(DID_NOT_LOG_IN in text for text in messages_of(response))


@pytest.mark.django_db
def test_an_unreachable_provider_is_a_message_and_the_password_still_works(sso, settings):
    settings.OIDC_OP_DISCOVERY_URL = "http://127.0.0.1:9/.well-known/openid-configuration"
    forget_discovery()
    client = Client()
    response = client.get(reverse("oidc_authentication_init"))
    assert response["Location"] == reverse("login")
    assert any("cannot be reached" in text for text in messages_of(response))

    account("breakglass", "it@example.com", roles.ADMINISTRATOR)
    login = client.post(reverse("login"), {"username": "breakglass", "password": "pw"})
    assert login.status_code == 302
    assert logged_in_user(client).username == "breakglass"


@pytest.mark.django_db
def test_the_login_page_offers_single_sign_on_beside_the_password(sso):
    page = Client().get(reverse("login") + "?next=/team/").content.decode()
    assert 'href="/oidc/authenticate/?next=/team/"' in page
    assert "Log in with Keycloak" in page
    assert 'name="password"' in page


@pytest.mark.django_db
def test_with_single_sign_on_off_the_addresses_are_404_and_there_is_no_button(settings):
    settings.OIDC_ENABLED = False
    reload_urls()
    client = Client()
    for address in ("/oidc/authenticate/", "/oidc/callback/?code=x&state=y"):
        assert client.get(address).status_code == 404
    page = client.get(reverse("login")).content.decode()
    assert "/oidc/" not in page
    assert "single sign-on" not in page.lower()
    assert 'name="password"' in page


def test_the_start_up_check_names_what_is_missing(settings):
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = ""
    settings.OIDC_RP_CLIENT_SECRET = "x"
    settings.OIDC_OP_DISCOVERY_URL = ""
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://idp.example.com/authorize"
    settings.OIDC_ROLE_MAP = "hr-staff=Recruiter"
    found = {error.id: error.msg for error in check_oidc_settings()}
    assert set(found) == {"hiring.E101", "hiring.E102", "hiring.E104", "hiring.E106"}
    assert "OIDC_RP_CLIENT_ID" in found["hiring.E101"]
    assert "OIDC_OP_TOKEN_ENDPOINT" in found["hiring.E102"]
    assert "OIDC_OP_AUTHORIZATION_ENDPOINT" not in found["hiring.E102"]


def test_the_start_up_check_passes_a_complete_configuration_and_ignores_sso_off(settings):
    settings.OIDC_ENABLED = False
    settings.OIDC_RP_CLIENT_ID = ""
    assert check_oidc_settings() == []
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_DISCOVERY_URL = "https://idp.example.com/.well-known/openid-configuration"
    settings.OIDC_ROLE_MAP = ROLE_MAP
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, settings.OIDC_BACKEND]
    assert check_oidc_settings() == []


def test_the_role_map_reads_groups_to_roles_in_any_case():
    assert parse_role_map(" hr-staff = hr , leads=Manager, leads=interviewer,") == {
        "hr-staff": frozenset({roles.HR}),
        "leads": frozenset({roles.MANAGER, roles.INTERVIEWER}),
    }
    with pytest.raises(ValueError, match="Recruiter"):
        parse_role_map("hr-staff=Recruiter")
    with pytest.raises(ValueError, match="hr-staff"):
        parse_role_map("hr-staff")


@pytest.mark.django_db
def test_a_new_account_takes_the_language_of_the_page_it_signed_in_from(sso):
    """Its e-mails go in that language until the person chooses another."""
    sso.person(email="li.ming@example.com", preferred_username="li.ming", groups=["hr-staff"])
    client = Client(headers={"accept-language": "zh-hans"})
    log_in_with_sso(client, sso)
    user = logged_in_user(client)
    assert language_for_user(user) == "zh-hans"
