"""Parse `code=points,...` weight overrides (command line and what-if)."""

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _


class WeightsError(ValueError):
    pass


def parse_weights(text: str, *, codes: Iterable[str], base: dict[str, float]) -> dict[str, float]:
    """Saved weights `base` with the listed codes replaced; unknown code or negative: error."""
    known = set(codes)
    weights = dict(base)
    for item in filter(None, (part.strip() for part in text.split(","))):
        code, sep, value = item.partition("=")
        code = code.strip()
        if not sep:
            raise WeightsError(_("“%(item)s” is not code=points.") % {"item": item})
        if code not in known:
            raise WeightsError(
                _("Unknown dimension code “%(code)s”; known codes: %(known)s.")
                % {"code": code, "known": ", ".join(sorted(known))}
            )
        try:
            points = Decimal(value.strip())
        except InvalidOperation:
            raise WeightsError(
                _("Weight of %(code)s is not a number: “%(value)s”.")
                % {"code": code, "value": value}
            ) from None
        if not points.is_finite() or points < 0:
            raise WeightsError(
                _("Weight of %(code)s must be zero or more, not %(value)s.")
                % {"code": code, "value": value}
            )
        weights[code] = float(points)
    if sum(weights.values()) <= 0:
        raise WeightsError(_("At least one weight must be above zero."))
    return weights
