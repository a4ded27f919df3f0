"""Scorecard links: one interview's scorecard entry for an interviewer without an account.

Only the SHA-256 of the token is stored; the raw token is shown once, when the
link is made. Written by candidates.services.links only.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from candidates.models.interviews import Interview

LINK_DAYS = 14


def default_expiry():
    return timezone.now() + timedelta(days=LINK_DAYS)


class LinkEnd(models.TextChoices):
    """Why a link was revoked before it expired or was used."""

    REVOKED = "revoked", _("Revoked by HR")
    REPLACED = "replaced", _("Replaced by a newer link")
    INTERVIEWER_CHANGED = "interviewer_changed", _("The interviewer changed")


class ScorecardLinkQuerySet(models.QuerySet):
    def live(self, *, now=None) -> "ScorecardLinkQuerySet":
        return self.filter(
            revoked_at__isnull=True, used_at__isnull=True, expires_at__gt=now or timezone.now()
        )


class ScorecardLink(models.Model):
    interview = models.ForeignKey(
        Interview,
        on_delete=models.CASCADE,
        related_name="scorecard_links",
        verbose_name=_("interview"),
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), default=default_expiry)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoke_reason = models.CharField(
        _("why revoked"), max_length=20, choices=LinkEnd.choices, blank=True
    )
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    objects = ScorecardLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("scorecard link")
        verbose_name_plural = _("scorecard links")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True, revoke_reason="")
                | (Q(revoked_at__isnull=False) & ~Q(revoke_reason="")),
                name="scorecard_link_revoked_with_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.interview} · {self.created_at:%Y-%m-%d %H:%M}"

    def is_live(self, *, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.used_at is None and self.expires_at > now
