"""Who moved between two rankings of one opening: the what-if panel and a saved weight change.

A saved change's effect is recomputed from its recorded old and new weights,
so the answer stays true after later changes (scores entered since then count,
as they do on the shortlist itself).
"""

from dataclasses import dataclass

from candidates.models import Opening, OpeningStatus
from candidates.selectors.access import openings_for_user
from candidates.selectors.shortlist import Shortlist, build_shortlist


@dataclass(frozen=True)
class Move:
    key: int  # application id
    candidate: str
    old_rank: int | None  # None: not ranked before
    new_rank: int | None  # None: no longer ranked

    @property
    def places(self) -> int | None:
        """Places gained (negative: lost); None when ranked on one side only."""
        if self.old_rank is None or self.new_rank is None:
            return None
        return self.old_rank - self.new_rank

    @property
    def distance(self) -> int:
        """Places moved, up or down."""
        return abs(self.places or 0)


def rank_moves(before: Shortlist, after: Shortlist) -> dict[int, Move]:
    """Every application ranked in either shortlist, by id, with its rank in each."""
    old = dict(zip(before.ranking.ranked.keys, before.ranking.ranked.rank_list, strict=True))
    new = dict(zip(after.ranking.ranked.keys, after.ranking.ranked.rank_list, strict=True))
    names = after.applications
    return {
        key: Move(key, names[key].candidate.name, old.get(key), new.get(key))
        for key in names
        if key in old or key in new
    }


@dataclass(frozen=True)
class OpeningEffect:
    opening: Opening
    moves: list[Move]  # biggest moves first; unmoved candidates are left out


def shortlist_moves(opening: Opening, old: dict[str, float], new: dict[str, float]) -> list[Move]:
    """Who changed rank on `opening` between weights `old` and `new`, biggest move first."""
    moves = rank_moves(build_shortlist(opening, weights=old), build_shortlist(opening, weights=new))
    changed = [move for move in moves.values() if move.old_rank != move.new_rank]
    return sorted(changed, key=lambda move: (-move.distance, move.new_rank or 0))


def change_effects(change, user) -> list[OpeningEffect]:
    """For each open opening on the change's rubric the user may see, who moved and how far."""
    old, new = change.old_weights(), change.new_weights()
    openings = openings_for_user(user).filter(rubric=change.rubric, status=OpeningStatus.OPEN)
    return [
        OpeningEffect(opening, shortlist_moves(opening, old, new))
        for opening in openings.select_related("rubric")
    ]
