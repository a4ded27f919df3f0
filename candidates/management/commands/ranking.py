"""`python manage.py ranking "OPENING" --format table|json|csv [--weights code=points,...]
[--calibrated] [--k N]`."""

import json

from django.core.management.base import BaseCommand, CommandError

from candidates.explain import code_of
from candidates.export import shortlist_csv, shortlist_json
from candidates.models import Opening
from candidates.selectors.confidence import DEFAULT_K
from candidates.selectors.shortlist import build_shortlist
from rubrics.weighting import WeightsError, check_weights, weight_errors, weights_from_text


class Command(BaseCommand):
    help = "Print the ranked shortlist of an opening; --weights tries weights without saving."

    def add_arguments(self, parser) -> None:
        parser.add_argument("opening", help="the opening's title")
        parser.add_argument("--format", choices=["table", "json", "csv"], default="table")
        parser.add_argument("--weights", default="", help="code=points,... for this run only")
        parser.add_argument(
            "--calibrated",
            action="store_true",
            help="rank on scores corrected for interviewer leniency (where safe)",
        )
        parser.add_argument("--k", type=int, default=DEFAULT_K, help="P(top k) in the JSON")

    def handle(
        self,
        *args,
        opening: str,
        format: str,
        weights: str,
        calibrated: bool,
        k: int,
        **options,
    ) -> None:
        found = (
            Opening.objects.filter(title=opening).select_related("rubric").order_by("-created_at")
        )
        if not found:
            raise CommandError(f"No opening titled “{opening}”.")
        chosen = found[0]
        dimensions = list(chosen.rubric.dimensions.all())
        override = None
        if weights:
            try:
                checked = check_weights(
                    codes=[d.code for d in dimensions],
                    weights=weights_from_text(weights),
                    base={d.code: d.weight for d in dimensions},
                )
            except WeightsError as error:
                raise CommandError("\n".join(weight_errors(error))) from None
            override = {code: float(points) for code, points in checked.items()}
        shortlist = build_shortlist(chosen, weights=override, calibrated=calibrated)
        if format == "json":
            figures = shortlist_json(shortlist, k)
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
        elif format == "csv":
            self.stdout.write(shortlist_csv(shortlist), ending="")
        else:
            self.stdout.write(table(shortlist))


def table(shortlist) -> str:
    title = f"{shortlist.opening.title} ({shortlist.opening.rubric})"
    lines = [title + (" — calibrated" if shortlist.calibrated else "")]
    raw = shortlist.raw_rows()
    header = f"{'rank':>4}  {'score':>6}  " + (f"{'raw':>6}  " if raw else "")
    lines.append(header + f"{'cover':>5}  {'cards':>5}  candidate")
    for row, application in shortlist.rows():
        raw_score = f"{raw[row.key].score_100:6.1f}  " if raw else ""
        lines.append(
            f"{row.rank:>4}  {row.score_100:6.1f}  {raw_score}{row.coverage:5.0%}  "
            f"{row.scorecards:>5}  "
            f"{application.candidate.name}"
            + (f"  [{', '.join(code_of(flag) for flag in row.flags)}]" if row.flags else "")
        )
    pending = shortlist.pending()
    if pending:
        lines.append("needs more evidence:")
        for row, application in pending:
            reasons = ", ".join(code_of(reason) for reason in row.reasons)
            lines.append(f"   -  {application.candidate.name}  ({reasons})")
    return "\n".join(lines)
