"""The Team page's forms: a new account (invited or created), roles, a member's language, the
invitee's password; and the password reset form that writes in the account's language."""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import SetPasswordForm, UsernameField
from django.contrib.auth.models import User
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from hiring import roles
from hiring.forms import ThrottledPasswordResetForm
from team.selectors import language_for_user


def role_choices() -> list[tuple[str, str]]:
    return [(name, roles.ROLE_LABELS[name]) for name in roles.ALL_ROLES]


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs) -> None:
        super().__init__(choices=role_choices, label=_("Roles"), required=False, **kwargs)


class NewAccountForm(forms.Form):
    username = UsernameField(
        label=_("Username"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letters, digits and @ . + - _ only."),
    )
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    roles = RolesField()

    def __init__(self, *args, prefix: str, **kwargs) -> None:
        super().__init__(*args, prefix=prefix, **kwargs)

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("An account with this username already exists."))
        return username

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Another account already uses this e-mail address."))
        return email


class RolesForm(forms.Form):
    roles = RolesField()


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class LanguagePasswordResetForm(ThrottledPasswordResetForm):
    """The reset e-mail goes in the language of the account it is for, not of the page."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        with translation.override(language_for_user(context.get("user"))):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class InvitationPasswordForm(SetPasswordForm):
    """Django's set-password form: the two fields and every AUTH_PASSWORD_VALIDATORS rule."""
