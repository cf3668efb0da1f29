"""CSV downloads that open cleanly in the spreadsheets agencies use: Excel in an Indonesian locale
reads `;` as the separator and guesses the encoding, so every field is quoted and a BOM says UTF-8.
Typed cells are written here, in one place, the way the pages show them: moments in local time
(ELEARN_TIMEZONE), numbers in the reader's language without a spurious ".0", booleans as words."""

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from babel.numbers import format_decimal
from flask import Response
from flask_babel import format_date, format_datetime, get_locale
from flask_babel import gettext as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# One pattern for every export; day first, as dates are written in Indonesia.
DATE_PATTERN = "dd/MM/yyyy"
DATETIME_PATTERN = "dd/MM/yyyy HH:mm"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):  # before date: a datetime is a date too
        return format_datetime(value, DATETIME_PATTERN)  # converted to ELEARN_TIMEZONE
    if isinstance(value, date):
        return format_date(value, DATE_PATTERN)
    if isinstance(value, float | Decimal):
        return format_decimal(round(value, 2), locale=get_locale(), group_separator=False)
    return str(value)


def _cell(value) -> str:
    """A text that a spreadsheet would run as a formula (names and titles are user input) is kept as text."""
    text = _text(value)
    return "'" + text if isinstance(value, str) and text.startswith(FORMULA_STARTS) else text


def csv_download(filename: str, header: list[str], rows: Iterable[Iterable]) -> Response:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)  # quoted fields survive either separator
    writer.writerow([str(title) for title in header])
    writer.writerows([_cell(value) for value in row] for row in rows)
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})
