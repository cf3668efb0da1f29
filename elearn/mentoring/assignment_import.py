"""Mentor assignments from a CSV file: read what Excel saves (any common encoding, `,` `;` or tab),
check every row against the accounts in a fixed number of queries, and save only a file with no errors,
so an import is never half done."""

import codecs
import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from elearn.accounts.mentorships import MentorAssignment
from elearn.accounts.models import Role, User
from elearn.mentoring.services import AssignmentError, assign_mentor

MAX_ROWS = 5000
DELIMITERS = ",;\t"
COLUMNS = ("mentor_nip", "mentee_nip")
HEADER_WORDS = ("nip", "mentor", "mentee", "peserta", "pembimbing")
EXCEL_NUMBER = re.compile(r"\d+(?:[.,]\d+)?[eE]\+?\d+")  # 1.99E+17, or 1,99E+17 in Indonesian Excel
EXCEL_TEXT_FORMULA = re.compile(r'="(.*)"')  # ="1990..." keeps a NIP as text in some exports
SNIFF_CHARS = 4096

UNREADABLE_FILE = _l("This file cannot be read as text. In Excel, choose Save As and the type "
                     "“CSV UTF-8” or “CSV (Comma delimited)”.")
WINDOWS_ENCODING = _l("The file is not saved as UTF-8, so it was read as Excel's Windows text. "
                      "Check that the rows below look right.")
STRAY_QUOTE = _l("This row could not be read; look for a stray quotation mark.")
EMPTY_FILE = _l("The file has no rows to import.")
ONE_CELL = _l("This row has only one cell. Put the mentor's NIP and the mentee's NIP in two columns, "
              "separated by a comma, a semicolon or a tab.")
EMPTY_NIP = {"mentor_nip": _l("The mentor's NIP is empty."), "mentee_nip": _l("The mentee's NIP is empty.")}
UNKNOWN_NIP = {"mentor_nip": _l("No account has this mentor NIP."),
               "mentee_nip": _l("No account has this mentee NIP.")}
OWN_MENTOR = _l("A person cannot be their own mentor.")


@dataclass(frozen=True)
class RowProblem:
    """Something wrong on one row, numbered as Excel shows it; a notice informs but does not block saving."""

    row: int
    message: str
    column: str | None = None  # "mentor_nip" or "mentee_nip" when one cell is at fault
    notice: bool = False


@dataclass
class PreviewRow:
    row: int
    mentor_nip: str
    mentee_nip: str
    mentor: User | None = None
    mentee: User | None = None
    problems: list[RowProblem] = field(default_factory=list)
    already_assigned: bool = False


@dataclass
class AssignmentPreview:
    """Every readable row with what saving would do, and every problem in row order."""

    rows: list[PreviewRow]
    problems: list[RowProblem]

    @property
    def errors(self) -> list[RowProblem]:
        return [problem for problem in self.problems if not problem.notice]

    @property
    def notices(self) -> list[RowProblem]:
        return [problem for problem in self.problems if problem.notice]

    @property
    def to_create(self) -> list[PreviewRow]:
        return [row for row in self.rows if not row.problems and not row.already_assigned]


def read_assignment_csv(data: bytes) -> tuple[list[tuple[int, str, str]], list[RowProblem]]:
    """The (row, mentor NIP, mentee NIP) of every good row, and every problem met while reading."""
    text, problems = _decode(data)
    if text is None:
        return [], problems
    first_line, _, rest = text.partition("\n")
    if first_line.lower().startswith("sep=") and first_line[4:5] in DELIMITERS:  # Excel's hint, not a row
        delimiter, text = first_line[4], rest
    else:
        delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = list(enumerate(reader, start=1))
    except csv.Error:
        return [], [*problems, RowProblem(reader.line_num, STRAY_QUOTE)]
    rows: list[tuple[int, str, str]] = []
    header_possible = True
    for number, raw_cells in records:
        cells = [_clean_cell(cell) for cell in raw_cells]
        while cells and not cells[-1]:  # Excel pads rows with empty cells, and writes empty rows as ";"
            cells.pop()
        if not cells:
            continue
        if header_possible and _is_header(cells):
            header_possible = False
            continue
        header_possible = False
        found = _cell_problems(number, cells)
        problems += found
        if not found:
            rows.append((number, cells[0], cells[1]))
    return rows, problems


def _decode(data: bytes) -> tuple[str | None, list[RowProblem]]:
    """UTF-8 (Excel's “CSV UTF-8” adds a BOM), UTF-16 with a BOM, else Windows-1252 (plain Excel CSV)."""
    encoding = "utf-16" if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"
    notices = []
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            return None, [RowProblem(1, UNREADABLE_FILE)]
        notices.append(RowProblem(1, WINDOWS_ENCODING, notice=True))
    if "\x00" in text:  # a spreadsheet (.xlsx) or another binary file renamed to .csv
        return None, [RowProblem(1, UNREADABLE_FILE)]
    return text, notices


def _delimiter(text: str) -> str:
    sample = text[:SNIFF_CHARS]
    sniffer = csv.Sniffer()
    # On a tie, `;` wins: Indonesian Excel writes decimal commas (1,99E+17) inside `;`-separated cells.
    sniffer.preferred = [";", "\t", ","]
    try:
        return sniffer.sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        first_line = sample.partition("\n")[0]
        return next((candidate for candidate in ";\t" if candidate in first_line), ",")


