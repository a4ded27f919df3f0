"""Arithmetic on a rubric's weights, and the one check every weight passes.

Weights are relative points (two decimals, at most 9999.99, at least one
above zero); only their shares matter. `check_weights` is the rule used by
the weight editor, the what-if panel and the `ranking --weights` command
alike; `weights_from_text` reads the command line's `code=points,...`.
Rank-order centroid weights (Barron & Barrett 1996) propose points from an
order of importance; AHP lives in `rubrics.ahp`. See docs/scoring.md §7.
"""

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_POINTS = Decimal("9999.99")  # what the weight column holds


class WeightsError(ValidationError):
    """Weights that cannot be used; `message_dict` is keyed by dimension code or `__all__`."""


class GatesError(WeightsError):
    """Gates that cannot be used; `message_dict` is keyed by dimension code."""


def points(value: object) -> Decimal:
    """One weight as points (two decimals), or a ValidationError saying what is wrong."""
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(_("Enter a number.")) from None
    if not number.is_finite():
        raise ValidationError(_("Enter a number."))
    if number < 0:
        raise ValidationError(_("A weight cannot be negative."))
    if number > MAX_POINTS:
        raise ValidationError(_("At most %(max)s points.") % {"max": MAX_POINTS})
    return number.quantize(Decimal("0.01"))


def check_weights(
    *,
    codes: Sequence[str],
    weights: Mapping[str, object],
    base: Mapping[str, object] | None = None,
) -> dict[str, Decimal]:
    """Points for every code in `codes`, or a WeightsError keyed by code.

    Without `base` every code must be given (the editor saves a whole set);
    with it, a code left out keeps its `base` value (the what-if panel and the
    command line change only what is typed). Unknown codes and a set where
    every weight is zero are errors under `__all__`.
    """
    errors: dict[str, list] = {}
    known = list(codes)
    for code in weights:
        if code not in known:
            errors.setdefault("__all__", []).append(
                ValidationError(
                    _("Unknown dimension code “%(code)s”; known codes: %(known)s.")
                    % {"code": code, "known": ", ".join(sorted(known))}
                )
            )
    cleaned: dict[str, Decimal] = {}
    for code in known:
        if code in weights:
            value = weights[code]
        elif base is not None:
            value = base[code]
        else:
            errors[code] = [ValidationError(_("This field is required."))]
            continue
        try:
            cleaned[code] = points(value)
        except ValidationError as error:
            errors[code] = [error]
    if not errors and not any(cleaned.values()):
        errors["__all__"] = [ValidationError(_("At least one weight must be above zero."))]
    if errors:
        raise WeightsError(errors)
    return cleaned


def check_gates(*, gates: Mapping[str, object], low: int, high: int) -> dict[str, Decimal | None]:
    """Gates as decimals within the rubric's scale (blank = no gate), or a WeightsError.

    A gate is the lowest acceptable mean on its dimension (docs/scoring.md §3),
    so it must lie on the scale; two decimals, as the column stores.
    """
    errors: dict[str, list] = {}
    cleaned: dict[str, Decimal | None] = {}
    for code, value in gates.items():
        text = str(value if value is not None else "").strip()
        if not text:
            cleaned[code] = None
            continue
        try:
            # ASCII only: Decimal would also read full-width and other scripts' digits.
            number = Decimal(text) if text.isascii() else Decimal("nan")
        except (InvalidOperation, ValueError):
            number = Decimal("nan")
        if number.is_nan():
            errors[code] = [ValidationError(_("Enter a number or leave it empty."))]
            continue
        if number.is_finite() and number != number.quantize(Decimal("0.01")):
            errors[code] = [ValidationError(_("A gate has at most two decimals."))]
            continue
        if not number.is_finite() or not low <= number <= high:
            errors[code] = [
                ValidationError(
                    _("The gate must lie between %(low)s and %(high)s.")
                    % {"low": low, "high": high}
                )
            ]
            continue
        cleaned[code] = number.quantize(Decimal("0.01"))
    if errors:
        raise GatesError(errors)
    return cleaned


def weights_from_text(text: str) -> dict[str, str]:
    """`code=points,...` as typed values by code; the values are checked by `check_weights`."""
    typed: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        code, sep, value = item.partition("=")
        if not sep:
            raise WeightsError(_("“%(item)s” is not code=points.") % {"item": item})
        typed[code.strip()] = value.strip()
    return typed


def weight_errors(error: ValidationError) -> list[str]:
    """A WeightsError as lines for the command line: "code: message", general ones bare."""
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    return [
        message if key == "__all__" else f"{key}: {message}"
        for key, messages in error.message_dict.items()
        for message in messages
    ]


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


def rank_order_centroid(n: int) -> list[float]:
    """Rank-order centroid weights for ``n`` ranked items.

    ``w_i = (1/n) * sum_{k=i..n} 1/k`` for ranks ``i = 1`` (most important)
    to ``n`` (Barron & Barrett 1996). The result is dimensionless, strictly
    decreasing and sums to 1 (up to floating-point rounding).

    Assumes a strict ranking (no ties). Raises ``ValueError`` if ``n < 1``
    and ``TypeError`` if ``n`` is not an integer.
    """
    # bool is an int subclass; rank_order_centroid(True) is surely a bug.
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"n must be an int, got {type(n).__name__}")
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    # Build the tail sums sum_{k=i..n} 1/k from the end so each weight costs
    # one addition instead of re-summing the series (O(n) rather than O(n^2)).
    weights = [0.0] * n
    tail = 0.0
    for i in range(n, 0, -1):
        tail += 1.0 / i
        weights[i - 1] = tail / n
    return weights


def weights_from_order(codes_in_order: Sequence[str], *, total: float = 100) -> dict[str, float]:
    """ROC weights for dimension codes listed most important first.

    Returns ``{code: points}`` in the given order, where the points are the
    ROC weights scaled so they sum to ``total`` (default 100, the project's
    100-point allocation). Values are left unrounded: rounding is a display
    concern and rounding here would break the sum.

    Raises ``ValueError`` for an empty list, duplicate codes, or a ``total``
    that is not a positive finite number.
    """
    codes = list(codes_in_order)
    if not codes:
        raise ValueError("codes_in_order must name at least one dimension")
    # A duplicate would silently drop a weight when keyed into the dict.
    duplicates = sorted(code for code, count in Counter(codes).items() if count > 1)
    if duplicates:
        raise ValueError(f"duplicate dimension codes in order: {duplicates}")
    if not (math.isfinite(total) and total > 0):
        raise ValueError(f"total must be a positive finite number, got {total!r}")
    roc = rank_order_centroid(len(codes))
    return {code: w * total for code, w in zip(codes, roc, strict=True)}
