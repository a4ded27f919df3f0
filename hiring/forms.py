"""The login forms (the site's and the Django admin's) and the throttled password reset form.

The login forms are strict about the username's length.

Django's login form shows the user model's length limit in the browser but never
checks it, so a longer name reached django-axes, whose record of the failed
login holds 255 characters: PostgreSQL refused the row and the page was a 500.
A name longer than any account's is refused next to the field instead, before
anyone tries to authenticate it.
"""

import hashlib

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.validators import MaxLengthValidator

from hiring.ratelimit import count_request, over_limit

THROTTLE_SECONDS = 3600


class UsernameLengthMixin:
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        username = self.fields["username"]  # type: ignore[attr-defined]
        username.validators.append(MaxLengthValidator(username.max_length))


class LoginForm(UsernameLengthMixin, AuthenticationForm):
    pass


class AdminLoginForm(UsernameLengthMixin, AdminAuthenticationForm):
    pass


class ThrottledPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending nothing past the hourly limits per address and per IP.

    The page after it always says the same thing, so neither the limit nor whether an
    address has an account can be read from it.
    """

    def save(self, *args, request=None, **kwargs) -> None:
        email = hashlib.sha256(self.cleaned_data["email"].strip().lower().encode()).hexdigest()
        over_address = count_request(f"password-reset:email:{email}", THROTTLE_SECONDS) > (
            settings.PASSWORD_RESET_PER_ADDRESS
        )
        over_ip = over_limit(
            request,
            scope="password-reset",
            limit=settings.PASSWORD_RESET_PER_IP,
            seconds=THROTTLE_SECONDS,
        )
        if over_address or over_ip:
            return
        super().save(*args, request=request, **kwargs)
