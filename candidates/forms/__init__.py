"""Every form of the candidates app: HR's pages, scorecard entry, the shortlist's
filters, what-if weights and decisions, the import and anonymising.

Forms parse and put errors on fields; the rules about a write live in
`candidates.services` (and weights in `rubrics.weighting`), which forms call.
One module per group of pages; every form is imported here.
"""

from candidates.forms.fields import TagsField, record_ids
from candidates.forms.funnel import FunnelPeriodForm
from candidates.forms.imports import ImportForm, ImportTemplateForm
from candidates.forms.plans import RoundForm
from candidates.forms.records import (
    AddApplicationForm,
    AddToOpeningForm,
    AnonymiseForm,
    CancelInterviewForm,
    CandidateForm,
    InterviewerForm,
    InterviewForm,
    OpeningForm,
    RescheduleInterviewForm,
    StageForm,
)
from candidates.forms.scorecards import NOT_ASSESSED_CHOICE, ScorecardForm, initial_from
from candidates.forms.search import CandidateFiltersForm, CandidateSearchForm
from candidates.forms.shortlists import (
    WHATIF_PREFIX,
    DecisionForm,
    ShortlistFilterForm,
    WhatIfForm,
)
from candidates.forms.validity import OutcomeForm, PerformanceRecordForm

__all__ = [
    "NOT_ASSESSED_CHOICE",
    "WHATIF_PREFIX",
    "AddApplicationForm",
    "AddToOpeningForm",
    "AnonymiseForm",
    "CancelInterviewForm",
    "CandidateFiltersForm",
    "CandidateForm",
    "CandidateSearchForm",
    "DecisionForm",
    "FunnelPeriodForm",
    "ImportForm",
    "ImportTemplateForm",
    "InterviewForm",
    "InterviewerForm",
    "OpeningForm",
    "OutcomeForm",
    "PerformanceRecordForm",
    "RescheduleInterviewForm",
    "RoundForm",
    "ScorecardForm",
    "ShortlistFilterForm",
    "StageForm",
    "TagsField",
    "WhatIfForm",
    "initial_from",
    "record_ids",
]
