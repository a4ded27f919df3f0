"""The shortlist as JSON, and as one table for CSV and Excel (same columns)."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from candidates.explain import code_of, describe_reason, summarize_flags
from candidates.scoring.confidence import ScoreConfidence
from candidates.scoring.ranking import RankedApplication
from candidates.scoring.sensitivity import Flip, neighbour_flips
from candidates.selectors.confidence import DEFAULT_K, ranking_confidence
from candidates.selectors.shortlist import Shortlist, rubric_rules
from hiring.wording import join_clauses

# What a spreadsheet reads as the start of a formula (OWASP's advice on CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(cell):
    """Text a spreadsheet would run as a formula, made plain text by a leading apostrophe.

    Applied to every text cell of the CSV, the Excel sheet and `ranking --format csv`:
    a candidate named "=HYPERLINK(...)" must reach the reader as those characters.
    """
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


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


def confidence_json(figures: ScoreConfidence | None, k: int) -> dict:
    """SE, 90% interval and P(top k); null for applications that are not ranked."""
    if figures is None:
        return {"se": None, "ci_low": None, "ci_high": None, "p_top_k": None, "k": k}
    return {
        "se": rounded(figures.se, 4),
        "ci_low": rounded(figures.low, 4),
        "ci_high": rounded(figures.high, 4),
        "p_top_k": round(figures.p_top_k, 4),
        "k": k,
        "apart_from_next": figures.apart_from_next,
    }


def raw_json(raw: RankedApplication | None) -> dict:
    """Beside a calibrated result: the uncorrected rank and score."""
    if raw is None:
        return {}
    return {"rank_raw": raw.rank, "score_raw": rounded(raw.score, 4)}


def row_json(
    row: RankedApplication,
    application,
    flip: Flip | None = None,
    figures: ScoreConfidence | None = None,
    k: int = DEFAULT_K,
    raw: RankedApplication | None = None,
    ahead: list[tuple[str, float]] = (),
) -> dict:
    """One row of ranking.json; `ahead` (ranked rows): what lifts it above the average."""
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
        "ahead_on": [
            {"dimension": code, "above_average": round(above, 4)} for code, above in ahead
        ],
        "flip": flip_json(flip),
        **confidence_json(figures, k),
        **raw_json(raw),
    }


def shortlist_json(shortlist: Shortlist, k: int = DEFAULT_K) -> dict:
    """The ranking with its confidence figures; calibrated shortlists add the raw rank and score."""
    flips = neighbour_flips(shortlist.ranking.ranked, shortlist.weights)
    report = ranking_confidence(shortlist, k)
    raw = shortlist.raw_rows()
    return {
        "opening": shortlist.opening.title,
        "rubric": shortlist.opening.rubric.name,
        "weights": shortlist.weights,
        "calibrated": shortlist.calibrated,
        "k": report.k,
        "pooled_sd": rounded(report.pooled.sd, 4),
        "rows": [
            row_json(
                row,
                application,
                flips[row.key],
                report.rows[row.key],
                report.k,
                raw.get(row.key),
                shortlist.ahead_on(row),
            )
            for row, application in shortlist.rows()
        ],
        "needs_more_evidence": [
            row_json(row, application, k=report.k, raw=raw.get(row.key))
            for row, application in shortlist.pending()
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
                join_clauses(summarize_flags(row.flags, names, rules.gates)),
                join_clauses(describe_reason(reason, names, rules) for reason in row.reasons),
            ]
        )
    return [neutralised(cell) for cell in headers], [
        [neutralised(cell) for cell in row] for row in rows
    ]


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
