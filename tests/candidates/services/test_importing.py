"""The paper-scorecard CSV import: what a good file creates, every rejection, all or nothing."""

import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from candidates.models import (
    MAX_TEXT,
    Application,
    Candidate,
    Interview,
    Interviewer,
    Opening,
    OpeningStatus,
    Score,
    Scorecard,
    Stage,
    StageChange,
)
from candidates.services.importing import ImportRejected, import_scorecards
from candidates.services.interviews import cancel_interview
from candidates.services.privacy import anonymise_candidate
from rubrics.models import Dimension, Rubric
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    InterviewerFactory,
    InterviewFactory,
    OpeningFactory,
    submitted_scorecard,
)

pytestmark = pytest.mark.django_db

HEADER = "opening,candidate,email,interviewer,round,dimension,score,evidence,recommendation"
BOM = "\ufeff"

GOOD = f"""{BOM}{HEADER}
客户经理(上海),张伟,zhangwei@example.com,王芳,初试,experience,4,"五年银行客户经理,业绩稳定",yes
客户经理(上海),张伟,zhangwei@example.com,王芳,初试,crm,,没有问到,yes
客户经理(上海),张伟,zhangwei@example.com,王芳,初试,communication,3,,
客户经理(上海),李娜,,王芳,初试,experience,2,,no
客户经理(上海),李娜,,王芳,初试,ethics,5,拒绝违规操作的要求并说明原因,
"""

MODELS = (Opening, Candidate, Application, Interviewer, Interview, Scorecard, Score)


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return "\n".join([header, *rows, ""]).encode("utf-8")


def row(**values: str) -> str:
    """A data row: one good score unless `values` says otherwise."""
    fields = {
        "opening": "Account manager (Beijing)",
        "candidate": "Chen Jing",
        "email": "chen.jing@example.com",
        "interviewer": "Liu Yang",
        "round": "Structured interview",
        "dimension": "experience",
        "score": "3",
        "evidence": "",
        "recommendation": "yes",
    } | values
    return ",".join(fields[column] for column in HEADER.split(","))


def rejected(data: bytes) -> list[tuple[int, str]]:
    with pytest.raises(ImportRejected) as excinfo:
        import_scorecards(data, entered_by=None)
    return [(error.line, error.message) for error in excinfo.value.errors]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


# A good file ---------------------------------------------------------------


def test_good_file_with_bom_and_chinese_names_creates_everything(hr, default_rubric):
    before = counts()

    report = import_scorecards(GOOD.encode("utf-8"), entered_by=hr)

    after = counts()
    created = {name: after[name] - before[name] for name in after}
    assert created == {
        "Opening": 1,
        "Candidate": 2,
        "Application": 2,
        "Interviewer": 1,
        "Interview": 2,
        "Scorecard": 2,
        "Score": 5,
    }
    opening = Opening.objects.get(title="客户经理(上海)")
    assert opening.rubric == default_rubric
    assert report.openings_created == ("客户经理(上海)",)
    assert report.default_rubric == str(default_rubric)
    assert (report.candidates_created, report.interviewers_created) == (2, 1)
    assert (report.interviews_created, report.scorecards_created, report.scores_created) == (
        2,
        2,
        5,
    )
    assert "客户经理(上海)" in report.lines()[0]
    assert str(default_rubric) in report.lines()[0]

    zhang = Scorecard.objects.get(interview__application__candidate__name="张伟")
    assert zhang.submitted_at is not None
    assert zhang.entered_by == hr
    assert zhang.recommendation == "yes"
    assert zhang.interview.status == "done"
    assert zhang.interview.round_name == "初试"
    assert zhang.interview.interviewer.name == "王芳"
    scores = {s.dimension.code: s for s in zhang.scores.select_related("dimension")}
    assert scores["experience"].value == 4
    assert scores["experience"].evidence == "五年银行客户经理,业绩稳定"
    assert scores["crm"].value is None  # blank = not assessed, never 0 or 1
    assert scores["crm"].evidence == "没有问到"
    assert Candidate.objects.get(name="李娜").email == ""
    li = Scorecard.objects.get(interview__application__candidate__name="李娜")
    assert li.recommendation == "no"
    assert li.interview.application.stage == "interviewing"


def test_file_without_bom_is_read_the_same(hr):
    report = import_scorecards(GOOD.removeprefix(BOM).encode("utf-8"), entered_by=hr)
    assert report.scores_created == 5


