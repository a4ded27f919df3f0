"""seed_demo: idempotent, deterministic, and rich enough to show every feature."""

from collections import defaultdict
from io import StringIO
from itertools import combinations

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.utils import timezone

from candidates.models import (
    Application,
    Candidate,
    Interview,
    Interviewer,
    Opening,
    Score,
    Scorecard,
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
    return {"interviews": interviews, "scores": scores, "scorecards": scorecards, "stages": stages}


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
    assert output[-1].startswith("Demo data: 2 openings, 15 candidates, 3 interviewers")


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


def test_demo_has_two_openings_fifteen_candidates_and_three_interviewers():
    seed()
    assert Opening.objects.count() == 2
    assert Candidate.objects.count() >= 15
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
        for opening in Opening.objects.all()
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
    for application in Application.objects.prefetch_related("stage_changes"):
        moves = [(c.from_stage, c.to_stage, c.by.username) for c in application.stage_changes.all()]
        expected = [] if application.stage == "applied" else [("applied", application.stage, "hr")]
        assert moves == expected
        dossier = candidate_dossier(application.candidate, hr)[0]
        assert [entry.kind for entry in dossier.timeline][0] == "applied"
        assert all(
            entry.at <= timezone.now() for entry in dossier.timeline if entry.kind != "applied"
        )
