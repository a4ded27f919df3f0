"""The shortlist as JSON, and as one table for CSV and Excel (same columns)."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from candidates.explain import code_of, describe_reason, summarize_flags
from candidates.ranking import RankedApplication
from candidates.sensitivity import Flip, neighbour_flips
from candidates.shortlist import Shortlist, rubric_rules


def rounded(value: float | None, places: int) -> float | None:
    return None if value is None else round(value, places)


def flip_json(flip: Flip | None) -> dict | None:
    """The single-weight change that lifts the row over the one above, in percent."""
    if flip is None:
        return None
    return {
        "dimension": flip.dimension,
        "weight": round(flip.share * 100, 2),
        "flip_at": round(flip.flip_share * 100, 2),
    }


def row_json(row: RankedApplication, application, flip: Flip | None = None) -> dict:
    return {
        "rank": row.rank,
        "application": application.pk,
        "candidate": application.candidate.name,
        "email": application.candidate.email,
        "stage": application.stage,
        "score": rounded(row.score, 4),
        "score_100": rounded(row.score_100, 2),
        "coverage": round(row.coverage, 4),
        "bracket": [round(row.bracket[0], 4), round(row.bracket[1], 4)],
        "scorecards": row.scorecards,
        "eligible": row.eligible,
        "reasons": [code_of(reason) for reason in row.reasons],
        "dimensions": {
            code: {"mean": round(stat.mean, 4), "n": stat.n}
            for code, stat in row.dimensions.items()
        },
        "flags": [code_of(flag) for flag in row.flags],
        "flip": flip_json(flip),
    }


def shortlist_json(shortlist: Shortlist) -> dict:
    flips = neighbour_flips(shortlist.ranking.ranked, shortlist.weights)
    return {
        "opening": shortlist.opening.title,
        "rubric": shortlist.opening.rubric.name,
        "weights": shortlist.weights,
        "rows": [
            row_json(row, application, flips[row.key]) for row, application in shortlist.rows()
        ],
        "needs_more_evidence": [
            row_json(row, application) for row, application in shortlist.pending()
        ],
    }


def shortlist_table(shortlist: Shortlist) -> tuple[list[str], list[list]]:
    """Headers in the active language and one row per application, ranked first."""
    names = {d.code: d.name for d in shortlist.dimensions}
    rules = rubric_rules(shortlist.opening.rubric, shortlist.dimensions)
    headers = [
        _("Rank"),
        _("Candidate"),
        _("E-mail"),
        _("Stage"),
        _("Score (0–100)"),
        _("Score (scale)"),
        _("Coverage (%)"),
        _("Scorecards"),
        *[names[d.code] for d in shortlist.dimensions],
        _("Flags"),
        _("Needs more evidence"),
    ]
    rows = []
    for row, application in [*shortlist.rows(), *shortlist.pending()]:
        rows.append(
            [
                row.rank,
                application.candidate.name,
                application.candidate.email,
                application.stage_label,
                rounded(row.score_100, 1),
                rounded(row.score, 2),
                round(row.coverage * 100, 1),
                row.scorecards,
                *[
                    rounded(row.dimensions[d.code].mean, 2) if d.code in row.dimensions else None
                    for d in shortlist.dimensions
                ],
                "; ".join(summarize_flags(row.flags, names, rules.gates)),
                "; ".join(describe_reason(reason, names, rules) for reason in row.reasons),
            ]
        )
    return headers, rows


def shortlist_csv(shortlist: Shortlist) -> str:
    headers, rows = shortlist_table(shortlist)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(["" if cell is None else cell for cell in row] for row in rows)
    return out.getvalue()


def shortlist_xlsx(shortlist: Shortlist) -> bytes:
    headers, rows = shortlist_table(shortlist)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Shortlist")[:31]
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "C2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