def test_open_text_file_is_accepted(hr):
    report = import_scorecards(StringIO(GOOD), entered_by=hr)
    assert report.scorecards_created == 2


def test_blank_recommendation_on_every_row_means_no_decision():
    import_scorecards(csv_bytes(row(recommendation="")), entered_by=None)
    assert Scorecard.objects.get().recommendation == "no_decision"


def test_recommendation_may_be_written_as_its_label():
    import_scorecards(csv_bytes(row(recommendation="Strong yes")), entered_by=None)
    assert Scorecard.objects.get().recommendation == "strong_yes"


def test_optional_columns_may_be_left_out():
    header = "opening,candidate,interviewer,round,dimension,score"
    data = csv_bytes("Account manager,Chen Jing,Liu Yang,Final,experience,4", header=header)
    report = import_scorecards(data, entered_by=None)
    assert report.scores_created == 1
    assert Scorecard.objects.get().recommendation == "no_decision"


def test_existing_opening_candidate_and_interviewer_are_reused():
    opening = OpeningFactory(title="Account manager (Beijing)")
    candidate = CandidateFactory(name="Chen Jing", email="Chen.Jing@example.com")
    interviewer = InterviewerFactory(name="Liu Yang")

    report = import_scorecards(csv_bytes(row()), entered_by=None)

    assert report.openings_created == ()
    assert (report.candidates_created, report.interviewers_created) == (0, 0)
    assert report.applications_created == 1
    interview = Interview.objects.get()
    assert interview.application.opening == opening
    assert interview.application.candidate == candidate  # e-mail matched ignoring case
    assert interview.interviewer == interviewer
    assert not any("opening" in line.lower() for line in report.lines())


def test_candidate_without_email_is_matched_by_exact_name():
    candidate = CandidateFactory(name="Chen Jing", email="")
    import_scorecards(csv_bytes(row(email="")), entered_by=None)
    assert Application.objects.get().candidate == candidate


def test_existing_interview_without_scorecard_gets_the_scorecard():
    interview = InterviewFactory(
        application__opening__title="Account manager (Beijing)",
        application__candidate__email="chen.jing@example.com",
        interviewer__name="Liu Yang",
        round_name="Structured interview",
    )
    report = import_scorecards(csv_bytes(row()), entered_by=None)
    assert report.interviews_created == 0
    interview.refresh_from_db()
    assert interview.scorecard.is_submitted
    assert interview.status == "done"


def test_several_openings_with_one_title_use_the_open_one_created_last():
    OpeningFactory(title="Account manager (Beijing)")
    wanted = OpeningFactory(title="Account manager (Beijing)")
    OpeningFactory(title="Account manager (Beijing)", status=OpeningStatus.CLOSED)

    import_scorecards(csv_bytes(row()), entered_by=None)

    assert Application.objects.get().opening == wanted


def test_import_takes_a_fixed_number_of_queries(django_assert_max_num_queries):
    rows = [
        row(candidate=f"Candidate {n}", email=f"c{n}@example.com", dimension=code)
        for n in range(30)
        for code in ("experience", "crm", "ethics")
    ]
    with django_assert_max_num_queries(25):
        report = import_scorecards(csv_bytes(*rows), entered_by=None)
    assert report.scores_created == 90


# Rejections ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad_row", "fragment"),
    [
        (row(dimension="charm"), "unknown dimension code “charm”"),
        (row(score="6"), "outside the scale 1–5"),
        (row(score="0"), "outside the scale 1–5"),
        (row(score="3.5"), "“3.5” is not a whole number"),
        (row(score="good"), "“good” is not a whole number"),
        (row(candidate=""), "candidate is empty"),
        (row(interviewer=""), "interviewer is empty"),
        (row(round=""), "round is empty"),
        (row(opening=""), "opening is empty"),
        (row(dimension=""), "dimension is empty"),
        (row(recommendation="maybe"), "unknown recommendation “maybe”"),
        (row(email="chen.jing@"), "“chen.jing@” is not a valid e-mail address"),
        (row(evidence="calm, clear"), "more values than columns"),
    ],
)
def test_bad_row_is_named_by_its_line(bad_row, fragment):
    data = csv_bytes(row(dimension="crm"), bad_row, row(dimension="ethics"))

    errors = rejected(data)

    assert len(errors) == 1
    line, message = errors[0]
    assert line == 3
    assert message.startswith("line 3: ")
    assert fragment in message


