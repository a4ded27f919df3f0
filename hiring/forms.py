"""The two login forms (the site's and the Django admin's), strict about the username's length.

Django's login form shows the user model's length limit in the browser but never
checks it, so a longer name reached django-axes, whose record of the failed
login holds 255 characters: PostgreSQL refused the row and the page was a 500.
A name longer than any account's is refused next to the field instead, before
anyone tries to authenticate it.
"""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class UsernameLengthMixin:
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        username = self.fields["username"]  # type: ignore[attr-defined]
        username.validators.append(MaxLengthValidator(username.max_length))


class LoginForm(UsernameLengthMixin, AuthenticationForm):
    pass


class AdminLoginForm(UsernameLengthMixin, AdminAuthenticationForm):
    pass