def _clean_cell(cell: str) -> str:
    """A NIP as typed: spaces (also inside: 19900101 201501 1 001) and Excel's text apostrophe removed."""
    cell = cell.strip()
    formula = EXCEL_TEXT_FORMULA.fullmatch(cell)
    if formula:
        cell = formula[1]
    return "".join(cell.removeprefix("'").split())


def _is_header(cells: list[str]) -> bool:
    if any(cell.isdigit() or EXCEL_NUMBER.fullmatch(cell) for cell in cells):
        return False
    text = " ".join(cells).lower()
    return any(word in text for word in HEADER_WORDS)


def _cell_problems(number: int, cells: list[str]) -> list[RowProblem]:
    if len(cells) == 1:
        return [RowProblem(number, ONE_CELL)]
    if len(cells) > 2:
        return [RowProblem(number, _l(
            "This row has %(count)s cells; it needs exactly two: the mentor's NIP, then the mentee's NIP.",
            count=len(cells)))]
    problems = []
    for column, value in zip(COLUMNS, cells, strict=True):
        message = _nip_cell_problem(column, value)
        if message:
            problems.append(RowProblem(number, message, column))
    return problems


def _nip_cell_problem(column: str, value: str) -> str | None:
    if not value:
        return EMPTY_NIP[column]
    if EXCEL_NUMBER.fullmatch(value):
        return _l("Excel has turned the NIP into the number %(value)s and lost its last digits. "
                  "Format the NIP column as text in Excel, enter the NIPs again and save the file.",
                  value=value)
    if len(value) == 18 and value.isdigit() and value.endswith("000"):  # no real NIP ends in 000
        return _l("The NIP %(value)s ends in 000, which is what Excel does to a NIP stored as a number. "
                  "Format the NIP column as text in Excel, enter the NIPs again and save the file.",
                  value=value)
    return None


def preview_assignments(
    session: Session, rows: list[tuple[int, str, str]], read_problems: Sequence[RowProblem] = ()
) -> AssignmentPreview:
    """Check every row against the accounts and the active assignments: two queries, whatever the size."""
    problems = list(read_problems)
    if len(rows) > MAX_ROWS:
        problems.append(RowProblem(rows[MAX_ROWS][0], _l(
            "The file has more than %(limit)s rows. Split it into smaller files and upload them one by one.",
            limit=MAX_ROWS)))
        return AssignmentPreview([], sorted(problems, key=lambda problem: problem.row))
    if not rows and all(problem.notice for problem in problems):
        problems.append(RowProblem(1, EMPTY_FILE))
    users = _users_by_nip(session, {nip for _, *pair in rows for nip in pair})
    preview_rows = [PreviewRow(number, mentor_nip, mentee_nip, users.get(mentor_nip), users.get(mentee_nip))
                    for number, mentor_nip, mentee_nip in rows]
    active = _active_pairs(session, preview_rows)
    first_row_of_pair: dict[tuple[str, str], int] = {}
    for row in preview_rows:
        first_row = first_row_of_pair.setdefault((row.mentor_nip, row.mentee_nip), row.row)
        row.problems = _row_problems(row, first_row)
        row.already_assigned = not row.problems and (row.mentor.id, row.mentee.id) in active
        problems += row.problems
    return AssignmentPreview(preview_rows, sorted(problems, key=lambda problem: problem.row))


def _users_by_nip(session: Session, nips: set[str]) -> dict[str, User]:
    if not nips:
        return {}
    # Roles joined in, so checking the mentor role needs no query per user.
    users = session.scalars(select(User).where(User.nip.in_(nips)).options(joinedload(User.role_rows)))
    return {user.nip: user for user in users.unique()}


def _active_pairs(session: Session, rows: list[PreviewRow]) -> set[tuple[int, int]]:
    mentor_ids = {row.mentor.id for row in rows if row.mentor}
    mentee_ids = {row.mentee.id for row in rows if row.mentee}
    if not mentor_ids or not mentee_ids:
        return set()
    return {(mentor_id, mentee_id) for mentor_id, mentee_id in session.execute(
        select(MentorAssignment.mentor_id, MentorAssignment.mentee_id).where(
            MentorAssignment.ended_at.is_(None), MentorAssignment.mentor_id.in_(mentor_ids),
            MentorAssignment.mentee_id.in_(mentee_ids))
    )}


def _row_problems(row: PreviewRow, first_row: int) -> list[RowProblem]:
    problems = []
    if row.mentor is None:
        problems.append(RowProblem(row.row, UNKNOWN_NIP["mentor_nip"], "mentor_nip"))
    elif not row.mentor.has_role(Role.MENTOR):
        problems.append(RowProblem(row.row, _l(
            "%(name)s does not have the mentor role. Give the account that role first.",
            name=row.mentor.full_name), "mentor_nip"))
    if row.mentee is None:
        problems.append(RowProblem(row.row, UNKNOWN_NIP["mentee_nip"], "mentee_nip"))
    if row.mentor_nip == row.mentee_nip:
        problems.append(RowProblem(row.row, OWN_MENTOR, "mentee_nip"))
    if first_row != row.row:
        problems.append(RowProblem(row.row, _l("This row repeats row %(row)s.", row=first_row)))
    return problems


def apply_assignments(session: Session, preview: AssignmentPreview, by_id: int | None, now: datetime) -> int:
    """Save every row the preview marked for creation; a preview with errors saves nothing."""
    if preview.errors:
        raise AssignmentError("the preview has errors; nothing was saved")
    to_create = preview.to_create
    for row in to_create:
        assign_mentor(session, row.mentor, row.mentee, by_id, now)
    return len(to_create)