def test_missing_required_columns_are_named_on_line_1():
    header = "opening,candidate,email,dimension,score"
    errors = rejected(csv_bytes("Account manager,Chen Jing,,experience,3", header=header))
    assert errors == [(1, "line 1: missing required column(s) interviewer, round")]


def test_unknown_column_is_rejected_so_no_value_is_silently_dropped():
    header = HEADER.replace("recommendation", "recomendation")
    errors = rejected(csv_bytes(row(), header=header))
    assert errors[0][0] == 1
    assert "unknown column(s) recomendation" in errors[0][1]


def test_same_scorecard_and_dimension_twice_names_both_lines():
    errors = rejected(csv_bytes(row(), row(dimension="crm"), row(score="4")))
    assert errors == [
        (
            4,
            "line 4: dimension “experience” is scored twice on the same scorecard "
            "(first on line 2)",
        )
    ]


def test_same_dimension_on_different_scorecards_is_fine():
    report = import_scorecards(
        csv_bytes(row(), row(interviewer="Zhao Min"), row(round="Final panel")),
        entered_by=None,
    )
    assert report.scorecards_created == 3


def test_two_different_recommendations_for_one_scorecard_are_rejected():
    data = csv_bytes(
        row(recommendation="yes"),
        row(dimension="crm", recommendation=""),
        row(dimension="ethics", recommendation="yes"),
        row(dimension="learning", recommendation="no"),
    )
    errors = rejected(data)
    assert [line for line, _ in errors] == [5]
    assert "“no” contradicts “yes” on line 2" in errors[0][1]


def test_score_is_checked_against_the_scale_of_the_openings_rubric():
    rubric = Rubric.objects.create(name="Four-point", scale_min=1, scale_max=4)
    Dimension.objects.create(rubric=rubric, code="experience", name="Experience", weight=10)
    OpeningFactory(title="Account manager (Beijing)", rubric=rubric)

    errors = rejected(
        csv_bytes(row(score="4"), row(dimension="experience", round="Final", score="5"))
    )

    assert [line for line, _ in errors] == [3]
    assert "outside the scale 1–4" in errors[0][1]


def test_dimension_codes_are_checked_against_the_openings_rubric():
    rubric = Rubric.objects.create(name="Short rubric")
    Dimension.objects.create(rubric=rubric, code="experience", name="Experience", weight=10)
    OpeningFactory(title="Account manager (Beijing)", rubric=rubric)

    errors = rejected(csv_bytes(row(), row(dimension="crm")))

    assert errors == [(3, "line 3: unknown dimension code “crm” in rubric “Short rubric”")]


def test_every_bad_row_is_reported_in_line_order():
    data = csv_bytes(
        row(score="9"),
        row(dimension="crm"),
        row(dimension="ethics", interviewer=""),
        row(dimension="learning", email="not-an-email", candidate="Chen Jing"),
        row(dimension="leadership", score="x", recommendation="perhaps"),
    )
    errors = rejected(data)
    assert [line for line, _ in errors] == [2, 4, 5, 6, 6]


def test_quoted_value_over_several_lines_keeps_later_line_numbers_right():
    evidence = '"Line one\nline two\nline three"'
    data = csv_bytes(row(evidence=evidence), "", row(dimension="charm"))
    errors = rejected(data)
    # Header 1, the quoted row 2-4, a blank line 5, the bad row 6.
    assert [line for line, _ in errors] == [6]


def test_file_that_is_not_utf8_is_rejected_with_the_line():
    data = (HEADER + "\n" + row() + "\n").encode("utf-8") + row(candidate="张伟").encode("gbk")
    errors = rejected(data)
    assert [line for line, _ in errors] == [3]
    assert "not UTF-8" in errors[0][1]


def test_file_with_only_a_header_is_rejected():
    assert rejected(csv_bytes())[0][0] == 1


def test_empty_file_is_rejected():
    assert rejected(b"")[0][0] == 1


def test_email_given_for_two_different_names_is_rejected():
    errors = rejected(csv_bytes(row(), row(dimension="crm", candidate="Chen Ying")))
    assert [line for line, _ in errors] == [3]


def test_name_shared_by_two_candidates_needs_the_email():
    CandidateFactory(name="Chen Jing", email="a@example.com")
    CandidateFactory(name="Chen Jing", email="b@example.com")
    errors = rejected(csv_bytes(row(email=""), row(email="", dimension="crm")))
    assert errors == [
        (2, "line 2: 2 candidates are named “Chen Jing”; give the e-mail to say which (lines 2–3)")
    ]


