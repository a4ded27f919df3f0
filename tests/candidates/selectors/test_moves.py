"""Who moved on each open shortlist after a weight change, as the user may see it."""

import pytest

from candidates.selectors.moves import change_effects
from rubrics.services import change_weights
from tests.factories import OpeningFactory

pytestmark = pytest.mark.django_db


def test_a_weight_change_shows_a_manager_only_the_moves_on_their_openings(manager, hr):
    mine = OpeningFactory(hiring_managers=[manager])
    OpeningFactory()
    rubric = mine.rubric
    weights = {code: 10 for code in rubric.dimensions.values_list("code", flat=True)}
    change = change_weights(rubric=rubric, weights=weights, reason="Equal", by=None)
    assert [effect.opening for effect in change_effects(change, manager)] == [mine]
    assert len(change_effects(change, hr)) == 2
