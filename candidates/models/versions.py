"""Ranking versions: values that change after every commit that changes a ranking's data.

One row per opening whose data changed, and one for changes that may touch
any opening. Computed rankings, agreement and calibration are cached under
the versions of what they were computed from (candidates/selectors/caching.py),
so a page never reads a result older than the data: the first request after
a change computes afresh, the next ones read the cache. A submitted scorecard
leaves the other openings' cached shortlists as they are (a calibrated one
reads its whole rubric, so every opening of it counts). The values live in
the database, not in the cache, so every server process agrees on them and a
cache restart loses nothing but time. They are random numbers rather than
counters: a database emptied and refilled (tests, a restore) cannot meet a
result cached under an old value.

The change is recorded after the commit (`transaction.on_commit`), never
inside the writing transaction: a lock on a version row held until commit
would make every save on an opening wait for every other. Until then, the transaction that
made the change reads nothing from the cache and stores nothing in it
(`changes_pending`): it must see its own uncommitted data, and no other
process may.
"""

import secrets
from collections.abc import Iterable

from django.db import connection, models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from candidates.models.openings import Opening

EVERY_OPENING = 0  # the scope of a change that may touch any opening (a rubric's weights)


def _record(scope: int) -> None:
    """A new random version for `scope`, so results cached under the old one go unread."""
    fresh = secrets.randbits(62)
    if not RankingVersion.objects.filter(opening=scope).update(version=fresh):
        RankingVersion.objects.update_or_create(opening=scope, defaults={"version": fresh})


class _Change:
    """The openings one transaction changed, recorded after its commit."""

    def __init__(self, scopes: set[int]) -> None:
        self.scopes = scopes

    def __call__(self) -> None:
        for scope in sorted(self.scopes):  # one order: two commits never wait on each other
            _record(scope)


def _pending() -> _Change | None:
    return next(
        (func for _sids, func, _robust in connection.run_on_commit if isinstance(func, _Change)),
        None,
    )


def changes_pending() -> bool:
    """Whether this transaction changed ranking data it has not committed yet."""
    return _pending() is not None


class RankingVersionManager(models.Manager):
    def of_openings(self, openings: Iterable[int]) -> tuple:
        """The versions a result computed from `openings` is valid under (one query)."""
        return self._versions(Q(opening__in=[EVERY_OPENING, *openings]))

    def of_rubric(self, rubric_id: int) -> tuple:
        """The versions a result computed from every opening of a rubric is valid under
        (one query): an opening moved away or onto it changes them too."""
        on_rubric = Opening.objects.filter(rubric_id=rubric_id).values("pk")
        return self._versions(Q(opening=EVERY_OPENING) | Q(opening__in=on_rubric))

    def per_opening(self, openings: Iterable[int]) -> dict[int, tuple]:
        """For each of `openings`, what `of_openings([it])` gives, in one query for all."""
        openings = list(openings)
        found = dict(
            self.filter(opening__in=[EVERY_OPENING, *openings]).values_list("opening", "version")
        )
        return {
            pk: tuple((scope, found[scope]) for scope in (EVERY_OPENING, pk) if scope in found)
            for pk in openings
        }

    def _versions(self, scope: Q) -> tuple:
        return tuple(sorted(self.filter(scope).values_list("opening", "version")))

    def changed(self, *, openings: Iterable[int] | None = None) -> None:
        """Ranking data of `openings` (None: of any opening) changed in this transaction:
        record new versions once it commits.

        Registered once per transaction, however many rows it writes. A
        failure to record is logged, not raised: the data is committed by
        then, and cached results expire on their own (RANKING_CACHE_SECONDS).
        """
        scopes = {EVERY_OPENING} if openings is None else {int(pk) for pk in openings}
        if not scopes:
            return
        change = _pending()
        if change is not None:
            change.scopes |= scopes
        else:
            transaction.on_commit(_Change(scopes), robust=True)


class RankingVersion(models.Model):
    # An opening's id, or EVERY_OPENING; a plain number, so no lock on the opening's row.
    opening = models.PositiveBigIntegerField(_("opening"), unique=True)
    version = models.PositiveBigIntegerField(_("version"), default=0)

    objects = RankingVersionManager()

    class Meta:
        verbose_name = _("ranking version")
        verbose_name_plural = _("ranking versions")

    def __str__(self) -> str:
        return f"{self.opening}: {self.version}"
