"""seed_demo: idempotent, deterministic, and rich enough to show every feature."""

import re
import statistics
from collections import Counter, defaultdict
from datetime import timedelta
from io import StringIO
from itertools import combinations, pairwise

import numpy as np
import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.utils import timezone

from candidates.devtools.demo_history import PAST_OPENING
from candidates.models import (
    Application,
    Candidate,
    Interview,
    Interviewer,
    Opening,
    OpeningStatus,
    PerformanceRecord,
    Score,
    Scorecard,
    StageChange,
)
from candidates.selectors.candidates import candidate_dossier
from candidates.selectors.reminders import overdue_interviews

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    # seed_demo sets four demo passwords per run; the default hasher is slow by design.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DEBUG = True  # as `make run` has it; pytest-django turns DEBUG off


def test_seed_demo_refuses_to_run_with_debug_off(settings):
    """Before: with DEBUG off it (re)created staff accounts with published passwords."""
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--i-know-this-is-not-production"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.exists()
    call_command("seed_demo", "--i-know-this-is-not-production", stdout=StringIO())
    assert User.objects.filter(username="hr", is_staff=True).exists()


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def model_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def demo_content() -> dict:
    """Everything the demo wrote that a second run could change, keyed by natural keys."""
    interviews = {
        (i.application.candidate.email, i.round_name): (
            i.interviewer.name,
            i.status,
            i.scheduled_at,
            i.reminder_sent_at,
        )
        for i in Interview.objects.select_related("application__candidate", "interviewer")
    }
    scores = {
        (
            s.scorecard.interview.application.candidate.email,
            s.scorecard.interview.round_name,
            s.dimension.code,
        ): (s.value, s.evidence)
        for s in Score.objects.select_related(
            "scorecard__interview__application__candidate", "dimension"
        )
    }
    scorecards = {
        (c.interview.application.candidate.email, c.interview.round_name): (
            c.recommendation,
            c.summary,
            c.version,
            c.submitted_at,
        )
        for c in Scorecard.objects.select_related("interview__application__candidate")
    }
    stages = dict(Application.objects.values_list("candidate__email", "stage"))
    return {
        "interviews": interviews,
        "scores": scores,
        "scorecards": scorecards,
        "stages": stages,
        **past_content(),
    }


def past_content() -> dict:
    """The past opening's history, decisions and reviews: all dated from the opening's day."""
    history = list(
        StageChange.objects.filter(application__opening__status=OpeningStatus.CLOSED)
        .order_by("application__candidate__email", "at", "pk")
        .values_list(
            "application__candidate__email", "from_stage", "to_stage", "is_decision", "by", "at"
        )
    )
    decisions = list(
        Application.objects.filter(opening__status=OpeningStatus.CLOSED)
        .order_by("candidate__email")
        .values_list("candidate__email", "created_at", "decided_by", "decided_at", "decision_note")
    )
    times = sorted(
        Scorecard.objects.filter(
            interview__application__opening__status=OpeningStatus.CLOSED
        ).values_list(
            "interview__application__candidate__email",
            "interview__round_name",
            "interview__created_at",
            "submitted_at",
        )
    )
    records = sorted(
        (r.candidate.email, r.period_months, r.measured_on, r.overall, r.employed, r.note)
        for r in PerformanceRecord.objects.select_related("candidate")
    )
    return {"history": history, "decisions": decisions, "times": times, "records": records}


def submitted_values_by_application() -> dict[int, list[dict[str, int | None]]]:
    """Per application, one {dimension code: value} per submitted scorecard."""
    cards: dict[int, dict[int, dict[str, int | None]]] = defaultdict(dict)
    for score in Score.objects.filter(scorecard__submitted_at__isnull=False).select_related(
        "scorecard__interview", "dimension"
    ):
        card = cards[score.scorecard.interview.application_id].setdefault(score.scorecard_id, {})
        card[score.dimension.code] = score.value
    return {application: list(by_card.values()) for application, by_card in cards.items()}


def test_seeding_twice_creates_and_changes_nothing():
    seed()
    counts, content = model_counts(), demo_content()

    output = seed()

    assert model_counts() == counts
    assert demo_content() == content
    assert "nothing new" in output


def test_summary_line_follows_the_logins():
    output = seed().splitlines()
    assert output[0].startswith("Demo logins")
    assert output[-1].startswith("Demo data: 3 openings, 51 candidates, 3 interviewers")
    assert "17 performance records" in output[-1]


def test_the_printed_login_address_follows_site_url(settings):
    """`make run PORT=8101` sets SITE_URL; the address printed once said 8000 whatever the port."""
    settings.SITE_URL = "http://127.0.0.1:8101/"
    assert seed().splitlines()[0] == "Demo logins (http://127.0.0.1:8101/accounts/login/):"


def test_demo_scores_are_the_same_on_every_fresh_database():
    seed()
    first = demo_content()["scores"]
    Candidate.objects.all().delete()
    Interviewer.objects.all().delete()
    Opening.objects.all().delete()

    seed()

    assert demo_content()["scores"] == first


