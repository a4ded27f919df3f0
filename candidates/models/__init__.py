"""Openings, candidates, their applications, interviews and scorecards.

Scores are stored raw (value 1-5 or NULL for "not assessed"); weights are
applied only when a ranking is read, so a weight change re-ranks everyone.
One module per topic; every model is imported here, so `candidates.models.X`
is the one name to use (migrations refer to the validators by it too).
"""

from candidates.models.applications import Application, Stage, StageChange
from candidates.models.audit import AuditAction, AuditEntry
from candidates.models.interviews import (
    Interview,
    InterviewAction,
    InterviewChange,
    InterviewStatus,
)
from candidates.models.links import LINK_DAYS, LinkEnd, ScorecardLink, ScorecardLinkQuerySet
from candidates.models.openings import ClientSize, Opening, OpeningStatus, RubricMove
from candidates.models.people import PERSONAL_FIELDS, Candidate, Interviewer
from candidates.models.performance import OUTCOMES, PerformanceRecord
from candidates.models.plans import DebriefNote, InterviewRound
from candidates.models.retention import (
    DEFAULT_CONSENT_TEXT,
    POLICY_PK,
    RetentionPolicy,
    RetentionPolicyChange,
    RetentionRun,
    TalentPoolConsent,
)
from candidates.models.scorecards import (
    Recommendation,
    Score,
    Scorecard,
    ScorecardQuerySet,
    ScorecardRevision,
    ScoreLine,
)
from candidates.models.validators import (
    FIRST_INTERVIEW_DATE,
    INTERVIEW_DAYS_AHEAD,
    validate_interview_date,
    validate_plain_email,
)
from candidates.models.versions import RankingVersion, changes_pending
from candidates.models.work import (
    BackgroundWork,
    WorkKind,
    WorkStatus,
)
from rubrics.models import MAX_TEXT

__all__ = [
    "FIRST_INTERVIEW_DATE",
    "INTERVIEW_DAYS_AHEAD",
    "LINK_DAYS",
    "MAX_TEXT",
    "OUTCOMES",
    "PERSONAL_FIELDS",
    "DEFAULT_CONSENT_TEXT",
    "POLICY_PK",
    "RetentionPolicy",
    "RetentionPolicyChange",
    "RetentionRun",
    "TalentPoolConsent",
    "BackgroundWork",
    "WorkKind",
    "WorkStatus",
    "Application",
    "AuditAction",
    "AuditEntry",
    "Candidate",
    "ClientSize",
    "DebriefNote",
    "Interview",
    "InterviewRound",
    "InterviewAction",
    "InterviewChange",
    "InterviewStatus",
    "Interviewer",
    "LinkEnd",
    "Opening",
    "PerformanceRecord",
    "OpeningStatus",
    "Recommendation",
    "RubricMove",
    "Score",
    "Scorecard",
    "ScorecardLink",
    "ScorecardLinkQuerySet",
    "ScorecardQuerySet",
    "ScorecardRevision",
    "ScoreLine",
    "RankingVersion",
    "Stage",
    "StageChange",
    "changes_pending",
    "validate_interview_date",
    "validate_plain_email",
]
