"""Invitations (one-time set-password links) and the record of every team change.

Only a token's SHA-256 is stored: the database never holds a usable link.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def usable(self, *, now) -> "InvitationQuerySet":
        """Neither used, nor replaced by a newer one, nor expired at `now`."""
        return self.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)


class Invitation(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return str(self.user)


class TeamAction(models.TextChoices):
    INVITED = "team.user.invited", _("invited")
    CREATED = "team.user.created", _("account created")
    RESENT = "team.invitation.resent", _("invitation sent again")
    ACCEPTED = "team.invitation.accepted", _("password set")
    ROLES_CHANGED = "team.roles.changed", _("roles changed")
    DEACTIVATED = "team.user.deactivated", _("deactivated")
    REACTIVATED = "team.user.reactivated", _("reactivated")
    SSO_CREATED = "team.sso.created", _("account created by single sign-on")
    SSO_LINKED = "team.sso.linked", _("single sign-on linked")
    LANGUAGE_CHANGED = "team.language.changed", _("language changed")


class TeamEvent(models.Model):
    """Who did what to whose account, when. Written by team.services only."""

    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="team_events",
        verbose_name=_("account"),
    )
    action = models.CharField(max_length=40, choices=TeamAction.choices)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("team event")
        verbose_name_plural = _("team events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.subject}"


class SsoIdentity(models.Model):
    """The provider's own name for a person (`sub`, unique per issuer), linked to one account.

    Found first at every single sign-on login, so a changed e-mail address at the provider
    still opens the same account (team/sso.py).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="sso_identities",
        verbose_name=_("account"),
    )
    issuer = models.CharField(_("issuer"), max_length=255)
    subject = models.CharField(_("subject identifier"), max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"], name="team_sso_identity_unique_subject"
            ),
            # One identity per provider and account: a second person cannot take it over.
            models.UniqueConstraint(
                fields=["user", "issuer"], name="team_sso_identity_one_per_user"
            ),
        ]
        verbose_name = _("single sign-on identity")
        verbose_name_plural = _("single sign-on identities")

    def __str__(self) -> str:
        return f"{self.user} ({self.issuer})"


class Preference(models.Model):
    """What one account chose for itself: the language its e-mails are written in.

    Set by the language buttons (a logged-in user), by an Administrator on the Team page,
    and at invitation (the inviter's language). No row: the site's LANGUAGE_CODE.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="preference",
        verbose_name=_("account"),
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("preference")
        verbose_name_plural = _("preferences")

    def __str__(self) -> str:
        return f"{self.user}: {self.language}"
