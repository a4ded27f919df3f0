"""The language an account's e-mails go in: chosen with the language buttons, set on the Team
page, started at invitation; and the one rule that picks it (team.selectors)."""

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from hiring import roles
from team.models import Preference, TeamAction, TeamEvent
from team.selectors import language_for_user
from team.services import resend_invitation, set_language_preference
from tests.conftest import logged_in, make_user

pytestmark = pytest.mark.django_db


def switch(client: Client, language: str):
    return client.post(reverse("set_language"), {"language": language, "next": "/"})


def stored(user: User) -> str | None:
    preference = Preference.objects.filter(user=user).first()
    return preference.language if preference else None


def in_chinese(msgid: str) -> str:
    with translation.override("zh-hans"):
        return gettext(msgid)


def test_switching_language_while_logged_in_stores_it(hr):
    client = logged_in(hr)
    response = switch(client, "zh-hans")
    assert response.status_code == 302
    assert stored(hr) == "zh-hans"
    assert 'lang="zh-hans"' in client.get(reverse("home")).content.decode()

    switch(client, "en")
    assert stored(hr) == "en"
    assert Preference.objects.filter(user=hr).count() == 1


def test_anonymous_switching_still_sets_the_page_language_and_stores_nothing():
    client = Client()
    response = switch(client, "zh-hans")
    assert response.status_code == 302
    assert 'lang="zh-hans"' in client.get(reverse("login")).content.decode()
    assert Preference.objects.count() == 0


def test_an_unknown_language_is_ignored_without_an_error(hr):
    client = logged_in(hr)
    assert switch(client, "xx").status_code == 302
    assert stored(hr) is None
    assert client.get(reverse("set_language")).status_code in (302, 405)
    assert stored(hr) is None


def test_the_account_choice_beats_the_interviewer_field_which_beats_the_site(settings):
    settings.LANGUAGE_CODE = "en"
    user = make_user("li", None)
    assert language_for_user(None) == "en"
    assert language_for_user(None, fallback="zh-hans") == "zh-hans"
    assert language_for_user(user, fallback="zh-hans") == "zh-hans"
    set_language_preference(user=user, language="en")
    assert language_for_user(user, fallback="zh-hans") == "en"
    settings.LANGUAGE_CODE = "zh-hans"
    assert language_for_user(None, fallback="") == "zh-hans"


def test_a_stored_language_no_longer_offered_falls_back(settings):
    user = make_user("li", None)
    Preference.objects.create(user=user, language="fr")
    assert language_for_user(user, fallback="zh-hans") == "zh-hans"
    assert language_for_user(user) == settings.LANGUAGE_CODE


def invite_from(admin: User, *, page_language: str, username: str = "newcomer"):
    data = {
        "invite-username": username,
        "invite-email": f"{username}@example.com",
        "invite-roles": [roles.INTERVIEWER],
    }
    return logged_in(admin).post(
        reverse("team:invite"), data, HTTP_ACCEPT_LANGUAGE=page_language, follow=True
    )


def test_an_invitation_goes_in_the_inviters_language_and_the_account_keeps_it(admin):
    invite_from(admin, page_language="zh-Hans")
    (message,) = mail.outbox
    assert message.subject == in_chinese("Your account on the hiring app")
    assert message.subject != "Your account on the hiring app"
    assert stored(User.objects.get(username="newcomer")) == "zh-hans"


def test_an_invitation_from_an_english_page_is_in_english(admin):
    invite_from(admin, page_language="en")
    (message,) = mail.outbox
    assert message.subject == "Your account on the hiring app"
    assert stored(User.objects.get(username="newcomer")) == "en"


def test_a_resent_invitation_keeps_the_invitees_language(admin):
    invite_from(admin, page_language="zh-Hans")
    newcomer = User.objects.get(username="newcomer")
    with translation.override("en"):
        resend_invitation(by=admin, user=newcomer, site_url="http://testserver")
    assert mail.outbox[-1].subject == in_chinese("Your account on the hiring app")


def test_an_administrator_sets_a_members_language_and_it_is_recorded(admin, hr):
    response = logged_in(admin).post(
        reverse("team:language", args=[hr.pk]), {"language": "zh-hans"}, follow=True
    )
    assert response.status_code == 200
    assert stored(hr) == "zh-hans"
    event = TeamEvent.objects.get(action=TeamAction.LANGUAGE_CHANGED)
    assert (event.actor, event.subject) == (admin, hr)
    assert 'value="zh-hans" selected' in logged_in(admin).get(reverse("team:team")).content.decode()


def test_a_bad_language_on_the_team_page_is_refused_with_a_message(admin, hr):
    response = logged_in(admin).post(
        reverse("team:language", args=[hr.pk]), {"language": "klingon"}, follow=True
    )
    assert response.status_code == 200
    assert "Choose a language from the list." in response.content.decode()
    assert stored(hr) is None


def test_only_an_administrator_sets_someone_elses_language(hr, admin):
    response = logged_in(hr).post(reverse("team:language", args=[admin.pk]), {"language": "en"})
    assert response.status_code == 403
    assert stored(admin) is None


def test_the_password_reset_mail_is_in_the_accounts_language(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    chinese, english = make_user("li", None), make_user("smith", None)
    for user in (chinese, english):
        user.email = f"{user.username}@example.com"
        user.save()
    set_language_preference(user=chinese, language="zh-hans")
    for address in ("li@example.com", "smith@example.com"):
        Client().post(reverse("password_reset"), {"email": address}, HTTP_ACCEPT_LANGUAGE="en")

    by_address = {message.to[0]: message for message in mail.outbox}
    with translation.override("zh-hans"):
        chinese_line = gettext("Please go to the following page and choose a new password:")
    assert chinese_line != "Please go to the following page and choose a new password:"
    assert chinese_line in by_address["li@example.com"].body
    assert "Please go to the following page" in by_address["smith@example.com"].body


def test_a_preference_loaded_with_select_related_costs_no_query(
    django_assert_num_queries, settings
):
    chinese, plain = make_user("li", None), make_user("smith", None)
    set_language_preference(user=chinese, language="zh-hans")
    users = list(
        User.objects.filter(pk__in=[chinese.pk, plain.pk])
        .select_related("preference")
        .order_by("pk")
    )
    with django_assert_num_queries(0):
        languages = [language_for_user(user) for user in users]
    assert languages == ["zh-hans", settings.LANGUAGE_CODE]
