"""Every write path leaves no cached ranking stale: after the write, the shortlist read
through the cache is the shortlist computed afresh, and differs from before.

The tests commit for real (transaction=True): a new ranking version is recorded
only after a commit, and a transaction holding uncommitted changes reads no cache.
"""

import io
import logging

import pytest
from django.core.cache import caches
from django.db import transaction
from django.urls import reverse

from candidates.models import Application, RankingVersion, Stage
from candidates.selectors.agreement import opening_agreement
from candidates.selectors.caching import outage, recent
from candidates.selectors.confidence import ranking_confidence
from candidates.selectors.shortlist import build_shortlist
from candidates.services.importing import import_scorecards
from candidates.services.interviews import save_new_interview
from candidates.services.openings import move_opening_to_rubric
from candidates.services.plans import start_plan_from_rubric
from candidates.services.privacy import anonymise_candidate
from candidates.services.scorecards import ScorecardEntry, ScoreEntry, save_scorecard
from candidates.services.stages import change_stage
from rubrics.models import Rubric
from rubrics.services import change_weights, create_version
from tests.candidates.test_admin import add_in_admin
from tests.candidates.test_score_lines import assert_lines_match_scores
from tests.conftest import logged_in
from tests.factories import (
    DEFAULT_CODES,
    ApplicationFactory,
    InterviewFactory,
    OpeningFactory,
    submitted_scorecard,
)
from tests.shared_cache import redis_answers, use_redis

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def opening(db):
    """Three candidates, two ranked (Ana above Bo) and one with a single scorecard."""
    opening = OpeningFactory(title="AM Hangzhou")
    for name, level, cards in [("Ana", 4, 2), ("Bo", 3, 2), ("Cai", 5, 1)]:
        application = ApplicationFactory(
            opening=opening, candidate__name=name, stage=Stage.INTERVIEWING
        )
        for _ in range(cards):
            interview = InterviewFactory(application=application)
            submitted_scorecard(interview, dict.fromkeys(DEFAULT_CODES, level))
    return opening


def seen(opening) -> tuple:
    """What a manager sees of the shortlist: names, stages, scores, ranks, reasons, flags."""
    shortlist = build_shortlist(opening)
    confidence = ranking_confidence(shortlist)
    rows = [
        (
            app.candidate.name,
            app.stage,
            row.score and round(row.score, 6),
            row.rank,
            row.reasons,
            row.flags,
        )
        for row, app in [*shortlist.rows(), *shortlist.pending()]
    ]
    return rows, sorted(confidence.rows), opening_agreement(opening).scorecards


def assert_fresh_after(opening, write) -> None:
    """Read through the cache, write, read again: the result is the uncached one, and new."""
    before = seen(opening)
    assert seen(opening) == before  # now cached
    write()
    after = seen(opening)
    caches["ranking"].clear()
    recent.clear()
    assert after == seen(opening), "a cached result outlived the write"
    assert after != before, "the write changed nothing the shortlist shows: not a test"
    assert_lines_match_scores()  # what the shortlist read is what the scores say


def card(level: int) -> ScorecardEntry:
    return ScorecardEntry(
        scores={code: ScoreEntry(level, "Said why.") for code in DEFAULT_CODES},
        recommendation="yes",
    )


def test_a_submitted_scorecard(opening, hr):
    cai = Application.objects.get(opening=opening, candidate__name="Cai")
    interview = InterviewFactory(application=cai)

    def write():
        save_scorecard(interview=interview, entry=card(5), by=hr, expected_version=0, submit=True)

    assert_fresh_after(opening, write)


def test_a_corrected_scorecard(opening, hr):
    scorecard = Application.objects.get(opening=opening, candidate__name="Bo").interviews.first()

    def write():
        save_scorecard(
            interview=scorecard,
            entry=card(5),
            by=hr,
            expected_version=scorecard.scorecard.version,
            submit=True,
            reason="Typed the wrong row.",
        )

    assert_fresh_after(opening, write)


def test_a_decision(opening, manager):
    ana = Application.objects.get(opening=opening, candidate__name="Ana")
    assert_fresh_after(
        opening,
        lambda: change_stage(application=ana, stage=Stage.OFFER, by=manager, decision=True),
    )


