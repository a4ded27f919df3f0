"""The recruiting funnel of some openings, read in a fixed number of queries.

Three queries whatever the number of applications (the applications, their
stage changes, their interviews with the scorecards' submission times), and a
fourth for the per-opening lines of the overall page. The arithmetic is in
`candidates.scoring.funnel`; this module only reads and labels.

The period keeps the applications created between `since` and `until`, both
days included, in the site's time zone; every figure is about those
applications, including the interviews and scorecards of the last two sections.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from candidates.models import Application, Interview, InterviewStatus, Opening, Stage, StageChange
from candidates.scoring.funnel import (
    SECONDS_PER_DAY,
    SECONDS_PER_HOUR,
    Change,
    History,
    Load,
    StageFigures,
    Summary,
    reached_counts,
    seconds_to_decision,
    stage_figures,
    summarise,
    weekly_load,
)
from candidates.selectors.access import openings_for_user

PIPELINE = (
    Stage.APPLIED,
    Stage.SCREENING,
    Stage.INTERVIEWING,
    Stage.SHORTLISTED,
    Stage.OFFER,
    Stage.HIRED,
)
# Where an application leaves the pipeline (on hold may come back; counted as it stands now).
EXITS = (Stage.REJECTED, Stage.WITHDRAWN, Stage.ON_HOLD)


@dataclass(frozen=True)
class StageLine:
    label: str
    figures: StageFigures

    @property
    def left(self) -> list[tuple[str, int]]:
        """(exit stage's label, applications) in EXITS order."""
        return [(str(Stage(code).label), self.figures.left[code]) for code in EXITS]

    @property
    def pass_through_percent(self) -> float | None:
        return percent(self.figures.pass_through)

    @property
    def share_percent(self) -> float | None:
        return percent(self.figures.share_of_applications)

    @property
    def left_total(self) -> int:
        return sum(self.figures.left.values())


@dataclass(frozen=True)
class InterviewerLine:
    name: str
    turnaround_hours: Summary  # interview's date and time -> scorecard submitted
    load: Load  # interviews not cancelled, per calendar week with any


@dataclass(frozen=True)
class OpeningLine:
    pk: int
    title: str
    applications: int
    interviewing: int  # reached interviewing or a later stage
    hired: int


@dataclass(frozen=True)
class FunnelReport:
    applications: int
    stages: list[StageLine]
    decision_days: Summary  # creation -> first decision, over the decided applications
    undecided: int
    turnaround_hours: Summary  # over every submitted scorecard
    interviewers: list[InterviewerLine]
    openings: list[OpeningLine]

    @property
    def exit_labels(self) -> list[str]:
        return [str(Stage(code).label) for code in EXITS]

    @property
    def has_stays(self) -> bool:
        return any(line.figures.days_in_stage.n for line in self.stages)

    @property
    def has_drop_off(self) -> bool:
        return any(line.left_total for line in self.stages)


def applications_in(openings: QuerySet[Opening], since: date | None, until: date | None):
    """The openings' applications created in the period (days in the site's time zone)."""
    applications = Application.objects.filter(opening__in=openings)
    if since:
        applications = applications.filter(created_at__date__gte=since)
    if until:
        applications = applications.filter(created_at__date__lte=until)
    return applications


def read_histories(applications: QuerySet[Application]) -> dict[int, tuple[int, History]]:
    """Application pk -> (opening pk, history), in two queries."""
    rows = list(applications.values_list("pk", "opening_id", "stage", "created_at"))
    changes: dict[int, list[Change]] = defaultdict(list)
    moves = (
        StageChange.objects.filter(application__in=applications)
        .order_by("application_id", "at", "pk")
        .values_list("application_id", "from_stage", "to_stage", "is_decision", "at")
    )
    for application_id, from_stage, to_stage, is_decision, at in moves:
        changes[application_id].append(Change(from_stage, to_stage, is_decision, at))
    return {
        pk: (opening_id, History(created_at, stage, changes.get(pk, ())))
        for pk, opening_id, stage, created_at in rows
    }


def interviewer_lines(applications: QuerySet[Application]) -> tuple[Summary, list[InterviewerLine]]:
    """Scorecard turnaround (hours) overall and per interviewer, and each one's weekly load.

    Turnaround runs from the interview's date and time to the scorecard's
    submission; a card submitted before that time (entered early, or the
    interview moved afterwards) counts as zero. Weeks run Monday to Sunday in
    the site's time zone. One query.
    """
    rows = (
        Interview.objects.filter(application__in=applications)
        .order_by("interviewer__name", "interviewer_id")
        .values_list(
            "interviewer_id",
            "interviewer__name",
            "scheduled_at",
            "status",
            "scorecard__submitted_at",
        )
    )
    names: dict[int, str] = {}
    turnaround: dict[int, list[float]] = defaultdict(list)
    weeks: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for interviewer_id, name, scheduled_at, status, submitted_at in rows:
        names[interviewer_id] = name
        if submitted_at is not None:
            turnaround[interviewer_id].append(
                max(0.0, (submitted_at - scheduled_at).total_seconds())
            )
        if status != InterviewStatus.CANCELLED:
            weeks[interviewer_id].append(timezone.localtime(scheduled_at).isocalendar()[:2])
    every_card = [seconds for values in turnaround.values() for seconds in values]
    lines = [
        InterviewerLine(
            name=name,
            turnaround_hours=summarise(turnaround[pk]).scaled(SECONDS_PER_HOUR),
            load=weekly_load(weeks[pk]),
        )
        for pk, name in names.items()
    ]
    return summarise(every_card).scaled(SECONDS_PER_HOUR), lines


def opening_lines(
    openings: QuerySet[Opening], histories: dict[int, tuple[int, History]]
) -> list[OpeningLine]:
    """Per opening (title order): applications, how many reached interviewing, hired. One query."""
    grouped: dict[int, list[History]] = defaultdict(list)
    for opening_id, history in histories.values():
        grouped[opening_id].append(history)
    interviewing, hired = PIPELINE.index(Stage.INTERVIEWING), PIPELINE.index(Stage.HIRED)
    lines = []
    for pk, title in openings.order_by("title", "pk").values_list("pk", "title").distinct():
        reached = reached_counts(grouped[pk], PIPELINE)
        lines.append(
            OpeningLine(pk, title, len(grouped[pk]), reached[interviewing], reached[hired])
        )
    return lines


def funnel_report(
    openings: QuerySet[Opening],
    *,
    since: date | None = None,
    until: date | None = None,
    per_opening: bool = False,
) -> FunnelReport:
    """The funnel of `openings` (already cut to what the reader may see), pooled over
    their applications created in the period; `per_opening` adds a line per opening.

    Three queries, four with `per_opening`, whatever the number of applications.
    """
    applications = applications_in(openings, since, until)
    histories = read_histories(applications)
    pooled = [history for _opening, history in histories.values()]
    decisions = [seconds_to_decision(history) for history in pooled]
    turnaround, interviewers = interviewer_lines(applications)
    return FunnelReport(
        applications=len(pooled),
        stages=[
            StageLine(str(Stage(figures.stage).label), figures)
            for figures in stage_figures(pooled, PIPELINE, EXITS)
        ],
        decision_days=summarise(d for d in decisions if d is not None).scaled(SECONDS_PER_DAY),
        undecided=sum(d is None for d in decisions),
        turnaround_hours=turnaround,
        interviewers=interviewers,
        openings=opening_lines(openings, histories) if per_opening else [],
    )


def opening_funnel(opening: Opening, *, since: date | None, until: date | None) -> FunnelReport:
    """One opening's funnel (three queries)."""
    return funnel_report(Opening.objects.filter(pk=opening.pk), since=since, until=until)


def overall_funnel(user, *, since: date | None, until: date | None) -> FunnelReport:
    """Every opening the user may see, pooled, with a line per opening (four queries)."""
    return funnel_report(openings_for_user(user), since=since, until=until, per_opening=True)


def rounded(value: float | None, places: int = 1) -> float | None:
    return None if value is None else round(value, places)


def percent(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def section(name: str, item: str, figures: list[tuple[str, object]]) -> list[list]:
    """Rows of one section's item: [section, item, figure, value] per figure."""
    return [[name, item, figure, value] for figure, value in figures]


def stage_rows(line: StageLine) -> list[list]:
    figures = line.figures
    return [
        *section(
            _("Stages"),
            line.label,
            [
                (_("Reached"), figures.reached),
                (_("Pass-through to the next stage (%)"), percent(figures.pass_through)),
                (_("Still there"), figures.still_there),
            ],
        ),
        *section(
            _("Time in stage"),
            line.label,
            [
                (_("Closed stays"), figures.days_in_stage.n),
                (_("Median (days)"), rounded(figures.days_in_stage.median)),
            ],
        ),
        *section(_("Drop-off"), line.label, line.left),
    ]


def interviewer_rows(report: FunnelReport) -> list[list]:
    rows = []
    for name, summary in [
        (_("All interviewers"), report.turnaround_hours),
        *[(line.name, line.turnaround_hours) for line in report.interviewers],
    ]:
        rows += section(
            _("Scorecard turnaround"),
            name,
            [
                (_("Scorecards"), summary.n),
                (_("Median (hours)"), rounded(summary.median)),
                (_("90th percentile (hours)"), rounded(summary.p90)),
            ],
        )
    for line in report.interviewers:
        rows += section(
            _("Interviewer load"),
            line.name,
            [
                (_("Interviews"), line.load.interviews),
                (_("Weeks with interviews"), line.load.weeks),
                (_("Interviews per week"), rounded(line.load.per_week)),
                (_("Busiest week"), line.load.busiest_week),
            ],
        )
    return rows


def funnel_table(report: FunnelReport) -> tuple[list[str], list[list]]:
    """The report as one long table for the CSV: section, item, figure, value.

    Words in the active language; a figure that cannot be computed (nobody
    reached the stage, no scorecard) is an empty cell, never a zero.
    """
    headers = [_("Section"), _("Item"), _("Figure"), _("Value")]
    rows = section(_("Applications"), _("All"), [(_("Applications"), report.applications)])
    for line in report.stages:
        rows += stage_rows(line)
    decision = report.decision_days
    rows += section(
        _("Time to decision"),
        _("All"),
        [
            (_("Decided"), decision.n),
            (_("Undecided"), report.undecided),
            (_("Median (days)"), rounded(decision.median)),
            (_("90th percentile (days)"), rounded(decision.p90)),
        ],
    )
    rows += interviewer_rows(report)
    for line in report.openings:
        rows += section(
            _("Openings"),
            line.title,
            [
                (_("Applications"), line.applications),
                (_("Reached interviewing"), line.interviewing),
                (_("Hired"), line.hired),
            ],
        )
    return headers, rows
