"""The ranking version: one value that changes after every commit that changes a ranking's data.

Computed rankings, agreement and calibration are cached under it
(candidates/selectors/caching.py), so a page never reads a result older
than the data: the first request after a change computes afresh, the next
ones read the cache. The value lives in the database, not in the cache, so
every server process agrees on it and a cache restart loses nothing but
time. It is a random number rather than a counter: a database emptied and
refilled (tests, a restore) cannot meet a result cached under an old value.

The change is recorded after the commit (`transaction.on_commit`), never
inside the writing transaction: a lock on this one row held until commit
would make every save wait for every other. Until then, the transaction that
made the change reads nothing from the cache and stores nothing in it
(`changes_pending`): it must see its own uncommitted data, and no other
process may.
"""

import secrets

from django.db import connection, models, transaction
from django.utils.translation import gettext_lazy as _

ROW = 1  # the table holds one row


def _record_change() -> None:
    """After a commit: a new random version, so results cached under the old one go unread."""
    fresh = secrets.randbits(62)
    if not RankingVersion.objects.filter(pk=ROW).update(version=fresh):
        RankingVersion.objects.update_or_create(pk=ROW, defaults={"version": fresh})


def changes_pending() -> bool:
    """Whether this transaction changed ranking data it has not committed yet."""
    return any(func is _record_change for _sids, func, _robust in connection.run_on_commit)


class RankingVersionManager(models.Manager):
    def current(self) -> int:
        """The version now (one query); 0 before the first change was recorded."""
        return self.filter(pk=ROW).values_list("version", flat=True).first() or 0

    def changed(self) -> None:
        """Ranking data changed in this transaction: record a new version once it commits.

        Registered once per transaction, however many rows it writes. A
        failure to record is logged, not raised: the data is committed by
        then, and cached results expire on their own (CACHES["ranking"]).
        """
        if not changes_pending():
            transaction.on_commit(_record_change, robust=True)


class RankingVersion(models.Model):
    version = models.PositiveBigIntegerField(_("version"), default=0)

    objects = RankingVersionManager()

    class Meta:
        verbose_name = _("ranking version")
        verbose_name_plural = _("ranking versions")

    def __str__(self) -> str:
        return str(self.version)
