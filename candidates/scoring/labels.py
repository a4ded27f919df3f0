"""Ratings' labels as dense numbers: units and raters for the agreement arithmetic.

Database ids are counted (linear time); any other sortable labels are sorted.
Pure numpy.
"""

import numpy as np


def pairable_arrays(
    units: np.ndarray, values: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(unit, value, kept) for the non-NaN values of units holding two or more of them.

    ``unit`` renumbers those units 0, 1, ...; ``kept`` is the mask of the
    entries kept, to select other arrays parallel to ``values``.
    """
    kept = ~np.isnan(values)
    unit, count = dense(units[kept])
    sizes = np.bincount(unit, minlength=count)
    paired = sizes[unit] >= 2
    kept[kept] = paired
    renumbered = np.cumsum(sizes >= 2) - 1  # old unit -> its number among the paired ones
    return renumbered[unit[paired]], values[kept], kept


def dense(labels: np.ndarray) -> tuple[np.ndarray, int]:
    """Each label as 0, 1, ... in sorted order of the labels, and how many numbers there are.

    Database ids (non-negative integers not much larger than their count) are
    counted with bincount, in linear time; any other labels are sorted by
    ``np.unique``. A number may stand for no label (an id absent from `labels`):
    callers count per number and skip the empty ones.
    """
    if labels.dtype.kind in "iu" and len(labels) and labels.min() >= 0:
        top = int(labels.max()) + 1
        if top <= 4 * len(labels) + 1024:
            return labels.astype(np.intp, copy=False), top
    _, inverse = np.unique(labels, return_inverse=True)
    return inverse, int(inverse.max()) + 1 if len(inverse) else 0


def compact(labels: np.ndarray) -> tuple[np.ndarray, int]:
    """Each label as 0, 1, ... in sorted order, every number standing for a label."""
    ids, count = dense(labels)
    present = np.bincount(ids, minlength=count) > 0
    return (np.cumsum(present) - 1)[ids], int(present.sum())


def count_distinct(labels: np.ndarray) -> int:
    """How many different labels (sorting: numpy 2's hashed ``unique`` is 8x slower on ids)."""
    ordered = np.sort(labels)
    return int(np.count_nonzero(ordered[1:] != ordered[:-1])) + 1 if len(ordered) else 0
