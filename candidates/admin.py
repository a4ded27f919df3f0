"""Django admin for the candidate models.

Stages, decisions, interview times and statuses change only through the
services, which keep their history (StageChange, InterviewChange): here they
are read-only, and the history is read-only too.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from candidates.forms.records import CandidateAdminForm
from candidates.models import (
    PERSONAL_FIELDS,
    Application,
    AuditEntry,
    BackgroundWork,
    Candidate,
    Interview,
    InterviewChange,
    Interviewer,
    LinkEnd,
    Opening,
    PerformanceRecord,
    RetentionPolicy,
    RetentionPolicyChange,
    RetentionRun,
    RubricMove,
    Score,
    Scorecard,
    ScorecardLink,
    ScorecardRevision,
    StageChange,
    TalentPoolConsent,
)
from candidates.selectors.openings import has_scores
from candidates.services.interviews import save_new_interview
from candidates.services.links import revoke_links


class ReadOnlyMixin:
    """No add, change or delete: the rows are written by the services only."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class KeepsSubmittedScorecards:
    """Refuses to delete an object that would take submitted scorecards with it.

    `scorecards_of(obj)` names them; the changelist's bulk delete is removed,
    because it would not ask per object. An erasure request is met by
    anonymising the candidate, which keeps the scores.
    """

    def scorecards_of(self, obj):
        raise NotImplementedError

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and self.scorecards_of(obj).submitted().exists():
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class ApplicationInline(ReadOnlyMixin, admin.TabularInline):
    """Shown for reference: candidates are added on the opening's page, and an
    application never changes candidate (its scores would follow)."""

    model = Application
    extra = 0
    fields = ("candidate", "stage", "decided_by", "decided_at")
    readonly_fields = fields
    show_change_link = True


class InterviewInline(ReadOnlyMixin, admin.TabularInline):
    """Shown for reference: interviews are scheduled, moved and cancelled on the pages."""

    model = Interview
    extra = 0
    fields = ("round_name", "interviewer", "scheduled_at", "status", "created_at")
    readonly_fields = fields
    show_change_link = True


class StageChangeInline(ReadOnlyMixin, admin.TabularInline):
    model = StageChange
    extra = 0
    fields = ("at", "from_stage", "to_stage", "is_decision", "by", "note")
    readonly_fields = fields


class InterviewChangeInline(ReadOnlyMixin, admin.TabularInline):
    model = InterviewChange
    extra = 0
    fields = ("at", "action", "old_scheduled_at", "new_scheduled_at", "by", "reason")
    readonly_fields = fields


class ScoreInline(ReadOnlyMixin, admin.TabularInline):
    model = Score
    extra = 0
    fields = ("dimension", "value", "evidence")
    readonly_fields = fields


class RevisionInline(ReadOnlyMixin, admin.TabularInline):
    model = ScorecardRevision
    extra = 0
    fields = ("edited_by", "edited_at", "reason", "changes")
    readonly_fields = fields


@admin.register(Opening)
class OpeningAdmin(KeepsSubmittedScorecards, admin.ModelAdmin):
    list_display = ("title", "rubric", "industry", "client_size", "status", "blind_review")
    list_filter = ("status", "rubric", "client_size")
    search_fields = ("title",)
    filter_horizontal = ("hiring_managers",)
    inlines = [ApplicationInline]

    def scorecards_of(self, obj):
        return Scorecard.objects.filter(interview__application__opening=obj)

    def get_readonly_fields(self, request, obj=None) -> tuple[str, ...]:
        """With scores, the rubric changes on the opening's edit page, which moves them."""
        return ("rubric",) if obj is not None and has_scores(obj) else ()


@admin.register(Candidate)
class CandidateAdmin(KeepsSubmittedScorecards, admin.ModelAdmin):
    # Tags typed here fold to the spelling already in use, as on the candidate form.
    form = CandidateAdminForm
    list_display = ("name", "email", "current_company", "years_experience")
    search_fields = ("name", "email", "current_company")
    # The CV is uploaded on the candidate's page and opened through its checked view
    # (/media/ is served by nothing).
    exclude = ("cv",)

    def scorecards_of(self, obj):
        return Scorecard.objects.filter(interview__application__candidate=obj)

    def get_readonly_fields(self, request, obj=None) -> tuple[str, ...]:
        """Only anonymise_candidate sets `anonymised_at`; what it removed stays removed."""
        if obj is not None and obj.anonymised_at:
            personal = [name for name in PERSONAL_FIELDS if name != "cv"]
            return ("cv_file", "anonymised_at", *personal)
        return ("cv_file", "anonymised_at")

    @admin.display(description=_("CV"))
    def cv_file(self, obj) -> str:
        if not obj.cv:
            return "—"
        url = reverse("candidates:candidate-cv", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download CV"))


@admin.register(Application)
class ApplicationAdmin(KeepsSubmittedScorecards, admin.ModelAdmin):
    list_display = ("candidate", "opening", "stage", "decided_at")
    list_filter = ("stage", "opening")
    search_fields = ("candidate__name", "opening__title")
    # Not a list of every candidate: an id, with a look-up in the candidate list, whose
    # e-mail column tells two people of the same name apart.
    raw_id_fields = ("candidate",)
    inlines = [InterviewInline, StageChangeInline]

    def scorecards_of(self, obj):
        return Scorecard.objects.filter(interview__application=obj)

    def get_readonly_fields(self, request, obj=None) -> tuple[str, ...]:
        """Stages move through change_stage; a saved application keeps its candidate
        and opening (its interviews and scores belong to them)."""
        decided = ("stage", "decision_note", "decided_by", "decided_at")
        return decided if obj is None else ("candidate", "opening", *decided)


@admin.register(Interviewer)
class InterviewerAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "user", "language")
    search_fields = ("name", "email")


