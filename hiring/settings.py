"""Settings for the hiring project, read from the environment.

Every variable is listed in README.md. The defaults make `make run` work on a
laptop with SQLite; production sets DEBUG=false and a real SECRET_KEY.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

DEVELOPMENT_SECRET_KEY = "development-only-secret-key-do-not-use-in-production"


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def check_secret_key(*, secret_key: str, debug: bool) -> None:
    """Refuse to run a production configuration on the published development key."""
    if not debug and secret_key == DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is the development default while DEBUG is off: "
            "set SECRET_KEY in the environment."
        )


DEBUG = env_bool("DEBUG", True)
# With DEBUG on: Django's technical 404 page (true) or the app's own (false, `make run`).
DEBUG_404 = env_bool("DEBUG_404", DEBUG)
SECRET_KEY = env_str("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
check_secret_key(secret_key=SECRET_KEY, debug=DEBUG)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "bootstrap",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "hiring",
    "rubrics",
    "candidates",
    "team",
    # Outgoing webhooks (integrations/).
    "integrations",
    # Reminders, manager notices and chat robots (notifications/).
    "notifications",
    # API v1 (api/): Django REST framework, its OpenAPI schema and the docs' own files.
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "hiring.middleware.RefuseNulInQueryMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hiring.middleware.NoStoreForUsersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "hiring.middleware.AppNotFoundPageMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hiring.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hiring.roles.roles_context",
            ],
            # |join_list, |join_clauses and |label on every page (hiring/wording.py).
            "builtins": ["hiring.templatetags.wording"],
        },
    },
]

WSGI_APPLICATION = "hiring.wsgi.application"

# Persistent connections (one per worker process) with a health check at the
# start of each request: after a database restart the first request of each
# worker finds the dead connection, drops it and connects again, so no request
# fails once the database is back. Gunicorn's sync workers serve one request
# at a time, so a pool per process (OPTIONS {"pool": True}) would hold one
# connection anyway and cannot be combined with CONN_MAX_AGE.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=env_bool("CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A transaction takes SQLite's write lock when it starts, so two writers queue
    # (up to the timeout, in seconds) instead of one failing halfway with "database
    # is locked", and a check-then-write (the import) cannot interleave with another.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The cache holds the counts behind the rate limits (password reset, scorecard
# links), so every server process must share it: Redis with REDIS_URL, else a
# table in the database (created after each migrate, see hiring/apps.py).
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "hiring_cache",
        }
    }

# Computed rankings, agreement and calibration (candidates/selectors/caching.py)
# are stored under versions read from the database, so they are never stale.
# Each process keeps its last RANKING_RECENT_RESULTS as they are; with REDIS_URL
# they are also shared between processes in Redis. Without it there is no
# second level: a cache in the process's own memory would only pickle what the
# process holds already. Entries expire, so a change whose new version failed to
# be recorded is seen at the latest after RANKING_CACHE_SECONDS.
RANKING_CACHE_SECONDS = env_int("RANKING_CACHE_SECONDS", 600)
RANKING_RECENT_RESULTS = env_int("RANKING_RECENT_RESULTS", 12)
CACHES["ranking"] = (
    {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "ranking",
        "TIMEOUT": RANKING_CACHE_SECONDS,
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
)

# django-axes checks for a lockout before Django's own backend checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "zh-hans")
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

# Whitenoise serves the collected files (`make serve` runs collectstatic); with
# DEBUG off their names carry a content hash, so browsers may cache them forever.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Mail: SMTP when EMAIL_HOST is set, else the console (development).
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "hiring@localhost")
# Links in e-mails and printed by commands (create_admin) start with this.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# Password reset requests per hour: per e-mail address and per client address.
PASSWORD_RESET_PER_ADDRESS = env_int("PASSWORD_RESET_PER_ADDRESS", 3, minimum=1)
PASSWORD_RESET_PER_IP = env_int("PASSWORD_RESET_PER_IP", 10, minimum=1)

# A scorecard not submitted this many hours after its interview is overdue.
SCORECARD_OVERDUE_HOURS = env_int("SCORECARD_OVERDUE_HOURS", 24)
# Requests to scorecard links (/s/<token>/) per client address per 10 minutes.
SCORECARD_LINK_RATE_LIMIT = env_int("SCORECARD_LINK_RATE_LIMIT", 30, minimum=1)
# Uploads: CVs and CSV files; larger request bodies are refused.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES + 1024 * 1024

# HTTPS. With DEBUG off every request is redirected to HTTPS and cookies are
# sent over HTTPS only. BEHIND_PROXY: a proxy in front terminates TLS and says
# so in X-Forwarded-Proto, and appends the client's address to X-Forwarded-For.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# A load balancer probes /healthz over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Only a request to the browsers' preload list acts on this; the header alone does not.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Sessions live in the database (any app server can serve any request) and end
# SESSION_COOKIE_AGE seconds after login, or when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)

# Content Security Policy: scripts and styles only from our own files, no
# inline code (htmx is told not to inject its indicator <style>, see base.html).
# Bootstrap's CSS draws some icons from data: URLs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins for a
# username from one address, that pair is locked for AXES_COOLOFF_MINUTES.
# Locking the pair rather than the username alone means nobody can lock a
# colleague out from elsewhere. `manage.py axes_reset` unlocks everyone early.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
if BEHIND_PROXY:
    AXES_CLIENT_IP_CALLABLE = "hiring.client_ip.client_ip"

# Errors, with their tracebacks, go to standard error: gunicorn's log in production
# (with DEBUG off Django would otherwise only try to e-mail them to ADMINS).
LOG_LEVEL = env_str("LOG_LEVEL", "WARNING").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
    },
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
    },
}


# Background jobs: reminders, notifications, webhook deliveries. django-tasks with its
# database backend, so SQLite works with no extra service (and PostgreSQL the same
# way); `manage.py db_worker` runs them (`make run` starts one beside the server).
# TASKS_BACKEND=immediate runs each job inside the request that enqueued it.
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }.get(TASKS_BACKEND, "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Long work in the background (candidates.services.work): an import upload larger than
# IMPORT_IN_BACKGROUND_BYTES, or an export of an opening with more applications than
# EXPORT_IN_BACKGROUND_ROWS, runs as a job with a progress page at /work/<id>/.
# Smaller ones run inside the request as before. A job still running after
# BACKGROUND_WORK_STALLED_MINUTES is shown as probably stopped (its worker died).
IMPORT_IN_BACKGROUND_BYTES = env_int("IMPORT_IN_BACKGROUND_BYTES", 256 * 1024, minimum=0)
EXPORT_IN_BACKGROUND_ROWS = env_int("EXPORT_IN_BACKGROUND_ROWS", 5000, minimum=0)
BACKGROUND_WORK_STALLED_MINUTES = env_int("BACKGROUND_WORK_STALLED_MINUTES", 30, minimum=1)


# API v1 (api/): token authentication only, no session, so no CSRF question and a
# browser's login never reaches the API; JSON in and out; every error {"detail": ...}
# or field errors; lists paged with ?page= and ?page_size= (at most 500).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.HasApiRole"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.ApiPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.views.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Hiring API",
    "DESCRIPTION": "Openings, candidates, applications, scorecards and rankings, as the pages.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs are served from drf-spectacular-sidecar's files: no CDN, CSP 'self' holds.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No validator badge: it would load an image from swagger.io, which the CSP refuses.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "COMPONENT_SPLIT_REQUEST": True,
}


# Single sign-on with OpenID Connect (mozilla-django-oidc), off unless OIDC_ENABLED. The
# views and the start-up check are hiring/sso.py, the accounts and roles team/sso.py.
# Endpoints left empty come from OIDC_OP_DISCOVERY_URL, fetched at the first login.
OIDC_ENABLED = env_bool("OIDC_ENABLED", False)
OIDC_PROVIDER_NAME = env_str("OIDC_PROVIDER_NAME", "")
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_DISCOVERY_URL = env_str("OIDC_OP_DISCOVERY_URL", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
OIDC_GROUPS_CLAIM = env_str("OIDC_GROUPS_CLAIM", "groups")
OIDC_ROLE_MAP = env_str("OIDC_ROLE_MAP", "")
OIDC_CREATE_USERS = env_bool("OIDC_CREATE_USERS", True)
# Seconds to wait for the provider; mozilla-django-oidc would otherwise wait forever.
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10, minimum=1)
# PKCE: providers without it ignore the extra parameters (RFC 7636, section 5).
OIDC_USE_PKCE = True
OIDC_AUTHENTICATE_CLASS = "hiring.sso.AuthenticateView"
OIDC_CALLBACK_CLASS = "hiring.sso.CallbackView"
OIDC_BACKEND = "team.sso.OidcBackend"
# django-axes counts wrong passwords; a refused single sign-on login is none, and counting
# those would lock everyone behind one office address out of single sign-on.
AXES_WHITELIST_CALLABLE = "hiring.sso.not_a_password_attempt"
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append(OIDC_BACKEND)


# Notifications (notifications/): scorecard reminders on a schedule, notices to the hiring
# managers, chat robots (WeCom, DingTalk, Feishu, Slack). `manage.py send_reminders` queues
# the due reminders: first REMINDER_FIRST_HOURS after the interview, then every
# REMINDER_REPEAT_HOURS, REMINDER_LIMIT in all (0: none). A failed e-mail or chat post is
# retried after NOTIFY_RETRY_SECONDS, then twice as long each time, NOTIFY_RETRY_LIMIT
# attempts in all; a chat robot gets NOTIFY_HTTP_TIMEOUT seconds to answer.
REMINDER_FIRST_HOURS = env_int("REMINDER_FIRST_HOURS", 2)
REMINDER_REPEAT_HOURS = env_int("REMINDER_REPEAT_HOURS", 24, minimum=1)
REMINDER_LIMIT = env_int("REMINDER_LIMIT", 3)
NOTIFY_RETRY_LIMIT = env_int("NOTIFY_RETRY_LIMIT", 5, minimum=1)
NOTIFY_RETRY_SECONDS = env_int("NOTIFY_RETRY_SECONDS", 60, minimum=1)
NOTIFY_HTTP_TIMEOUT = env_int("NOTIFY_HTTP_TIMEOUT", 10, minimum=1)


# Outgoing webhooks (integrations/): seconds to wait for a receiver, to connect and
# again to read its answer; slower counts as a failed attempt and is retried.
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 10, minimum=1)