def test_interview_with_a_submitted_scorecard_is_not_overwritten():
    interview = InterviewFactory(
        application__opening__title="Account manager (Beijing)",
        application__candidate__email="chen.jing@example.com",
        interviewer__name="Liu Yang",
        round_name="Structured interview",
    )
    submitted_scorecard(interview, {"experience": 2})

    errors = rejected(csv_bytes(row(round="Phone screen"), row(), row(dimension="crm")))

    assert [line for line, _ in errors] == [3]
    assert "already has a submitted scorecard (lines 3–4)" in errors[0][1]


def test_interview_with_a_draft_scorecard_is_not_overwritten():
    interview = InterviewFactory(
        application__opening__title="Account manager (Beijing)",
        application__candidate__email="chen.jing@example.com",
        interviewer__name="Liu Yang",
        round_name="Structured interview",
    )
    Scorecard.objects.create(interview=interview, recommendation="no")

    errors = rejected(csv_bytes(row()))

    assert [line for line, _ in errors] == [2]
    assert "already has a draft scorecard" in errors[0][1]
    assert Scorecard.objects.get().recommendation == "no"
    assert not Score.objects.exists()


# All or nothing ------------------------------------------------------------


def test_one_good_and_one_bad_row_write_nothing(hr):
    before = counts()
    data = csv_bytes(row(), row(candidate="Wu Lei", email="wu.lei@example.com", score="7"))

    errors = rejected(data)

    assert [line for line, _ in errors] == [3]
    assert counts() == before


def test_an_extreme_score_without_evidence_is_rejected_as_on_the_scorecard_page():
    """The submission rules of the entry form apply to imported cards too."""
    before = counts()
    errors = rejected(csv_bytes(row(), row(dimension="crm", score="1")))
    assert errors == [(3, "line 3: a score of 1 needs a line of evidence")]
    assert counts() == before


def test_a_scorecard_with_every_dimension_not_assessed_is_rejected():
    before = counts()
    errors = rejected(csv_bytes(row(score=""), row(dimension="crm", score="")))
    assert len(errors) == 1 and errors[0][0] == 2
    assert "scores no dimension" in errors[0][1] and "(lines 2–3)" in errors[0][1]
    assert counts() == before


def test_dimensions_left_out_of_the_file_are_not_assessed(hr):
    import_scorecards(
        csv_bytes(row(), row(dimension="crm", score="5", evidence="Built dashboards")),
        entered_by=hr,
    )
    scorecard = Scorecard.objects.get()
    assert scorecard.is_submitted
    assert sorted(scorecard.scores.values_list("dimension__code", "value")) == [
        ("crm", 5),
        ("experience", 3),
    ]


def test_importing_the_same_file_twice_is_rejected_the_second_time(hr):
    import_scorecards(GOOD.encode("utf-8"), entered_by=hr)
    after_first = counts()
    submitted_at = list(Scorecard.objects.order_by("pk").values_list("submitted_at", flat=True))

    errors = rejected(GOOD.encode("utf-8"))

    assert [line for line, _ in errors] == [2, 5]
    assert all("already has a submitted scorecard" in message for _, message in errors)
    assert counts() == after_first
    assert list(Scorecard.objects.order_by("pk").values_list("submitted_at", flat=True)) == (
        submitted_at
    )


# The command ---------------------------------------------------------------


def write_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scorecards.csv"
    path.write_bytes(text.encode("utf-8"))
    return path


def test_command_prints_what_it_created(tmp_path):
    out = StringIO()
    call_command("import_scorecards", str(write_file(tmp_path, GOOD)), stdout=out)
    printed = out.getvalue()
    assert "Created opening “客户经理(上海)” with the default rubric" in printed
    assert "Imported 2 submitted scorecards." in printed
    assert "Imported 5 scores." in printed
    assert Scorecard.objects.filter(submitted_at__lte=timezone.now()).count() == 2


def test_command_rejects_a_bad_file_with_exit_code_1_and_line_numbers(tmp_path):
    text = "\n".join([HEADER, row(), row(dimension="charm"), row(dimension="crm", score="8")])
    err = StringIO()
    before = counts()

    with pytest.raises(CommandError) as excinfo:
        call_command("import_scorecards", str(write_file(tmp_path, text)), stderr=err)

    assert excinfo.value.returncode == 1
    assert "nothing was imported" in str(excinfo.value)
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("line 3: unknown dimension code “charm”")
    assert lines[1].startswith("line 4: score 8 is outside the scale")
    assert counts() == before


