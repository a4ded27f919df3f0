"""Server-side SVG charts: they need no JavaScript and print well."""

import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from hiring.wording import label as label_before

SIZE = 360
CENTRE = SIZE / 2
RADIUS = 120
PALETTE = ["#0d6efd", "#d63384", "#198754", "#fd7e14", "#6c757d"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "4 4"]  # lines differ by more than colour
# Labels stay legible when the chart shrinks to a phone's width (about 0.65:1):
# 15 units high, and a long name goes on two lines rather than widening the margins.
LABEL_SIZE = 15
LABEL_WIDTH = 13  # per line, in half-width characters (a Chinese character counts 2)
MARGIN = 100  # room for the labels left and right of the rings


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


def text_width(text: str) -> int:
    """Width in half-width characters: Chinese characters are twice as wide as Latin."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def label_lines(label: str, width: int = LABEL_WIDTH) -> list[str]:
    """A dimension name on one line, or split in two where the halves are most even:
    at a space, or in Chinese after 和 ("and") or between any two characters."""
    if text_width(label) <= width:
        return [label]
    words = label.split()
    if len(words) > 1:
        cuts = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    else:
        cuts = [(label[:i], label[i:]) for i in range(1, len(label))]
        after_and = [cut for cut in cuts if cut[0].endswith("和")]
        cuts = after_and or cuts
    return list(min(cuts, key=lambda cut: max(text_width(cut[0]), text_width(cut[1]))))


def label_svg(label: str, x: float, y: float, anchor: str) -> str:
    lines = label_lines(label)
    first = -(len(lines) - 1) * 0.55  # em: the block of lines centred on the point
    spans = "".join(
        f'<tspan x="{x}" dy="{first if index == 0 else 1.1:g}em">{escape(line)}</tspan>'
        for index, line in enumerate(lines)
    )
    return (
        f'<text x="{x}" y="{y}" text-anchor="{anchor}" dominant-baseline="middle" '
        f'font-size="{LABEL_SIZE}">{spans}</text>'
    )


def radar_svg(
    labels: list[str],
    series: list[Series],
    *,
    scale_min: float,
    scale_max: float,
    title: str,
    chart_id: str = "radar",
    described_by: str = "",
) -> str:
    """A radar chart of `series` over `labels`, with a <title> for screen readers
    and, with `described_by`, the id of a table of the same values.

    A missing value is drawn at the centre and left out of the polygon's
    markers, so it does not read as a low score.
    """
    axes = len(labels)
    span = scale_max - scale_min
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="-{MARGIN} 0 {SIZE + 2 * MARGIN} {SIZE}" '
        f'class="radar-chart" role="img" aria-labelledby="{chart_id}-title"'
        + (f' aria-describedby="{described_by}"' if described_by else "")
        + ">",
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
        parts.append(label_svg(label, lx, ly, anchor))
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
    labels: list[str] = field(default_factory=list)  # the axes, for the table of values
    chart_id: str = "radar"

    @property
    def data_id(self) -> str:
        """The id of the table that gives the chart's values in words and numbers."""
        return f"{self.chart_id}-data"

    def rows(self) -> list[tuple[str, list[float | None]]]:
        """Per axis, its label and each series' value: the chart as a table."""
        return [
            (label, [item.values[index] for item in self.series])
            for index, label in enumerate(self.labels)
        ]


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
    labels = [d.name for d in dimensions]
    radar = Radar("", series, labels, chart_id)
    svg = radar_svg(
        labels,
        series,
        scale_min=rubric.scale_min,
        scale_max=rubric.scale_max,
        title=title,
        chart_id=chart_id,
        described_by=radar.data_id,
    )
    return replace(radar, svg=svg)


BAR_HEIGHT = 26
BAR_GAP = 10
BAR_AREA = 360  # the longest bar, in user units
BAR_COLOUR = "#0d6efd"
CHAR_WIDTH = 8  # a half-width character at LABEL_SIZE, roughly, for the label column


def horizontal_bars_svg(
    rows: list[tuple[str, float, str]],
    *,
    title: str,
    chart_id: str = "bars",
    described_by: str = "",
) -> str:
    """Horizontal bars, one per (label, value, value as text), longest for the largest value.

    The caller words the value (a count, a count and a share, in its language);
    the <title> names the chart for screen readers and `described_by` points at
    the table of the same figures. All values zero (or no rows) draws the
    labels with empty bars: nothing is divided by zero.
    """
    label_width = CHAR_WIDTH * max((text_width(label) for label, _v, _t in rows), default=0) + 12
    value_width = CHAR_WIDTH * max((text_width(text) for _l, _v, text in rows), default=0) + 12
    width = label_width + BAR_AREA + value_width
    height = max(1, len(rows)) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP
    largest = max((value for _l, value, _t in rows), default=0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" class="img-fluid bar-chart" role="img" '
        f'aria-labelledby="{chart_id}-title"'
        + (f' aria-describedby="{described_by}"' if described_by else "")
        + ">",
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<line x1="{label_width}" y1="0" x2="{label_width}" y2="{height}" stroke="#adb5bd"/>',
    ]
    for index, (label, value, text) in enumerate(rows):
        top = BAR_GAP + index * (BAR_HEIGHT + BAR_GAP)
        middle = top + BAR_HEIGHT / 2
        length = round(BAR_AREA * value / largest, 1) if largest > 0 else 0
        parts.append(
            f'<text x="{label_width - 8}" y="{middle}" text-anchor="end" '
            f'dominant-baseline="middle" font-size="{LABEL_SIZE}">{escape(label)}</text>'
        )
        parts.append(
            f'<rect x="{label_width}" y="{top}" width="{length}" height="{BAR_HEIGHT}" '
            f'fill="{BAR_COLOUR}"><title>{escape(label_before(label))}{escape(text)}</title></rect>'
        )
        parts.append(
            f'<text x="{label_width + length + 6}" y="{middle}" dominant-baseline="middle" '
            f'font-size="{LABEL_SIZE}">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
