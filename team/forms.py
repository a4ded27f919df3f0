"""The Team page's forms: a new account (invited or created), roles, the invitee's password."""

from django import forms
from django.contrib.auth.forms import SetPasswordForm, UsernameField
from django.contrib.auth.models import User
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from hiring import roles


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


class InvitationPasswordForm(SetPasswordForm):
    """Django's set-password form: the two fields and every AUTH_PASSWORD_VALIDATORS rule."""
