"""What a saved weight change did to the shortlists of open openings on that rubric.

Recomputed from the change's recorded old and new weights, so the answer
stays true after later changes (scores entered since then count, as they do
on the shortlist itself).
"""

from dataclasses import dataclass

from candidates.models import Opening, OpeningStatus
from candidates.selectors.shortlist import build_shortlist


@dataclass(frozen=True)
class Move:
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


@dataclass(frozen=True)
class OpeningEffect:
    opening: Opening
    moves: list[Move]  # biggest moves first; unmoved candidates are left out


def shortlist_moves(opening: Opening, old: dict[str, float], new: dict[str, float]) -> list[Move]:
    before = build_shortlist(opening, weights=old)
    after = build_shortlist(opening, weights=new)
    old_ranks = {row.key: row.rank for row in before.ranking.ranked}
    new_ranks = {row.key: row.rank for row in after.ranking.ranked}
    moves = [
        Move(after.applications[key].candidate.name, old_ranks.get(key), new_ranks.get(key))
        for key in after.applications
        if old_ranks.get(key) != new_ranks.get(key)
    ]
    return sorted(moves, key=lambda move: (-move.distance, move.new_rank or 0))


def change_effects(change) -> list[OpeningEffect]:
    """For each open opening on the change's rubric, who moved and by how many places."""
    old, new = change.old_weights(), change.new_weights()
    openings = Opening.objects.filter(rubric=change.rubric, status=OpeningStatus.OPEN)
    return [
        OpeningEffect(opening, shortlist_moves(opening, old, new))
        for opening in openings.select_related("rubric")
    ]
