"""The shortlist in words: sentences built from the figures."""

from candidates.explain import describe_flip
from candidates.scoring.sensitivity import Flip


def test_a_tiny_flip_is_shown_with_enough_decimals_to_differ():
    """Before: "if Career potential went from 8% to 8%", which says nothing."""
    flip = Flip(dimension="career_potential", share=0.08, flip_share=0.0804)
    sentence = describe_flip("B", "A", flip, {"career_potential": "Career potential"})
    assert sentence == "B would overtake A if Career potential went from 8.00% to 8.04%."
    plain = describe_flip("B", "A", Flip("crm", 0.08, 0.39), {"crm": "CRM use"})
    assert plain == "B would overtake A if CRM use went from 8% to 39%."
