"""Why a candidate is where they are: the weighted lifts above the opening's average."""

import pytest

from candidates.explain import describe_ahead
from candidates.scoring.summaries import leading_dimensions

WEIGHTS = {"experience": 20, "customer": 16, "crm": 8, "ethics": 0}
AVERAGE = {"experience": 3.5, "customer": 3.0, "crm": 2.0, "ethics": 1.0}


def test_the_lifts_are_weight_share_times_distance_above_the_average():
    # Shares of 44: experience 20 x 0.5 = 10, customer 16 x 1.5 = 24, crm 8 x 2.5 = 20,
    # ethics weighs nothing. Customer first, then CRM, though CRM is furthest above.
    means = {"experience": 4.0, "customer": 4.5, "crm": 4.5, "ethics": 5.0}
    ahead = leading_dimensions(means, AVERAGE, WEIGHTS)
    assert [code for code, _above in ahead] == ["customer", "crm"]
    assert [above for _code, above in ahead] == pytest.approx([1.5, 2.5])


def test_below_the_average_nothing_is_claimed():
    means = {"experience": 3.0, "customer": 3.0, "crm": 1.0}
    assert leading_dimensions(means, AVERAGE, WEIGHTS) == []
    assert describe_ahead([], {}) == "Not above the opening's average on any weighted dimension."


def test_the_sentence_names_the_dimensions_with_their_distance():
    names = {"customer": "Customer orientation", "crm": "CRM use"}
    sentence = describe_ahead([("customer", 0.6), ("crm", 0.4)], names)
    assert sentence == "Ahead mostly on Customer orientation (+0.6) and CRM use (+0.4)."
