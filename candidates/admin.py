"""Django admin for the candidate models."""

from django.contrib import admin

from candidates.models import (
    Application,
    AuditEntry,
    Candidate,
    Interview,
    Interviewer,
    Opening,
    Score,
    Scorecard,
    ScorecardRevision,
)


class ApplicationInline(admin.TabularInline):
    model = Application
    extra = 0
    fields = ("candidate", "stage", "decided_by", "decided_at")
    autocomplete_fields = ("candidate",)


class InterviewInline(admin.TabularInline):
    model = Interview
    extra = 0


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0


class RevisionInline(admin.TabularInline):
    model = ScorecardRevision
    extra = 0
    readonly_fields = ("edited_by", "edited_at", "reason", "changes")
    can_delete = False


@admin.register(Opening)
class OpeningAdmin(admin.ModelAdmin):
    list_display = ("title", "rubric", "industry", "client_size", "status", "blind_review")
    list_filter = ("status", "rubric", "client_size")
    search_fields = ("title",)
    filter_horizontal = ("hiring_managers",)
    inlines = [ApplicationInline]


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "current_company", "years_experience")
    search_fields = ("name", "email", "current_company")


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("candidate", "opening", "stage", "decided_at")
    list_filter = ("stage", "opening")
    search_fields = ("candidate__name", "opening__title")
    inlines = [InterviewInline]


@admin.register(Interviewer)
class InterviewerAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "user")
    search_fields = ("name", "email")


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ("application", "interviewer", "round_name", "scheduled_at", "status")
    list_filter = ("status",)


@admin.register(Scorecard)
class ScorecardAdmin(admin.ModelAdmin):
    list_display = ("interview", "recommendation", "submitted_at", "version")
    list_filter = ("recommendation",)
    inlines = [ScoreInline, RevisionInline]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit is written by candidates.services.privacy, never edited."""

    list_display = ("at", "action", "actor", "candidate_ref")
    list_filter = ("action",)
    search_fields = ("candidate_ref",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
