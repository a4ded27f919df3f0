"""The file HR downloads to fill in: the reader's columns, a row per dimension, as CSV or Excel.

A template is for an opening (its title filled in), for a rubric (the opening
left for HR: any opening on that rubric), or, with neither, for a new opening
on the default rubric. The candidate, interviewer, round and score are left
blank, so a template uploaded as downloaded is refused by the import rather
than creating a made-up scorecard. Both formats hold exactly the columns the
import reads, so either imports back once filled in.
"""

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from candidates.models import Opening, Recommendation
from candidates.services.importing.rows import COLUMNS, REQUIRED_COLUMNS
from rubrics.models import Dimension, Rubric
from rubrics.selectors import default_rubric

# Column names, each with whether the header must hold it (the import page lists them).
COLUMN_GUIDE = tuple((name, name in REQUIRED_COLUMNS) for name in COLUMNS)
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Rows of the data sheet that get the drop-down lists and checks (Excel extends
# neither to rows pasted below, so cover far more rows than a file holds).
VALIDATED_ROWS = 10000


@dataclass(frozen=True)
class _Template:
    title: str  # the opening's title, blank when HR fills it in
    rubric: Rubric | None
    dimensions: list[Dimension]


def _template(opening: Opening | None, rubric: Rubric | None) -> _Template:
    if opening is not None:
        rubric = opening.rubric
    elif rubric is None:
        rubric = default_rubric()
    dimensions = list(rubric.dimensions.all()) if rubric is not None else []
    return _Template(opening.title if opening else "", rubric, dimensions)


def _rows(template: _Template) -> list[list[str]]:
    return [
        [{"opening": template.title, "dimension": d.code}.get(name, "") for name in COLUMNS]
        for d in template.dimensions
    ]


def import_template_csv(*, opening: Opening | None, rubric: Rubric | None = None) -> bytes:
    """The header and one row per dimension, in UTF-8 with a BOM.

    The BOM makes Excel read the Chinese correctly; the import accepts it. The
    dimension names are not in the CSV: every cell of it is data the import
    reads, and a name put in `evidence` would be imported as evidence (and pass
    for the line a 1 or a 5 needs). The page and the Excel template name them.
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(_rows(_template(opening, rubric)))
    return out.getvalue().encode("utf-8-sig")


def import_template_xlsx(*, opening: Opening | None, rubric: Rubric | None = None) -> bytes:
    """The same rows as the CSV on a first sheet; a second sheet lists the dimensions.

    The second sheet gives each code with its name in the active language and
    the rubric's scale. On the first sheet the header row is bold and frozen,
    and Excel checks the dimension (a code of the list), the score (a whole
    number on the scale, or blank) and the recommendation (one of the values).
    The import reads only the first sheet.
    """
    template = _template(opening, rubric)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Scorecards")
    sheet.append(list(COLUMNS))
    for row in _rows(template):
        sheet.append(row)
    codes = workbook.create_sheet(_("Dimensions"))
    codes.append([_("Code"), _("Dimension"), _("Scale")])
    scored_on = template.rubric
    scale = f"{scored_on.scale_min}–{scored_on.scale_max}" if scored_on else ""
    for dimension in template.dimensions:
        codes.append([dimension.code, dimension.name, scale])
    for each in (sheet, codes):
        for cell in each[1]:
            cell.font = Font(bold=True)
        each.freeze_panes = "A2"
        _fit_columns(each)
    for validation, name, message in _checks(template, codes.title):
        validation.allow_blank = True
        validation.showErrorMessage = True
        validation.error = message
        validation.prompt = message
        validation.showInputMessage = True
        letter = get_column_letter(COLUMNS.index(name) + 1)
        validation.add(f"{letter}2:{letter}{VALIDATED_ROWS + 1}")
        sheet.add_data_validation(validation)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _checks(template, codes_sheet: str) -> list[tuple[DataValidation, str, str]]:
    """Excel's checks on the first sheet: (the check, the column it covers, its message)."""
    checks = []
    if template.dimensions:
        last = len(template.dimensions) + 1
        checks.append(
            (
                DataValidation(type="list", formula1=f"'{codes_sheet}'!$A$2:$A${last}"),
                "dimension",
                _("Use a dimension code from the sheet “%(sheet)s”.") % {"sheet": codes_sheet},
            )
        )
    scored_on = template.rubric
    if scored_on is not None:
        checks.append(
            (
                DataValidation(
                    type="whole",
                    operator="between",
                    formula1=str(scored_on.scale_min),
                    formula2=str(scored_on.scale_max),
                ),
                "score",
                _("A whole number from %(low)s to %(high)s, or blank for not assessed.")
                % {"low": scored_on.scale_min, "high": scored_on.scale_max},
            )
        )
    checks.append(
        (
            DataValidation(type="list", formula1='"' + ",".join(Recommendation.values) + '"'),
            "recommendation",
            _("One of %(choices)s, or blank for no decision.")
            % {"choices": ", ".join(Recommendation.values)},
        )
    )
    return checks


def _fit_columns(sheet) -> None:
    """Each column as wide as its longest value, a CJK character counting as two."""
    for index, cells in enumerate(sheet.iter_cols(values_only=True), 1):
        texts = [str(value) for value in cells if value is not None]
        widest = max(map(_display_width, texts), default=0)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(widest + 2, 10), 60)


def _display_width(text: str) -> int:
    return sum(2 if ord(char) > 0x2E7F else 1 for char in text)
