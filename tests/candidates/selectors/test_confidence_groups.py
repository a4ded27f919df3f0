"""The shortlist's summary in groups P(top k) draws, and "≈" only between neighbours."""

from candidates.scoring.confidence import Pooled, confidence
from candidates.selectors.confidence import ConfidenceReport


def report(scores: list[float], se: float, k: int) -> ConfidenceReport:
    """Candidates "a", "b", ... best first, each with one rater's SE of `se`."""
    keys = [chr(ord("a") + i) for i in range(len(scores))]
    rows = confidence(keys, scores, [1] * len(scores), Pooled(se, 10), k)
    return ConfidenceReport(k=k, pooled=Pooled(se, 10), rows=rows)


def test_neighbours_are_paired_never_chained_across_a_clear_gap():
    # Margin of a difference: 1.645 * sqrt(2) * 0.25 = 0.58. a-b and b-c are 0.5
    # apart (cannot be told apart), a-c 1.0 (clearly apart): no "a ≈ b ≈ c".
    figures = report([4.0, 3.5, 3.0, 1.0], se=0.25, k=1)
    assert figures.indistinct_pairs(["a", "b", "c", "d"]) == [("a", "b"), ("b", "c")]


def test_the_groups_follow_p_top_k():
    figures = report([4.9, 4.0, 3.9, 1.0, 0.9], se=0.2, k=2)
    keys = ["a", "b", "c", "d", "e"]
    p = {key: figures.rows[key].p_top_k for key in keys}
    assert figures.clearly_in == [key for key in keys if p[key] >= 0.95] == ["a"]
    assert figures.borderline == ["b", "c"]
    assert all(p[key] <= 0.05 for key in ("d", "e"))
