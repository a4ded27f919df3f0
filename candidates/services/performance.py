"""Post-hire performance records: entered on the candidate page or imported from a CSV.

Every path (the page, `import_performance`, the API later) goes through
`record_performance` / `change_performance` / `import_performance` here; the
Django admin shows the records read-only. A record needs a candidate who is on
at least one opening (their interview scores are what the record is checked
against) and who has not been anonymised. One record per candidate and period
(months in the job); the import changes no stage and creates no candidate.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TextIO

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from candidates.models import Application, Candidate, PerformanceRecord
from candidates.models.validators import validate_measured_date
from candidates.selectors.validity import candidate_problem
from candidates.services.importing import ImportRejected, RowError
from candidates.services.importing.checking import is_email
from candidates.services.importing.reading import Layout, decode, read_rows
from candidates.services.importing.rows import row_error

# What a form or a file may set; the rest (who, when) the service fills in.
FIELDS = (
    "measured_on",
    "period_months",
    "sales_attainment",
    "customer_satisfaction",
    "retention",
    "overall",
    "employed",
    "note",
)
COLUMNS = ("email", *FIELDS)
REQUIRED_COLUMNS = ("email", "measured_on", "period_months")
# The columns read as a value or None (blank); `employed` and `note` are read apart.
MEASURED_ON_FILE = FIELDS[:6]
MEASURES = ("sales_attainment", "customer_satisfaction", "retention", "overall", "employed")
YES = {"yes", "y", "true", "1", "是", "在职"}
NO = {"no", "n", "false", "0", "否", "离职"}


def _checked(record: PerformanceRecord) -> PerformanceRecord:
    """`record` with every field converted and checked (model validators and constraints)."""
    problem = candidate_problem(record.candidate)
    if problem:
        raise ValidationError(problem, code="candidate")
    record.full_clean(exclude=["entered_by", "changed_by"])
    _measured_in_the_past(record)
    return record


def _measured_in_the_past(record: PerformanceRecord) -> None:
    """A measure is taken on a past day (the pages, the import: one rule)."""
    try:
        validate_measured_date(record.measured_on)
    except ValidationError as error:
        raise ValidationError({"measured_on": error.messages}) from None


def _saved(record: PerformanceRecord) -> PerformanceRecord:
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        # Another request saved this candidate's record for the period in between.
        raise ValidationError(
            {"period_months": _("This candidate already has a record for this period.")}
        ) from None
    return record


@transaction.atomic
def record_performance(*, candidate: Candidate, by, values: Mapping) -> PerformanceRecord:
    """A new record for `candidate` from `values` (FIELDS), or a ValidationError by field."""
    record = PerformanceRecord(candidate=candidate, entered_by=by, **_known(values))
    return _saved(_checked(record))


@transaction.atomic
def change_performance(*, record: PerformanceRecord, by, values: Mapping) -> PerformanceRecord:
    """`record` corrected to `values`; who changed it last, and when, is kept on the row."""
    locked = PerformanceRecord.objects.select_for_update().get(pk=record.pk)
    for name, value in _known(values).items():
        setattr(locked, name, value)
    locked.changed_by, locked.changed_at = by, timezone.now()
    return _saved(_checked(locked))


def _known(values: Mapping) -> dict:
    return {name: values[name] for name in FIELDS if name in values}


# -- the CSV import --------------------------------------------------------------------


@dataclass(frozen=True)
class PerformanceRow:
    line: int
    email: str = ""
    measured_on: str = ""
    period_months: str = ""
    sales_attainment: str = ""
    customer_satisfaction: str = ""
    retention: str = ""
    overall: str = ""
    employed: str = ""
    note: str = ""


PERFORMANCE = Layout(columns=COLUMNS, required=REQUIRED_COLUMNS, make=PerformanceRow)


@dataclass(frozen=True)
class PerformanceImport:
    records_created: int

    def lines(self) -> list[str]:
        count = self.records_created
        return [
            ngettext(
                "%(count)d performance record imported.",
                "%(count)d performance records imported.",
                count,
            )
            % {"count": count}
        ]


def import_performance(source: TextIO | bytes, *, by) -> PerformanceImport:
    """Check every row of the CSV `source`, then save all its records in one transaction.

    Columns: email, measured_on (YYYY-MM-DD), period_months, and any of
    sales_attainment, customer_satisfaction, retention, overall, employed
    (yes/no), note; a blank cell is "not measured". Raises ImportRejected with
    every problem by line, and saves nothing, if any row is bad.
    """
    rows = read_rows(decode(source), PERFORMANCE)
    with transaction.atomic():
        records, errors = _check_rows(rows)
        if errors:
            raise ImportRejected(errors)
        try:
            with transaction.atomic():
                PerformanceRecord.objects.bulk_create(records)
        except IntegrityError:
            message = _(
                "line %(line)s: another import or a page saved records for these candidates "
                "meanwhile; import the file again to see which"
            )
            raise ImportRejected([row_error(1, message)]) from None
    return PerformanceImport(records_created=len(records))


def _check_rows(rows: list[PerformanceRow]) -> tuple[list[PerformanceRecord], list[RowError]]:
    candidates = {}
    for candidate in Candidate.objects.filter(email__in=_spellings(rows)):
        candidates[candidate.email.lower()] = candidate
    taken = set(
        PerformanceRecord.objects.filter(candidate__in=candidates.values()).values_list(
            "candidate_id", "period_months"
        )
    )
    on_openings = set(
        Application.objects.filter(candidate__in=candidates.values()).values_list(
            "candidate_id", flat=True
        )
    )
    records, errors, seen = [], [], {}
    for row in rows:
        problems = _row_problems(row, candidates, on_openings)
        if problems:
            errors.extend(problems)
            continue
        record = PerformanceRecord(
            candidate=candidates[row.email.lower()],
            **{name: getattr(row, name) or None for name in MEASURED_ON_FILE},
            employed=_employed(row.employed),
            note=row.note,
        )
        try:
            _field_checked(record)
        except ValidationError as error:
            errors.extend(_field_errors(row.line, error))
            continue
        key = (record.candidate_id, record.period_months)
        if key in taken:
            message = _(
                "line %(line)s: %(email)s already has a record for %(months)s months; "
                "change it on the candidate's page"
            )
            errors.append(row_error(row.line, message, email=row.email, months=key[1]))
        elif key in seen:
            message = _("line %(line)s: the same candidate and period as line %(other)s")
            errors.append(row_error(row.line, message, other=seen[key]))
        else:
            seen[key] = row.line
            records.append(record)
    return records, sorted(errors, key=lambda error: error.line)


def _spellings(rows: list[PerformanceRow]) -> set[str]:
    """The e-mails as typed and in lower case: a candidate is matched ignoring case."""
    typed = {row.email for row in rows if row.email}
    return typed | {email.lower() for email in typed}


def _row_problems(row, candidates: dict, on_openings: set) -> list[RowError]:
    if not row.email:
        return [row_error(row.line, _("line %(line)s: email is required"))]
    if not is_email(row.email):
        return [
            row_error(
                row.line, _("line %(line)s: “%(email)s” is not an e-mail address"), email=row.email
            )
        ]
    candidate = candidates.get(row.email.lower())
    if candidate is None:
        message = _("line %(line)s: no candidate has the e-mail %(email)s")
        return [row_error(row.line, message, email=row.email)]
    if candidate.pk not in on_openings:
        message = _("line %(line)s: %(email)s is on no opening, so there are no scores to compare")
        return [row_error(row.line, message, email=row.email)]
    if not any(getattr(row, name) for name in MEASURES):
        message = _("line %(line)s: no measure given; fill in at least one of %(columns)s")
        return [row_error(row.line, message, columns=", ".join(MEASURES))]
    if row.employed and _employed(row.employed) is None:
        message = _("line %(line)s: employed must be yes or no (or blank), not “%(value)s”")
        return [row_error(row.line, message, value=row.employed)]
    return []


def _employed(text: str) -> bool | None:
    value = text.strip().lower()
    return True if value in YES else False if value in NO else None


def _field_checked(record: PerformanceRecord) -> None:
    record.full_clean(exclude=["entered_by", "changed_by", "candidate"], validate_unique=False)
    _measured_in_the_past(record)


def _field_errors(line: int, error: ValidationError) -> list[RowError]:
    """One message per bad column, named as in the file's header."""
    found = []
    for field, messages in error.message_dict.items():
        column = field if field in COLUMNS else None
        for message in messages:
            if column:
                found.append(
                    row_error(
                        line,
                        _("line %(line)s: %(column)s: %(problem)s"),
                        column=column,
                        problem=message,
                    )
                )
            else:
                found.append(row_error(line, _("line %(line)s: %(problem)s"), problem=message))
    return found
