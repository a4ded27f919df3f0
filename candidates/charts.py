"""Server-side SVG charts: they need no JavaScript and print well."""

import math
from collections.abc import Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

SIZE = 360
CENTRE = SIZE / 2
RADIUS = 120
PALETTE = ["#0d6efd", "#d63384", "#198754", "#fd7e14", "#6c757d"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "4 4"]  # lines differ by more than colour


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float | None]  # one per axis; None = no score


def point(axis: int, axes: int, fraction: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * axis / axes
    return (
        round(CENTRE + RADIUS * fraction * math.cos(angle), 1),
        round(CENTRE + RADIUS * fraction * math.sin(angle), 1),
    )


def radar_svg(
    labels: list[str],
    series: list[Series],
    *,
    scale_min: float,
    scale_max: float,
    title: str,
    chart_id: str = "radar",
) -> str:
    """A radar chart of `series` over `labels`, with a <title> for screen readers.

    A missing value is drawn at the centre and left out of the polygon's
    markers, so it does not read as a low score.
    """
    axes = len(labels)
    span = scale_max - scale_min
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="-110 0 {SIZE + 220} {SIZE}" '
        f'class="radar-chart" role="img" aria-labelledby="{chart_id}-title">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]
    for level in range(int(scale_min), int(scale_max) + 1):
        fraction = (level - scale_min) / span
        ring = " ".join(f"{x},{y}" for x, y in (point(i, axes, fraction) for i in range(axes)))
        parts.append(f'<polygon points="{ring}" fill="none" stroke="#dee2e6"/>')
    for i, label in enumerate(labels):
        x, y = point(i, axes, 1)
        lx, ly = point(i, axes, 1.12)
        anchor = "middle" if abs(lx - CENTRE) < 10 else ("start" if lx > CENTRE else "end")
        parts.append(f'<line x1="{CENTRE}" y1="{CENTRE}" x2="{x}" y2="{y}" stroke="#dee2e6"/>')
        parts.append(
            f'<text x="{lx}" y="{ly}" text-anchor="{anchor}" dominant-baseline="middle" '
            f'font-size="11">{escape(label)}</text>'
        )
    for index, item in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        dash = DASHES[index % len(DASHES)]
        fractions = [
            0.0 if value is None else max(0.0, (value - scale_min) / span) for value in item.values
        ]
        outline = " ".join(
            f"{x},{y}" for x, y in (point(i, axes, f) for i, f in enumerate(fractions))
        )
        parts.append(
            f'<polygon points="{outline}" fill="{colour}" fill-opacity="0.12" '
            f'stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}">'
            f"<title>{escape(item.name)}</title></polygon>"
        )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Radar:
    svg: str
    series: list[Series]  # in drawing order, for the legend


def radar_against_average(
    dimensions,
    candidates: list[tuple[str, list[float | None]]],
    averages: Mapping[str, float],
    *,
    rubric,
    title: str,
    chart_id: str = "radar",
) -> Radar:
    """Candidates' dimension means (name, one per dimension) over the opening's average."""
    series = [Series(name, means) for name, means in candidates]
    series.append(Series(_("Opening average"), [averages.get(d.code) for d in dimensions]))
    svg = radar_svg(
        [d.name for d in dimensions],
        series,
        scale_min=rubric.scale_min,
        scale_max=rubric.scale_max,
        title=title,
        chart_id=chart_id,
    )
    return Radar(svg, series)