def test_a_first_interview_moves_the_stage_with_an_update(opening, hr):
    ana = Application.objects.get(opening=opening, candidate__name="Ana")
    Application.objects.filter(pk=ana.pk).update(stage=Stage.SCREENING)
    RankingVersion.objects.changed()
    interview = InterviewFactory.build(application=ana, interviewer=InterviewFactory().interviewer)
    assert_fresh_after(opening, lambda: save_new_interview(interview=interview, by=hr))


def test_an_import(opening):
    cai = Application.objects.get(opening=opening, candidate__name="Cai").candidate
    rows = "".join(
        f"AM Hangzhou,Cai,{cai.email},Lin,Final,{code},5,Said why.,yes\n" for code in DEFAULT_CODES
    )
    header = "opening,candidate,email,interviewer,round,dimension,score,evidence,recommendation\n"
    assert_fresh_after(
        opening, lambda: import_scorecards(io.StringIO(header + rows), entered_by=None)
    )


def test_a_weight_change(opening, admin_user):
    rubric = opening.rubric
    weights = dict.fromkeys(DEFAULT_CODES, 10) | {"crm": 40}
    # Bo is strong on CRM only, so the new weights reorder the shortlist.
    bo = Application.objects.get(opening=opening, candidate__name="Bo")
    for interview in bo.interviews.all():
        interview.scorecard.scores.filter(dimension__code="crm").update(value=5)
    RankingVersion.objects.changed()
    assert_fresh_after(
        opening,
        lambda: change_weights(rubric=rubric, weights=weights, reason="CRM first", by=admin_user),
    )


def test_anonymising_a_candidate(opening, hr):
    ana = Application.objects.get(opening=opening, candidate__name="Ana").candidate
    assert_fresh_after(
        opening, lambda: anonymise_candidate(candidate=ana, by=hr, reason="Erasure request")
    )


def test_a_move_to_a_new_rubric_version(opening, hr, default_rubric):
    version = create_version(rubric=default_rubric, by=None, reason="Clearer anchors")
    version.dimensions.filter(code="crm").update(gate=5)  # a gate Ana and Bo fail

    def write():
        move_opening_to_rubric(opening=opening, rubric=Rubric.objects.get(pk=version.pk), by=hr)

    assert_fresh_after(opening, write)


def test_a_plan_names_the_rounds_still_missing(opening):
    assert_fresh_after(opening, lambda: start_plan_from_rubric(opening=opening))


def test_a_candidate_renamed_in_the_admin(opening, hr):
    ana = Application.objects.get(opening=opening, candidate__name="Ana").candidate
    change = reverse("admin:candidates_candidate_change", args=[ana.pk])
    typed = {
        "name": "Ana Lima",
        "email": ana.email,
        "industries": "[]",
        "client_segments": "[]",
        "crm_systems": "[]",
    }
    assert_fresh_after(
        opening, lambda: logged_in(hr).post(change, typed).status_code == 302 or pytest.fail()
    )


def test_an_application_deleted_in_the_admin(opening, admin_user):
    # One without submitted scorecards: the admin keeps those that have some.
    dan = ApplicationFactory(opening=opening, candidate__name="Dan")
    delete = reverse("admin:candidates_application_delete", args=[dan.pk])

    def write():
        assert logged_in(admin_user).post(delete, {"post": "yes"}).status_code == 302

    assert_fresh_after(opening, write)


def test_an_interview_added_in_the_admin(opening, hr):
    cai = Application.objects.get(opening=opening, candidate__name="Cai")
    Application.objects.filter(pk=cai.pk).update(stage=Stage.SCREENING)
    RankingVersion.objects.changed()
    data = {
        "application": cai.pk,
        "interviewer": InterviewFactory().interviewer_id,
        "round_name": "Phone screen",
        "scheduled_at_0": "2026-12-20",
        "scheduled_at_1": "10:00",
    }
    assert_fresh_after(
        opening, lambda: add_in_admin(hr, "interview", data).status_code == 302 or pytest.fail()
    )


def test_the_version_changes_after_the_commit_and_not_for_a_rolled_back_write(opening):
    def current():
        return RankingVersion.objects.of_openings([opening.pk])

    start = current()
    with pytest.raises(RuntimeError), transaction.atomic():
        Application.objects.filter(opening=opening).first().save()
        raise RuntimeError
    assert current() == start
    with transaction.atomic():
        Application.objects.filter(opening=opening).first().save()
        assert current() == start  # not before the commit
    assert current() != start