def test_command_on_a_missing_file_says_so(tmp_path):
    with pytest.raises(CommandError, match="No such file") as excinfo:
        call_command("import_scorecards", str(tmp_path / "nope.csv"))
    assert excinfo.value.returncode == 1


def test_command_line_exits_1_on_a_missing_file(tmp_path):
    manage = Path(__file__).resolve().parents[3] / "manage.py"
    result = subprocess.run(
        [sys.executable, str(manage), "import_scorecards", "--skip-checks", tmp_path / "x.csv"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "No such file" in result.stderr


# Stage history -------------------------------------------------------------


def test_applications_the_import_creates_record_their_move_to_interviewing(hr):
    import_scorecards(csv_bytes(row()), entered_by=hr)
    application = Application.objects.get()
    assert application.stage == Stage.INTERVIEWING
    assert list(
        application.stage_changes.values_list("from_stage", "to_stage", "by__username")
    ) == [("applied", "interviewing", "hr")]


def test_an_existing_application_keeps_its_stage_and_history(hr):
    interview = InterviewFactory(
        application__opening__title="Account manager (Beijing)",
        application__candidate__email="chen.jing@example.com",
        application__stage=Stage.SCREENING,
        interviewer__name="Liu Yang",
        round_name="Structured interview",
    )
    import_scorecards(csv_bytes(row()), entered_by=hr)
    interview.application.refresh_from_db()
    assert interview.application.stage == Stage.SCREENING
    assert not StageChange.objects.exists()


def test_a_new_interview_from_a_file_moves_an_early_application_to_interviewing(hr):
    """As scheduling it on the page would; one already interviewing is left alone."""
    screening = ApplicationFactory(
        opening__title="Account manager (Beijing)",
        candidate__email="chen.jing@example.com",
        stage=Stage.SCREENING,
    )
    on_hold = ApplicationFactory(
        opening=screening.opening, candidate__email="li.na@example.com", stage=Stage.ON_HOLD
    )
    import_scorecards(
        csv_bytes(row(), row(candidate="Li Na", email="li.na@example.com")), entered_by=hr
    )
    screening.refresh_from_db()
    on_hold.refresh_from_db()
    assert (screening.stage, on_hold.stage) == (Stage.INTERVIEWING, Stage.ON_HOLD)
    assert list(StageChange.objects.values_list("application", "from_stage", "by")) == [
        (screening.pk, "screening", hr.pk)
    ]


def test_a_cancelled_interview_takes_no_scorecard_from_a_file(hr):
    interview = InterviewFactory(
        application__opening__title="Account manager (Beijing)",
        application__candidate__email="chen.jing@example.com",
        interviewer__name="Liu Yang",
        round_name="Structured interview",
    )
    cancel_interview(interview=interview, by=hr, reason="Candidate withdrew")

    errors = rejected(csv_bytes(row(), row(dimension="crm")))

    assert [line for line, _ in errors] == [2]
    assert "was cancelled and takes no scorecard (lines 2–3)" in errors[0][1]
    interview.refresh_from_db()
    assert interview.status == "cancelled"
    assert not Scorecard.objects.exists()


def test_an_anonymised_candidate_takes_no_scorecard_from_a_file(hr):
    """Matched by the code that is now their name; the old name and e-mail match no one."""
    candidate = CandidateFactory(name="Chen Jing", email="chen.jing@example.com")
    anonymise_candidate(candidate=candidate, by=hr, reason="Erasure request")
    before = counts()

    errors = rejected(
        csv_bytes(
            row(candidate=candidate.code, email="", evidence="Chen Jing was sharp"),
            row(candidate=candidate.code, email="", dimension="crm"),
        )
    )

    assert errors == [
        (
            2,
            f"line 2: candidate “{candidate.code}” was anonymised; scorecards cannot be "
            "imported for them (lines 2–3)",
        )
    ]
    assert counts() == before
    candidate.refresh_from_db()
    assert (candidate.name, candidate.email) == (candidate.code, "")


def test_evidence_past_max_text_is_refused_by_its_line_and_max_text_is_imported():
    too_long = row(dimension="crm", evidence="证" * (MAX_TEXT + 1))
    assert rejected(csv_bytes(row(), too_long)) == [
        (3, f"line 3: evidence is longer than {MAX_TEXT} characters")
    ]
    assert counts()["Score"] == 0
    import_scorecards(csv_bytes(row(evidence="证" * MAX_TEXT)), entered_by=None)
    assert Score.objects.get().evidence == "证" * MAX_TEXT
