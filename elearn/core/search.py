"""Text search shared by every list page: a case-insensitive "contains" in which the searcher's own
`%`, `_` and `\\` are taken literally, so typing them never widens the search."""

from sqlalchemy import ColumnElement, func, or_


def text_matches(query: str, *columns) -> ColumnElement[bool]:
    """True where any of `columns` contains `query`, ignoring case."""
    escaped = query.strip().lower().replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
    pattern = f"%{escaped}%"
    return or_(*(func.lower(column).like(pattern, escape="\\") for column in columns))
