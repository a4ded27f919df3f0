"""`manage.py agreement FILE.csv [--metric interval|ordinal|nominal] [--format text|json]`."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from candidates.scoring.agreement import METRICS, interpret_alpha
from candidates.scoring.rating_sheet import SheetError, read_sheet, sheet_agreement


class Command(BaseCommand):
    help = (
        "Krippendorff's alpha (and the ICCs when every rater rated every unit) for a CSV "
        "with columns unit, rater, value: one row per rating, a blank value = missing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="the CSV rating sheet")
        parser.add_argument("--metric", choices=METRICS, default="interval")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, file: str, metric: str, format: str, **options) -> None:
        try:
            text = Path(file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read {file}: {error}") from None
        try:
            result = sheet_agreement(read_sheet(text, metric), metric)
        except (SheetError, ValueError) as error:
            raise CommandError(f"{file}: {error}") from None
        if format == "json":
            self.stdout.write(json.dumps(result, indent=2))
        else:
            self.stdout.write(as_text(result))


def number(value: float | None, places: int = 3) -> str:
    return "not estimable" if value is None else f"{value:.{places}f}"


def as_text(result: dict) -> str:
    lines = [
        f"Krippendorff's alpha ({result['metric']}): {number(result['alpha'])}"
        f" ({interpret_alpha(result['alpha']).replace('_', ' ')})",
        f"  observed disagreement {number(result['observed_disagreement'], 4)},"
        f" expected {number(result['expected_disagreement'], 4)}",
        f"  {result['pairable_values']} pairable values in {result['units']} units"
        f" from {result['raters']} raters",
    ]
    icc = result["icc"]
    if icc is None:
        lines.append("ICC: needs every rater to rate every unit (complete numeric data)")
    else:
        lines.append(f"ICC ({icc['n']} units x {icc['k']} raters):")
        lines += [f"  {form}: {number(icc[form])}" for form in icc if form.startswith("ICC")]
        lines.append(
            "  mean squares: "
            + ", ".join(f"{name} {icc[name]:.4f}" for name in ("BMS", "WMS", "JMS", "EMS"))
        )
    return "\n".join(lines)
