"""`Authorization: Bearer <token>` (or `Token <token>`): the API's only way in.

The token is found by its SHA-256, so no comparison of secrets runs in
Python: the database looks up a hash, which tells an attacker nothing about
the token. A missing header leaves the request anonymous (a 401 from the
permission check); a bad, revoked or inactive user's token is a 401 at once.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from api.models import ApiToken
from api.services import hash_token, record_use

KEYWORDS = ("bearer", "token")
# A token is 43 characters; anything much longer is not one of ours.
MAX_TOKEN_LENGTH = 200


class BearerTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        try:
            parts = get_authorization_header(request).split()
        except UnicodeEncodeError:  # only a server that passes headers beyond Latin-1
            raise AuthenticationFailed(_("The Authorization header is not a token.")) from None
        if not parts or parts[0].decode("latin-1").lower() not in KEYWORDS:
            return None
        if len(parts) != 2 or len(parts[1]) > MAX_TOKEN_LENGTH:
            raise AuthenticationFailed(
                _("Send the header as “Authorization: Bearer <token>”, the token in one piece.")
            )
        token = (
            ApiToken.objects.live()
            .select_related("user")
            .filter(hashed_secret=hash_token(parts[1].decode("latin-1")))
            .first()
        )
        if token is None or not token.user.is_active:
            raise AuthenticationFailed(_("The token is not valid, or it was revoked."))
        record_use(token=token)
        return token.user, token

    def authenticate_header(self, request) -> str:
        # A WWW-Authenticate header makes DRF answer 401, not 403, without credentials.
        return 'Bearer realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """The schema's security scheme: Swagger UI's Authorize button takes the token."""

    target_class = BearerTokenAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema) -> dict:
        return {"type": "http", "scheme": "bearer"}
