"""CSV downloads that open cleanly in the spreadsheets agencies use: Excel in an Indonesian locale
reads `;` as the separator and guesses the encoding, so every field is quoted and a BOM says UTF-8."""

import csv
import io
from collections.abc import Iterable

from flask import Response

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """A text that a spreadsheet would run as a formula (names and titles are user input) is kept as text."""
    text = "" if value is None else str(value)
    return "'" + text if isinstance(value, str) and text.startswith(FORMULA_STARTS) else text


def csv_download(filename: str, header: list[str], rows: Iterable[Iterable]) -> Response:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)  # quoted fields survive either separator
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})
