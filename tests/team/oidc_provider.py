"""A minimal OpenID Connect provider on 127.0.0.1 for the single sign-on tests.

http.server in a thread: a discovery document, an authorization endpoint that sends
the browser back with a code, a token endpoint that checks the client, the redirect
address and the PKCE verifier and answers with an RS256 ID token signed by a key made
here, a user info endpoint and the JWKS.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "hiring-app"
CLIENT_SECRET = "s3cret-for-tests"


class Provider:
    """A minimal OpenID Connect provider: discovery, authorize, token, user info, JWKS."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.signing_key = self.key
        self.audience = CLIENT_ID
        self.claims: dict[str, Any] = {}
        self.id_token_claims: dict[str, Any] = {}
        self.authorize_requests: list[dict[str, str]] = []
        self.codes: dict[str, dict[str, str]] = {}
        self.tokens: dict[str, dict[str, Any]] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def person(self, **claims: Any) -> None:
        """Who logs in next: their claims at the user info endpoint (and `sub` in the ID token)."""
        self.claims = {"sub": "person-1", "email_verified": True, **claims}

    def jwks(self) -> dict[str, Any]:
        public = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**public, "kid": "test-key", "alg": "RS256", "use": "sig"}]}

    def discovery(self) -> dict[str, str]:
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "jwks_uri": f"{self.url}/jwks",
        }

    def authorize(self, query: dict[str, str]) -> str:
        """The address the browser goes back to, with a new code for this request."""
        self.authorize_requests.append(query)
        code = secrets.token_urlsafe(16)
        self.codes[code] = query
        return query["redirect_uri"] + "?" + urlencode({"code": code, "state": query["state"]})

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        asked = self.codes.pop(form.get("code", ""), None)
        if (
            asked is None
            or form.get("client_id") != CLIENT_ID
            or form.get("client_secret") != CLIENT_SECRET
            or form.get("redirect_uri") != asked["redirect_uri"]
        ):
            return 400, {"error": "invalid_grant"}
        challenge = base64.urlsafe_b64encode(
            hashlib.sha256(form.get("code_verifier", "").encode()).digest()
        ).rstrip(b"=")
        if challenge.decode() != asked.get("code_challenge"):
            return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        now = int(time.time())
        id_token = jwt.encode(
            {
                "iss": self.url,
                "aud": self.audience,
                "sub": self.claims["sub"],
                "nonce": asked["nonce"],
                "iat": now,
                "exp": now + 300,
                **self.id_token_claims,
            },
            self.signing_key,
            algorithm="RS256",
            headers={"kid": "test-key"},
        )
        access_token = secrets.token_urlsafe(16)
        self.tokens[access_token] = dict(self.claims)
        return 200, {"access_token": access_token, "token_type": "Bearer", "id_token": id_token}

    def handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def reply(self, status: int, body: Any = None, location: str = "") -> None:
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                data = json.dumps(body).encode() if body is not None else b""
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = {name: values[0] for name, values in parse_qs(parts.query).items()}
                if parts.path == "/.well-known/openid-configuration":
                    self.reply(200, provider.discovery())
                elif parts.path == "/jwks":
                    self.reply(200, provider.jwks())
                elif parts.path == "/authorize":
                    self.reply(302, location=provider.authorize(query))
                elif parts.path == "/userinfo":
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    claims = provider.tokens.get(token)
                    self.reply(200, claims) if claims else self.reply(401, {})
                else:
                    self.reply(404, {})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if self.path == "/token":
                    self.reply(*provider.token(form))
                else:
                    self.reply(404, {})

        return Handler
