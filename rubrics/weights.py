"""Arithmetic on a rubric's weights (points), shared by every page that shows them."""

from collections.abc import Iterable, Mapping
from decimal import Decimal


def weight_shares(weights: Mapping[str, Decimal | float]) -> dict[str, float]:
    """Each weight as a percentage of the total, keyed like the input.

    Weights are relative points; an all-zero rubric has no shares, so every
    dimension gets 0 rather than a division error.
    """
    total = sum(float(value) for value in weights.values())
    if total <= 0:
        return {key: 0.0 for key in weights}
    return {key: float(value) * 100 / total for key, value in weights.items()}


def dimension_weights(dimensions: Iterable) -> dict[str, Decimal]:
    """The saved weights of `dimensions`, keyed by dimension code."""
    return {dimension.code: dimension.weight for dimension in dimensions}