def test_a_scorecard_on_another_opening_leaves_this_shortlist_cached_but_not_the_calibrated(
    opening, hr, django_assert_num_queries
):
    other = ApplicationFactory(opening=OpeningFactory(rubric=opening.rubric))
    build_shortlist(opening)
    calibrated = seen_calibrated(opening)
    interview = InterviewFactory(application=other)
    save_scorecard(interview=interview, entry=card(5), by=hr, expected_version=0, submit=True)
    with django_assert_num_queries(2):  # the dimensions and the versions: still cached
        build_shortlist(opening)
    # Recomputed, as the rubric's other opening counts: the dimensions, this opening's
    # version and the rubric's, the rubric's openings and their versions, and the
    # scorecards of the one that changed (this one's inputs and sums are still cached).
    with django_assert_num_queries(6):
        build_shortlist(opening, calibrated=True)
    assert seen_calibrated(opening) == calibrated  # leniency needs more scorecards to move


def seen_calibrated(opening) -> list:
    shortlist = build_shortlist(opening, calibrated=True)
    return [(row.key, round(row.score, 6)) for row in shortlist.ranking.ranked]


def test_a_transaction_with_uncommitted_changes_neither_reads_nor_fills_the_cache(opening):
    before = seen(opening)
    with transaction.atomic():
        Application.objects.filter(opening=opening, candidate__name="Ana").update(stage=Stage.OFFER)
        RankingVersion.objects.changed()
        inside = seen(opening)
        assert inside != before  # its own change, not the cached result
        transaction.set_rollback(True)
    assert seen(opening) == before  # nothing of the rolled-back change was cached


def test_a_cached_shortlist_costs_two_queries(opening, django_assert_num_queries):
    build_shortlist(opening)
    with django_assert_num_queries(2):  # the dimensions and the version
        build_shortlist(opening)


@pytest.fixture
def unreachable_cache(settings):
    settings.CACHES = {
        **settings.CACHES,
        "ranking": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing answers
            "OPTIONS": {"socket_connect_timeout": 0.2},
        },
    }
    outage.down = False
    yield
    outage.down = False


def test_with_the_cache_unreachable_the_shortlist_is_computed_and_the_outage_logged_once(
    opening, unreachable_cache, caplog
):
    with caplog.at_level(logging.WARNING, logger="candidates.selectors.caching"):
        first = seen(opening)
        recent.clear()  # as in another process: the shared cache is asked again
        second = seen(opening)
    assert first == second
    assert [row[0] for row in first[0]] == ["Ana", "Bo", "Cai"]
    assert [r.message for r in caplog.records].count(
        "The ranking cache is unreachable: rankings are computed on every request."
    ) == 1


SHARED = "redis://127.0.0.1:6379/7"


@pytest.mark.skipif(not redis_answers(SHARED), reason="needs Redis on 127.0.0.1:6379")
def test_with_redis_another_process_reads_the_shortlist_computed_here(
    opening, settings, django_assert_num_queries
):
    use_redis(settings, SHARED)
    computed = seen(opening)
    recent.clear()  # what another process holds: nothing
    with django_assert_num_queries(2):  # the dimensions and the versions; no score read
        build_shortlist(opening)
    assert seen(opening) == computed


def test_with_redis_down_every_page_of_the_opening_answers(opening, unreachable_cache, manager):
    opening.hiring_managers.add(manager)
    client = logged_in(manager)
    ana = Application.objects.get(opening=opening, candidate__name="Ana")
    pages = [
        reverse("candidates:opening-shortlist", args=[opening.pk]),
        reverse("candidates:opening-shortlist", args=[opening.pk]) + "?calibrated=on",
        reverse("candidates:opening-ranking-json", args=[opening.pk]),
        reverse("candidates:opening-agreement", args=[opening.pk]),
        reverse("candidates:opening-detail", args=[opening.pk]),
        reverse("candidates:candidate-detail", args=[ana.candidate_id]),
    ]
    for url in pages:
        assert client.get(url).status_code == 200, url