@admin.register(Interview)
class InterviewAdmin(KeepsSubmittedScorecards, admin.ModelAdmin):
    list_display = ("application", "interviewer", "round_name", "scheduled_at", "status")
    list_filter = ("status",)
    inlines = [InterviewChangeInline]

    def scorecards_of(self, obj):
        return Scorecard.objects.filter(interview=obj)

    def save_model(self, request, obj, form, change) -> None:
        """A new interview moves its application on to interviewing, as on the page.
        A new interviewer does not inherit the old one's scorecard links."""
        if not change:
            save_new_interview(interview=obj, by=request.user)
            return
        super().save_model(request, obj, form, change)
        if "interviewer" in form.changed_data:
            revoke_links(interview=obj, by=request.user, reason=LinkEnd.INTERVIEWER_CHANGED)

    def get_readonly_fields(self, request, obj=None) -> tuple[str, ...]:
        """A new interview gets its time here; then only the services move or cancel it,
        and once it has a scorecard (even a draft) its application, interviewer and round
        stay: the scores belong to them and to the opening's rubric."""
        if obj is None:
            return ("status", "created_at")
        fixed = ("scheduled_at", "status", "created_at")
        if self.scorecards_of(obj).exists():
            return ("application", "interviewer", "round", "round_name", *fixed)
        return fixed


@admin.register(Scorecard)
class ScorecardAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read-only: scorecards are entered, submitted and edited (with a reason) on the
    scorecard page or by the import, both through candidates.services.scorecards."""

    list_display = ("interview", "recommendation", "submitted_at", "version")
    list_filter = ("recommendation",)
    inlines = [ScoreInline, RevisionInline]


@admin.register(ScorecardLink)
class ScorecardLinkAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read-only: made and revoked on the scorecard page or by `manage.py scorecard_link`,
    through candidates.services.links; only the token's hash is stored."""

    list_display = ("interview", "created_at", "expires_at", "revoked_at", "used_at")
    list_filter = ("revoke_reason",)
    exclude = ("token_hash",)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read-only: the audit is written by candidates.services.privacy, never edited."""

    list_display = ("at", "action", "actor", "candidate_ref")
    list_filter = ("action",)
    search_fields = ("candidate_ref",)


@admin.register(RubricMove)
class RubricMoveAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read-only: written by candidates.services.openings.move_opening_to_rubric."""

    list_display = ("moved_at", "opening", "from_rubric", "to_rubric", "moved_by")


@admin.register(StageChange)
class StageChangeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read-only: written by candidates.services.stages.change_stage, never edited."""

    list_display = ("at", "application", "from_stage", "to_stage", "is_decision", "by")
    list_filter = ("is_decision", "to_stage")
    search_fields = ("application__candidate__name", "application__opening__title")


@admin.register(InterviewChange)
class InterviewChangeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read-only: written by candidates.services.interviews, never edited."""

    list_display = ("at", "interview", "action", "old_scheduled_at", "new_scheduled_at", "by")
    list_filter = ("action",)


@admin.register(PerformanceRecord)
class PerformanceRecordAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read-only: entered on the candidate's page or by `import_performance`, which
    check that the candidate is on an opening (candidates.services.performance)."""

    list_display = ("candidate", "measured_on", "period_months", "overall", "sales_attainment")
    list_filter = ("period_months",)
    search_fields = ("candidate__name", "candidate__email")
    raw_id_fields = ("candidate",)


# Retention (candidates.services.retention writes these; here they are read-only) ---------


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read-only: administrators change it on the Retention page, which records each change."""

    list_display = ("enabled", "months_not_hired", "months_talent_pool", "updated_by", "updated_at")


@admin.register(RetentionPolicyChange)
class RetentionPolicyChangeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("changed_at", "changed_by", "changes")


@admin.register(TalentPoolConsent)
class TalentPoolConsentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read-only: HR record consent and withdrawal on the candidate's page."""

    list_display = ("candidate", "given_on", "withdrawn_on", "recorded_by")
    raw_id_fields = ("candidate",)


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("started_at", "dry_run", "policy_enabled", "found", "anonymised", "skipped")


@admin.register(BackgroundWork)
class BackgroundWorkAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read-only: the import and export pages queue these, the worker runs them."""

    list_display = ("created_at", "kind", "owner", "opening", "status", "done", "total")
    list_filter = ("kind", "status")
