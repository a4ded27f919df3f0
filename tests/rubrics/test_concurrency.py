"""Two rubric admins saving weights at once: the second is told, nothing is undone."""

import pytest

from rubrics.models import Rubric, WeightChange
from rubrics.services import StaleWeights, change_weights
from tests.concurrency import on_postgresql, run_together

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), on_postgresql]


def test_two_admins_saving_from_the_same_editor_keep_the_first_save():
    rubric = Rubric.objects.get(is_default=True)
    version = rubric.weights_version
    codes = list(rubric.dimensions.values_list("code", flat=True))

    def save(points: int):
        return lambda: change_weights(
            rubric=Rubric.objects.get(pk=rubric.pk),
            weights=dict.fromkeys(codes, points),
            reason=f"All {points}",
            by=None,
            expected_version=version,
        )

    results = run_together(save(3), save(7))
    stale = [result for result in results if isinstance(result, StaleWeights)]
    saved = [result for result in results if isinstance(result, WeightChange)]
    assert len(stale) == 1 and len(saved) == 1
    assert WeightChange.objects.count() == 1
    points = set(rubric.dimensions.values_list("weight", flat=True))
    assert points == {saved[0].items.first().new_weight}
    assert Rubric.objects.get(pk=rubric.pk).weights_version == version + 1
