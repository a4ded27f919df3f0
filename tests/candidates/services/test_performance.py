"""Post-hire performance records: the rules every path obeys, and the CSV import."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from candidates.models import PerformanceRecord, Stage
from candidates.services.importing import ImportRejected
from candidates.services.performance import (
    change_performance,
    import_performance,
    record_performance,
)
from candidates.services.privacy import anonymise_candidate, export_candidate
from tests.factories import ApplicationFactory, CandidateFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "email,measured_on,period_months,sales_attainment,customer_satisfaction,retention,"
    "overall,employed\n"
)


def hired(email: str = "ada@example.com"):
    return ApplicationFactory(candidate__email=email, stage=Stage.HIRED).candidate


def test_a_record_is_saved_with_who_entered_it(hr):
    candidate = hired()
    record = record_performance(
        candidate=candidate,
        by=hr,
        values={"measured_on": datetime.date(2026, 6, 30), "period_months": 6, "overall": 4},
    )
    assert record.entered_by == hr
    assert (record.overall, record.sales_attainment, record.employed) == (4, None, None)


def test_a_record_must_measure_something(hr):
    with pytest.raises(ValidationError) as error:
        record_performance(
            candidate=hired(),
            by=hr,
            values={"measured_on": datetime.date(2026, 6, 30), "period_months": 6},
        )
    assert "overall" in error.value.message_dict
    assert not PerformanceRecord.objects.exists()


def test_a_candidate_on_no_opening_gets_no_record(hr):
    with pytest.raises(ValidationError, match="on no opening"):
        record_performance(
            candidate=CandidateFactory(),
            by=hr,
            values={"measured_on": datetime.date(2026, 6, 30), "period_months": 6, "overall": 3},
        )


def test_one_record_per_period(hr):
    candidate = hired()
    values = {"measured_on": datetime.date(2026, 6, 30), "period_months": 6, "overall": 3}
    record_performance(candidate=candidate, by=hr, values=values)
    with pytest.raises(ValidationError) as error:
        record_performance(candidate=candidate, by=hr, values=values | {"overall": 5})
    assert "period_months" in error.value.message_dict
    assert PerformanceRecord.objects.get().overall == 3


def test_a_correction_keeps_who_entered_it_and_records_who_changed_it(hr, manager):
    candidate = hired()
    values = {"measured_on": datetime.date(2026, 6, 30), "period_months": 6, "overall": 3}
    record = record_performance(candidate=candidate, by=hr, values=values)
    change_performance(record=record, by=manager, values={"overall": 5, "retention": "92.5"})
    record.refresh_from_db()
    assert (record.overall, record.retention, record.entered_by, record.changed_by) == (
        5,
        Decimal("92.5"),
        hr,
        manager,
    )


def test_out_of_range_values_are_refused_by_field(hr):
    with pytest.raises(ValidationError) as error:
        record_performance(
            candidate=hired(),
            by=hr,
            values={
                "measured_on": datetime.date(2026, 6, 30),
                "period_months": 0,
                "overall": 6,
                "customer_satisfaction": Decimal("5.5"),
                "retention": Decimal("101"),
            },
        )
    assert {"period_months", "overall", "customer_satisfaction", "retention"} <= set(
        error.value.message_dict
    )


def test_anonymising_keeps_the_measures_and_removes_the_note(hr):
    candidate = hired()
    record_performance(
        candidate=candidate,
        by=hr,
        values={
            "measured_on": datetime.date(2026, 6, 30),
            "period_months": 6,
            "overall": 4,
            "note": "Ada's clients love her",
        },
    )
    anonymise_candidate(candidate=candidate, by=hr, reason="left")
    record = PerformanceRecord.objects.get()
    assert (record.overall, record.note) == (4, "")
    with pytest.raises(ValidationError, match="anonymised"):
        change_performance(record=record, by=hr, values={"note": "Ada again"})


def test_the_access_export_lists_the_records(hr):
    candidate = hired()
    record_performance(
        candidate=candidate,
        by=hr,
        values={"measured_on": datetime.date(2026, 6, 30), "period_months": 6, "retention": 90},
    )
    exported = export_candidate(candidate=candidate, by=hr)
    assert exported["performance"][0]["retention"] == "90.0"
    assert exported["performance"][0]["entered_by"] == hr.username


# -- the import ------------------------------------------------------------------------


def test_a_good_file_imports_every_row(hr):
    hired("ada@example.com")
    hired("bo@example.com")
    data = (
        HEADER
        + "ADA@example.com,2026-06-30,6,95.5,4.2,88,4,yes\n"
        + "bo@example.com,2026-06-30,6,,,,2,no\n"
        + "bo@example.com,2026-11-30,12,70,,,,\n"
    )
    report = import_performance(data.encode("utf-8-sig"), by=hr)
    assert report.records_created == 3
    ada = PerformanceRecord.objects.get(candidate__email="ada@example.com")
    assert (ada.sales_attainment, ada.customer_satisfaction, ada.employed) == (
        Decimal("95.5"),
        Decimal("4.2"),
        True,
    )
    assert PerformanceRecord.objects.get(period_months=12).overall is None


def test_a_bad_file_saves_nothing_and_names_each_line(hr):
    hired("ada@example.com")
    hired("bo@example.com")
    ApplicationFactory(candidate__email="cy@example.com").candidate.applications.all().delete()
    data = (
        HEADER
        + "ada@example.com,2026-06-30,6,95,4,88,4,yes\n"  # good, but the file is refused
        + "nobody@example.com,2026-06-30,6,,,,4,\n"
        + "bo@example.com,30/06/2026,6,,,,4,\n"
        + "bo@example.com,2026-06-30,6,,,,9,maybe\n"
        + "bo@example.com,2026-06-30,6,,,,,\n"
        + "ada@example.com,2026-07-30,6,,,,3,\n"
        + "cy@example.com,2026-06-30,6,,,,3,\n"
        + "not-an-address,2026-06-30,6,,,,3,\n"
    )
    with pytest.raises(ImportRejected) as rejected:
        import_performance(data.encode(), by=hr)
    messages = [error.message for error in rejected.value.errors]
    assert [error.line for error in rejected.value.errors] == [3, 4, 5, 6, 7, 8, 9]
    assert "nobody@example.com" in messages[0]
    assert "measured_on" in messages[1]
    assert "employed" in messages[2]
    assert "no measure" in messages[3]
    assert "line 2" in messages[4]  # the same candidate and period as line 2
    assert "on no opening" in messages[5]
    assert "not an e-mail address" in messages[6]
    assert not PerformanceRecord.objects.exists()


def test_a_period_already_recorded_is_refused(hr):
    candidate = hired("ada@example.com")
    record_performance(
        candidate=candidate,
        by=hr,
        values={"measured_on": datetime.date(2026, 6, 30), "period_months": 6, "overall": 3},
    )
    with pytest.raises(ImportRejected, match="already has a record for 6 months"):
        import_performance((HEADER + "ada@example.com,2026-06-30,6,,,,4,\n").encode(), by=hr)


def test_the_import_changes_no_stage(hr):
    candidate = ApplicationFactory(candidate__email="ada@example.com", stage=Stage.OFFER).candidate
    import_performance((HEADER + "ada@example.com,2026-06-30,6,,,,4,\n").encode(), by=hr)
    assert candidate.applications.get().stage == Stage.OFFER


def test_missing_columns_are_named(hr):
    with pytest.raises(ImportRejected, match="period_months"):
        import_performance(b"email,measured_on,overall\nada@example.com,2026-06-30,4\n", by=hr)


def test_the_command_imports_and_reports(tmp_path, capsys):
    hired("ada@example.com")
    path = tmp_path / "performance.csv"
    path.write_text(HEADER + "ada@example.com,2026-06-30,6,,,,4,yes\n", encoding="utf-8")
    call_command("import_performance", str(path))
    assert "1 performance record imported." in capsys.readouterr().out
    path.write_text(HEADER + "bo@example.com,2026-06-30,6,,,,4,yes\n", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_performance", str(path))
    assert PerformanceRecord.objects.count() == 1


def test_a_measure_dated_in_the_future_is_refused(hr):
    with pytest.raises(ValidationError) as error:
        record_performance(
            candidate=hired(),
            by=hr,
            values={"measured_on": datetime.date(2999, 1, 1), "period_months": 6, "overall": 4},
        )
    assert "measured_on" in error.value.message_dict
    with pytest.raises(ImportRejected, match="line 2: measured_on"):
        import_performance((HEADER + "ada@example.com,9999-12-31,12,,,,4,\n").encode(), by=hr)
