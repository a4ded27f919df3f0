from django.apps import AppConfig
from django.core import checks
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_table(sender, using: str = "default", **kwargs) -> None:
    """The database cache's table (settings.CACHES), made after every migrate; a no-op with Redis.

    migrate signals once per app with models (this one has none): the sessions
    app stands for the run.
    """
    if sender.label == "sessions":
        call_command("createcachetable", database=using, verbosity=0)


class HiringConfig(AppConfig):
    """The project package doubles as an app so it can own the roles migration."""

    name = "hiring"
    verbose_name = _("Hiring")

    def ready(self) -> None:
        post_migrate.connect(create_cache_table, dispatch_uid="hiring.cache_table")
        # With OIDC_ENABLED on, start-up fails on a missing client or provider endpoint.
        from hiring import sso

        checks.register(sso.check_oidc_settings, checks.Tags.security)
