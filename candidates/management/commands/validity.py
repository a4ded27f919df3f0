"""`python manage.py validity "RUBRIC" [--outcome overall] [--rubric-version N]
[--format text|json]`."""

import json

from django.core.management.base import BaseCommand, CommandError

from candidates.models import OUTCOMES
from candidates.scoring.validity import Correlation
from candidates.selectors.validity import validity_report
from rubrics.models import Rubric


class Command(BaseCommand):
    help = (
        "How well a rubric's interview scores predicted post-hire performance: Pearson's r "
        "with a 95% interval per dimension and for the weighted score (current and equal "
        "weights), over every opening that uses the rubric. Below 10 hires, no r."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("rubric", help="the rubric's name")
        parser.add_argument("--outcome", choices=OUTCOMES, default=OUTCOMES[0])
        parser.add_argument(
            "--rubric-version", type=int, help="the rubric's version (default: latest)"
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(
        self, *args, rubric: str, outcome: str, rubric_version, format: str, **options
    ) -> None:
        found = Rubric.objects.filter(name=rubric).order_by("-version")
        if rubric_version is not None:
            found = found.filter(version=rubric_version)
        chosen = found.first()
        if chosen is None:
            raise CommandError(
                f"No rubric named “{rubric}”"
                + (f" version {rubric_version}." if rubric_version else ".")
            )
        report = validity_report(rubric=chosen, outcome=outcome)
        figures = {
            "rubric": chosen.name,
            "version": chosen.version,
            "outcome": outcome,
            "n": report.n,
            "dimensions": {line.code: as_json(line.correlation) for line in report.dimensions},
            "weighted": as_json(report.weighted),
            "equal_weights": as_json(report.equal_weights),
            "weighted_corrected_for_range": report.corrected,
            "proposal": (
                {
                    "method": report.proposal.method,
                    "n": report.proposal.n,
                    "points": {line.code: line.points for line in report.dimensions},
                }
                if report.proposal
                else None
            ),
            "halo": [{"dimensions": [p.first, p.second], "r": p.r} for p in report.halo],
        }
        if format == "json":
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(as_text(figures))


def as_json(correlation: Correlation) -> dict:
    """r, its interval and n; r and the interval are null below the minimum n."""
    ci = [correlation.low, correlation.high] if correlation.enough else None
    return {"r": correlation.r if correlation.enough else None, "ci": ci, "n": correlation.n}


def number(value: float | None) -> str:
    return "not enough hires yet" if value is None else f"{value:.2f}"


def as_text(figures: dict) -> str:
    lines = [
        f"{figures['rubric']} (version {figures['version']}): against {figures['outcome']},"
        f" n = {figures['n']}"
    ]

    def line(label: str, c: dict) -> str:
        ci = f" [{c['ci'][0]:.2f}, {c['ci'][1]:.2f}]" if c["ci"] else ""
        return f"  {label:<28} r = {number(c['r'])}{ci} (n = {c['n']})"

    lines += [line(code, c) for code, c in figures["dimensions"].items()]
    lines.append(line("weighted (current weights)", figures["weighted"]))
    lines.append(line("weighted (equal weights)", figures["equal_weights"]))
    if figures["weighted_corrected_for_range"] is not None:
        lines.append(
            f"  corrected for range restriction: {figures['weighted_corrected_for_range']:.2f}"
        )
    return "\n".join(lines)
