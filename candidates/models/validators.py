"""Field checks shared by the candidate models: dates and e-mail addresses."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Interviews are dated from this day to this many days ahead; outside that a date is
# a typing slip ("0001-01-01" even broke PostgreSQL, whose oldest timestamp is 4713 BC,
# once Shanghai's historical UTC offset moved it to 1 BC).
FIRST_INTERVIEW_DATE = date(2000, 1, 1)
INTERVIEW_DAYS_AHEAD = 3653  # ten years


def validate_interview_date(value) -> None:
    """An interview date between FIRST_INTERVIEW_DATE and ten years from today."""
    last = timezone.localdate() + timedelta(days=INTERVIEW_DAYS_AHEAD)
    # The date as typed: converting a year-1 time to another zone would overflow.
    if not FIRST_INTERVIEW_DATE <= value.date() <= last:
        raise ValidationError(
            _("Choose a date between %(first)s and %(last)s."),
            code="date_range",
            params={"first": FIRST_INTERVIEW_DATE.isoformat(), "last": last.isoformat()},
        )


def validate_plain_email(value: str) -> None:
    """Refuse an address a spreadsheet would read as a formula ("=1+1@example.com").

    Django's own check lets these through; exports neutralise such cells
    anyway, but an address like that is never a real one worth keeping.
    """
    if value[:1] in {"=", "+", "-", "@"}:
        raise ValidationError(
            _("An e-mail address cannot start with =, +, - or @."), code="formula"
        )


def validate_measured_date(value: date) -> None:
    """A performance measure is taken on a past day: not before FIRST_INTERVIEW_DATE,
    not after today."""
    today = timezone.localdate()
    if not FIRST_INTERVIEW_DATE <= value <= today:
        raise ValidationError(
            _("Choose a date between %(first)s and today, %(today)s."),
            code="date_range",
            params={"first": FIRST_INTERVIEW_DATE.isoformat(), "today": today.isoformat()},
        )
