from django.urls import path

from candidates.views import (
    debrief,
    files,
    funnel,
    imports,
    interviews,
    kits,
    links,
    openings,
    people,
    plans,
    privacy,
    reports,
    retention,
    scorecards,
    shortlists,
    statistics,
    validity,
    work,
)

app_name = "candidates"

urlpatterns = [
    path("openings/", openings.OpeningListView.as_view(), name="opening-list"),
    path("openings/new/", openings.OpeningCreateView.as_view(), name="opening-create"),
    path("openings/<int:pk>/", openings.opening_detail, name="opening-detail"),
    path("openings/<int:pk>/edit/", openings.OpeningUpdateView.as_view(), name="opening-update"),
    path("openings/<int:pk>/applications/", openings.add_application, name="application-create"),
    path("openings/<int:pk>/plan/", plans.plan_page, name="opening-plan"),
    path("openings/<int:pk>/plan/start/", plans.plan_start, name="opening-plan-start"),
    path("openings/<int:pk>/plan/rounds/new/", plans.round_edit, name="plan-round-create"),
    path(
        "openings/<int:pk>/plan/rounds/<int:round_pk>/",
        plans.round_edit,
        name="plan-round-update",
    ),
    path(
        "openings/<int:pk>/plan/rounds/<int:round_pk>/remove/",
        plans.round_remove,
        name="plan-round-remove",
    ),
    path(
        "openings/<int:pk>/plan/rounds/<int:round_pk>/move/",
        plans.round_move,
        name="plan-round-move",
    ),
    path("openings/<int:pk>/shortlist/", shortlists.shortlist_page, name="opening-shortlist"),
    path("openings/<int:pk>/ranking.json", shortlists.ranking_json, name="opening-ranking-json"),
    path(
        "openings/<int:pk>/shortlist.csv",
        shortlists.shortlist_export,
        {"fmt": "csv"},
        name="opening-shortlist-csv",
    ),
    path(
        "openings/<int:pk>/shortlist.xlsx",
        shortlists.shortlist_export,
        {"fmt": "xlsx"},
        name="opening-shortlist-xlsx",
    ),
    path(
        "openings/<int:pk>/shortlist.json",
        shortlists.shortlist_json_export,
        name="opening-shortlist-json",
    ),
    path("openings/<int:pk>/compare/", shortlists.compare, name="opening-compare"),
    path("openings/<int:pk>/agreement/", statistics.agreement_page, name="opening-agreement"),
    path(
        "openings/<int:pk>/interviewers/",
        statistics.interviewers_page,
        name="opening-interviewers",
    ),
    path("openings/<int:pk>/funnel/", funnel.opening_funnel_page, name="opening-funnel"),
    path("openings/<int:pk>/funnel.csv", funnel.opening_funnel_csv, name="opening-funnel-csv"),
    path("funnel/", funnel.overall_funnel_page, name="funnel"),
    path("funnel.csv", funnel.overall_funnel_csv, name="funnel-csv"),
    path(
        "applications/<int:pk>/decision/", shortlists.record_decision, name="application-decision"
    ),
    path("candidates/", people.CandidateListView.as_view(), name="candidate-list"),
    path("candidates/new/", people.CandidateCreateView.as_view(), name="candidate-create"),
    path("candidates/<int:pk>/", people.CandidateDetailView.as_view(), name="candidate-detail"),
    path(
        "candidates/<int:pk>/edit/", people.CandidateUpdateView.as_view(), name="candidate-update"
    ),
    path("candidates/<int:pk>/anonymise/", privacy.candidate_anonymise, name="candidate-anonymise"),
    path("candidates/<int:pk>/export.json", privacy.candidate_export, name="candidate-export"),
    # Retention policy (administrators) and talent-pool consent (HR).
    path("privacy/retention/", retention.retention_policy, name="retention-policy"),
    path("candidates/<int:pk>/consent/", retention.candidate_consent, name="candidate-consent"),
    path(
        "candidates/<int:pk>/consent/withdraw/",
        retention.candidate_consent_withdraw,
        name="candidate-consent-withdraw",
    ),
    path(
        "candidates/<int:pk>/applications/",
        people.add_to_opening,
        name="candidate-add-to-opening",
    ),
    path("candidates/<int:pk>/cv/", files.candidate_cv_download, name="candidate-cv"),
    path(
        "candidates/<int:pk>/performance/new/",
        validity.performance_record,
        name="performance-create",
    ),
    path(
        "candidates/<int:pk>/performance/<int:record_pk>/",
        validity.performance_record,
        name="performance-update",
    ),
    path("reports/", reports.reports_index, name="reports"),
    path("validity/", validity.validity_index, name="validity"),
    path("validity/rubrics/<int:pk>/", validity.rubric_validity, name="rubric-validity"),
    path("openings/<int:pk>/validity/", validity.opening_validity, name="opening-validity"),
    path("interviewers/", people.InterviewerListView.as_view(), name="interviewer-list"),
    path("interviewers/new/", people.InterviewerCreateView.as_view(), name="interviewer-create"),
    path(
        "interviewers/<int:pk>/edit/",
        people.InterviewerUpdateView.as_view(),
        name="interviewer-update",
    ),
    path(
        "applications/<int:pk>/interviews/new/",
        interviews.schedule_interview,
        name="interview-create",
    ),
    path("applications/<int:pk>/stage/", interviews.update_stage, name="application-stage"),
    path("applications/<int:pk>/debrief/", debrief.application_debrief, name="application-debrief"),
    path(
        "applications/<int:pk>/scorecards/",
        scorecards.application_scorecards,
        name="application-scorecards",
    ),
    path("interviews/mine/", scorecards.my_interviews, name="my-interviews"),
    path("interviews/<int:pk>/scorecard/", scorecards.scorecard_entry, name="scorecard-entry"),
    path("interviews/<int:pk>/kit/", kits.interview_kit_page, name="interview-kit"),
    path("interviews/<int:pk>/link/", links.scorecard_link_create, name="scorecard-link-create"),
    path(
        "interviews/<int:pk>/link/revoke/",
        links.scorecard_link_revoke,
        name="scorecard-link-revoke",
    ),
    path("interviews/<int:pk>/cancel/", interviews.interview_cancel, name="interview-cancel"),
    path(
        "interviews/<int:pk>/reschedule/",
        interviews.interview_reschedule,
        name="interview-reschedule",
    ),
    path("import/", imports.import_upload, name="scorecard-import"),
    path("import/template.csv", imports.import_template, name="scorecard-import-template"),
    path(
        "import/template.xlsx",
        imports.import_template_excel,
        name="scorecard-import-template-xlsx",
    ),
    # Background work: large imports and exports (their progress, result and file).
    path("work/", work.work_list, name="work-list"),
    path("work/<int:pk>/", work.work_detail, name="work-detail"),
    path("work/<int:pk>/download/", work.work_download, name="work-download"),
]