def test_demo_has_two_open_openings_a_past_one_and_three_interviewers():
    seed()
    assert Opening.objects.filter(status=OpeningStatus.OPEN).count() == 2
    assert Opening.objects.filter(status=OpeningStatus.CLOSED).count() == 1
    assert Candidate.objects.count() >= 15 + 36
    assert Interviewer.objects.count() == 3
    assert set(Opening.objects.values_list("rubric__name_en", flat=True)) == {
        "Account manager",
        "Key account manager",
    }
    for opening in Opening.objects.all():
        assert opening.hiring_managers.filter(username="manager").exists()


def test_the_two_demo_openings_have_different_hiring_teams_and_both_logins_print():
    output = seed()
    teams = {
        opening.rubric.name_en: (
            {user.username for user in opening.hiring_managers.all()},
            opening.interviewers.count(),
        )
        for opening in Opening.objects.filter(status=OpeningStatus.OPEN)
    }
    assert teams["Account manager"][0] == {"manager"}
    assert teams["Key account manager"][0] == {"manager", "manager2"}
    assert all(interviewers for _managers, interviewers in teams.values())
    assert "manager-demo-2026" in output and "manager2-demo-2026" in output


def test_every_submitted_scorecard_has_a_score_row_per_rubric_dimension():
    seed()
    for scorecard in Scorecard.objects.select_related("interview__application__opening__rubric"):
        rubric = scorecard.interview.application.opening.rubric
        assert scorecard.is_submitted
        assert scorecard.entered_by.username == "hr"
        assert scorecard.interview.status == "done"
        assert set(scorecard.scores.values_list("dimension_id", flat=True)) == set(
            rubric.dimensions.values_list("id", flat=True)
        )


def test_some_dimensions_are_not_assessed():
    seed()
    assert Score.objects.filter(value__isnull=True).exists()


def test_raters_disagree_by_two_points_or_more_on_some_application():
    seed()

    def disagree(a: dict, b: dict) -> bool:
        return any(
            a[code] is not None and b.get(code) is not None and abs(a[code] - b[code]) >= 2
            for code in a
        )

    assert any(
        disagree(a, b)
        for cards in submitted_values_by_application().values()
        for a, b in combinations(cards, 2)
    )


def test_some_application_has_exactly_one_submitted_scorecard():
    seed()
    assert any(len(cards) == 1 for cards in submitted_values_by_application().values())


def test_some_interview_is_overdue():
    seed()
    assert overdue_interviews(now=timezone.now(), hours=24).exists()


def test_the_demo_interviewer_has_an_interview_to_score_where_a_colleague_submitted():
    seed()
    pending = Interview.objects.filter(
        interviewer__user__username="interviewer", scorecard__submitted_at__isnull=True
    )
    assert pending.exists()
    assert (
        Scorecard.objects.submitted()
        .filter(interview__application__in=pending.values("application"))
        .exclude(interview__interviewer__user__username="interviewer")
        .exists()
    )


def test_every_demo_stage_is_in_the_history_and_the_timeline_reads_in_order():
    seed()
    hr = User.objects.get(username="hr")
    open_applications = Application.objects.filter(opening__status=OpeningStatus.OPEN)
    for application in open_applications.prefetch_related("stage_changes"):
        moves = [(c.from_stage, c.to_stage, c.by.username) for c in application.stage_changes.all()]
        expected = [] if application.stage == "applied" else [("applied", application.stage, "hr")]
        assert moves == expected
        dossier = candidate_dossier(application.candidate, hr)[0]
        assert [entry.kind for entry in dossier.timeline][0] == "applied"
        assert all(
            entry.at <= timezone.now() for entry in dossier.timeline if entry.kind != "applied"
        )


# -- the past opening: a finished hiring with performance after the hire -------------


def past_opening() -> Opening:
    return Opening.objects.get(status=OpeningStatus.CLOSED)


def test_the_past_opening_is_closed_with_fourteen_hired_of_thirty_six():
    seed()
    opening = past_opening()
    assert opening.title == PAST_OPENING["title"]
    assert (opening.rubric.name_en, opening.client_size) == ("Account manager", "mid")
    assert set(opening.hiring_managers.values_list("username", flat=True)) == {"manager"}
    assert opening.interviewers.count() == 3
    assert 400 <= (timezone.now() - opening.created_at).days <= 450  # about 14 months
    stages = Counter(opening.applications.values_list("stage", flat=True))
    assert stages == {"hired": 14, "rejected": 19, "withdrawn": 3}


