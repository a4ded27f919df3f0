"""Candidates and interviewers."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from candidates.models.openings import ClientSize
from candidates.models.validators import validate_plain_email
from candidates.uploads import validate_cv
from rubrics.models import (
    ConstraintErrorsOnFields,
    long_text_validators,
)

# What anonymising removes from a candidate (candidates.services.privacy): once it
# is gone, no form, admin page or import may type it back.
PERSONAL_FIELDS = ("name", "email", "phone", "current_company", "current_title", "notes", "cv")


class Candidate(ConstraintErrorsOnFields, models.Model):
    name = models.CharField(pgettext_lazy("person", "name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True, validators=[validate_plain_email])
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    current_company = models.CharField(_("current company"), max_length=200, blank=True)
    current_title = models.CharField(_("current title"), max_length=200, blank=True)
    years_experience = models.PositiveSmallIntegerField(
        _("years of experience"), null=True, blank=True
    )
    industries = models.JSONField(_("industries served"), default=list, blank=True)
    client_segments = models.JSONField(_("client segments served"), default=list, blank=True)
    crm_systems = models.JSONField(_("CRM systems used"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True, validators=long_text_validators())
    cv = models.FileField(_("CV"), upload_to="cvs/%Y/%m/", blank=True, validators=[validate_cv])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Set by candidates.services.privacy.anonymise_candidate: personal data is gone, scores stay.
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["email"],
                condition=~Q(email=""),
                name="candidate_email_unique",
                violation_error_code="candidate_email_taken",
                violation_error_message=_("A candidate with this e-mail address already exists."),
            )
        ]

    constraint_error_fields = {"candidate_email_taken": "email"}

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Once anonymised, the personal fields and `anonymised_at` keep their stored values.

        Checked against the row, so the edit page and the admin refuse alike.
        """
        if self.pk is None:
            return
        fields = (*PERSONAL_FIELDS, "anonymised_at")
        stored = Candidate.objects.filter(pk=self.pk, anonymised_at__isnull=False).values(*fields)
        typed = {name: getattr(self, name) for name in fields} | {"cv": self.cv.name or ""}
        if stored and stored[0] | {"cv": stored[0]["cv"] or ""} != typed:
            raise ValidationError(
                _(
                    "This candidate was anonymised, which cannot be undone: their name, "
                    "e-mail, phone, current company and title, notes and CV stay removed."
                ),
                code="anonymised",
            )

    def client_segment_labels(self) -> list[str]:
        return [ClientSize(value).label for value in self.client_segments if value in ClientSize]

    @property
    def code(self) -> str:
        """What interviewers see instead of the name on a blind-review opening."""
        return f"C-{self.pk:05d}"


class Interviewer(models.Model):
    name = models.CharField(pgettext_lazy("person", "name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True, validators=[validate_plain_email])
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interviewer",
        verbose_name=_("user account"),
    )
    # For an interviewer without an account; an account's own choice wins (team.selectors).
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language of their e-mails. Blank: the site's default."),
    )

    class Meta:
        verbose_name = _("interviewer")
        verbose_name_plural = _("interviewers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
