"""Numbers that come from outside (URL paths, query strings, form fields), bounded once to what the
database columns hold: an absurd number is a 404 or a default, never a database error (500)."""

from flask import request
from werkzeug.routing import IntegerConverter

# Every id column is INTEGER (migrations/versions): PostgreSQL's 32-bit range is the smallest in use.
MAX_ID = 2**31 - 1
# Longer strings of digits are refused before int(), which refuses over 4300 digits with a ValueError.
_MAX_DIGITS = 18


def bounded_int(text: str | None, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """`text` as a whole number from `minimum` to `maximum`, else None. ASCII digits only: '²' and
    '٣' pass str.isdigit() but are no number anyone typed in a form of ours."""
    if not text or not (text.isascii() and text.isdigit()):
        return None
    digits = text.lstrip("0") or "0"  # int() counts leading zeros against its limit too
    if len(digits) > _MAX_DIGITS:
        return None
    value = int(digits)
    return value if minimum <= value <= maximum else None


def int_argument(name: str, default: int | None = None, minimum: int = 1,
                 maximum: int = MAX_ID) -> int | None:
    """The query-string number `name`, or `default` when it is missing, malformed or out of range.
    Query numbers are page numbers and filters of bookmarkable pages, so a bad one shows the page as
    if it were not given (never a 400)."""
    value = bounded_int(request.args.get(name), minimum, maximum)
    return default if value is None else value


class BoundedIntConverter(IntegerConverter):
    """The app's `<int:…>`: an id past MAX_ID matches no route (404) instead of failing in the database."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)