def test_past_candidates_have_unique_chinese_names_and_addresses():
    seed()
    people = list(
        Candidate.objects.filter(applications__opening=past_opening()).values_list(
            "name", "email", "crm_systems"
        )
    )
    names, emails = {name for name, *_ in people}, {email for _, email, _ in people}
    assert len(people) == len(names) == len(emails) == 36
    assert all(re.fullmatch(r"[\u4e00-\u9fff]{2,3}", name) for name in names)
    assert all(re.fullmatch(r"[a-z]+\.[a-z]+@example\.com", email) for email in emails)
    # Nobody on the open openings shares a name or an address with them.
    others = Candidate.objects.exclude(applications__opening=past_opening())
    assert not others.filter(email__in=emails).exists()
    assert not others.filter(name__in=names).exists()
    assert {"纷享销客", "Salesforce", "Zoho CRM", "销售易", "HubSpot"} <= {
        crm for *_, systems in people for crm in systems
    }


def test_the_past_history_reads_in_time_order_and_ends_in_the_latest_decision():
    seed()
    now = timezone.now()
    applications = past_opening().applications.prefetch_related("stage_changes__by")
    for application in applications:
        moves = list(application.stage_changes.all())
        assert moves[0].from_stage == "applied" and moves[0].at > application.created_at
        assert all(a.to_stage == b.from_stage for a, b in pairwise(moves))
        assert all(a.at < b.at for a, b in pairwise(moves)) and moves[-1].at < now
        assert application.stage == moves[-1].to_stage
        decisions = [move for move in moves if move.is_decision]
        assert all(move.by.username == "manager" for move in decisions)
        if decisions:
            latest = decisions[-1]
            assert (application.decided_at, application.decided_by) == (latest.at, latest.by)
            assert application.decision_note == latest.note
        else:
            assert application.decided_at is None and application.decided_by is None


def test_past_interviews_were_held_a_year_ago_in_office_hours_and_scored_within_days():
    seed()
    now = timezone.now()
    interviews = Interview.objects.filter(application__opening=past_opening()).select_related(
        "scorecard", "interviewer"
    )
    assert interviews.count() == 28 * 3 + 2  # one withdrew after two rounds
    turnaround = defaultdict(list)
    for interview in interviews:
        held = timezone.localtime(interview.scheduled_at)
        assert held.weekday() < 5 and 9 <= held.hour <= 17
        assert 355 <= (now - held).days <= 410  # 13 to 12 months ago
        assert interview.status == "done" and interview.created_at < interview.scheduled_at
        hours = (interview.scorecard.submitted_at - interview.scheduled_at).total_seconds() / 3600
        assert 2 <= hours <= 6 * 24
        turnaround[interview.interviewer.name].append(hours)
    medians = sorted(statistics.median(hours) for hours in turnaround.values())
    assert medians[-1] > 4 * medians[0]  # one interviewer is much slower than another


def test_each_hire_has_a_six_month_review_and_none_dated_in_the_future():
    seed()
    hires = (
        past_opening()
        .applications.filter(stage="hired")
        .prefetch_related("stage_changes", "candidate__performance_records")
    )
    today = timezone.localdate()
    yearly = []
    for application in hires:
        hired_on = timezone.localdate(list(application.stage_changes.all())[-1].at)
        records = {r.period_months: r for r in application.candidate.performance_records.all()}
        assert records[6].overall is not None and records[6].employed
        assert set(records) <= {6, 12}
        assert all(hired_on < r.measured_on <= today for r in records.values())
        if 12 in records:
            yearly.append(records[12])
            assert records[12].measured_on - hired_on == timedelta(days=365)
    leavers = [record for record in yearly if not record.employed]
    assert len(leavers) == 1 and leavers[0].overall is None
    assert len(yearly) >= 2


def test_the_interview_score_predicts_the_six_month_rating_with_one_dimension_ahead():
    """The validity report has something to show: a moderate r, customer orientation highest."""
    seed()
    hires = past_opening().applications.filter(stage="hired")
    means = defaultdict(lambda: defaultdict(list))
    for candidate, code, value in Score.objects.filter(
        scorecard__interview__application__in=hires, value__isnull=False
    ).values_list("scorecard__interview__application__candidate", "dimension__code", "value"):
        means[candidate][code].append(value)
    six_months = dict(
        PerformanceRecord.objects.filter(period_months=6).values_list("candidate", "overall")
    )
    people = sorted(means)
    codes = sorted(means[people[0]])
    by_dimension = np.array([[np.mean(means[p][code]) for code in codes] for p in people])
    rating = np.array([six_months[p] for p in people], dtype=float)
    r = np.corrcoef(by_dimension.mean(axis=1), rating)[0, 1]
    assert len(people) == 14 and 0.3 <= r <= 0.8
    per_dimension = [np.corrcoef(by_dimension[:, j], rating)[0, 1] for j in range(len(codes))]
    assert codes[int(np.argmax(per_dimension))] == "customer_orientation"


def test_the_past_history_is_the_same_on_every_fresh_database():
    seed()
    first = past_content()
    Candidate.objects.all().delete()
    Interviewer.objects.all().delete()
    Opening.objects.all().delete()

    seed()

    assert past_content() == first
    assert len(first["history"]) > 36 * 2 and first["records"]
