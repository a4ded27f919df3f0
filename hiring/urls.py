"""Root URLs: the only module of `hiring` that may import the apps.

The page of one weight change is a rubric page (its URL and name sit in the
`rubrics` namespace) served by the candidates app, which ranks the openings.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import LoginView, PasswordResetView
from django.urls import include, path

from candidates.views import dashboard, kits, links, weights
from hiring import health
from hiring.forms import AdminLoginForm, LoginForm
from rubrics.urls import urlpatterns as rubric_urls
from team.forms import LanguagePasswordResetForm
from team.views import switch_language

rubric_pages = [
    *rubric_urls,
    path("<int:pk>/history/<int:change_pk>/", weights.weight_change, name="weight-change"),
]

admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("", dashboard.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    # A scorecard link for an interviewer without an account: no login.
    path("s/<str:token>/", links.scorecard_link_page, name="scorecard-link"),
    path("s/<str:token>/kit/", kits.scorecard_link_kit, name="scorecard-link-kit"),
    path("accounts/login/", LoginView.as_view(authentication_form=LoginForm), name="login"),
    path(
        "accounts/password_reset/",
        # The throttled form, writing the e-mail in the account's language (team.forms).
        PasswordResetView.as_view(form_class=LanguagePasswordResetForm),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    # The language buttons: Django's set_language, which also stores a logged-in user's choice.
    path("i18n/setlang/", switch_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("rubrics/", include((rubric_pages, "rubrics"))),
    path("", include("candidates.urls")),
    path("", include("team.urls")),
    path("admin/", admin.site.urls),
    # Single sign-on (hiring/sso.py): only with OIDC_ENABLED, else these addresses are 404.
    *([path("oidc/", include("mozilla_django_oidc.urls"))] if settings.OIDC_ENABLED else []),
    path("api/v1/", include("api.urls")),
]
