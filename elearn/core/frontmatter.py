"""Front matter (`key: value` lines between `---`) and problem reports shared by every content file."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.orm import InstrumentedAttribute

from elearn.core.files import UnreadableFile, read_content_bytes

WHOLE_NUMBER_RE = re.compile(r"[0-9]{1,9}")  # ASCII only: int() refuses '²', which isdigit() accepts


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class FileReport:
    """Problems of one file, with the path shown as the author knows it."""

    def __init__(self, path: Path, root: Path, problems: list[Problem]):
        self.shown = str(path.relative_to(root.parent))
        self.root, self.problems = root, problems

    def add(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.shown, line, message))


def split_front_matter(text: str, report: FileReport) -> tuple[dict[str, tuple[str, int]], str, int]:
    """Return ({key: (value, line)}, body, first body line); problems go to `report`."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        report.add(1, "the file must start with a front-matter block opened by '---'")
        return {}, text, 1
    numbered = list(enumerate(lines[1:], start=2))
    close = next((number for number, line in numbered if line.strip() == "---"), None)
    values = read_key_values(numbered[:close - 2] if close else numbered, report, "in the front matter")
    if close is None:
        report.add(1, "the front-matter block is never closed by a '---' line")
        return values, "", len(lines)
    return values, "\n".join(lines[close:]), close + 1


def read_key_values(lines: list[tuple[int, str]], report: FileReport,
                    where: str) -> dict[str, tuple[str, int]]:
    """`key: value` lines (numbered) as {key: (value, line)}; blank and `#` lines are skipped, other lines
    and repeated keys are problems. `where` ends the message, e.g. "in the front matter"."""
    values: dict[str, tuple[str, int]] = {}
    for number, line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        key, sep, value = stripped.partition(":")
        key, value = key.strip(), value.strip()
        if not sep or not key:
            report.add(number, f"expected 'key: value' {where}, found {stripped!r}")
            continue
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        if key in values:
            report.add(number, f"'{key}' is given twice (first on line {values[key][1]})")
        values[key] = (value, number)
    return values


class Fields:
    """Typed access to front-matter values; each bad value becomes a problem on its line."""

    def __init__(self, values: dict[str, tuple[str, int]], allowed: set[str], report: FileReport,
                 missing_line: int = 1):
        """A missing key is reported on `missing_line`: the file's first line, or a block's heading."""
        self.values, self.report, self.missing_line = values, report, missing_line
        for key, (_, line) in values.items():
            if key not in allowed:
                report.add(line, f"unknown key '{key}' (allowed: {', '.join(sorted(allowed))})")

    def text(self, key: str, max_length: int, required: bool = True) -> str:
        value, line = self.values.get(key, ("", self.missing_line))
        if not value and required:
            self.report.add(line, f"'{key}' is required")
        elif len(value) > max_length:
            self.report.add(line, f"'{key}' is longer than {max_length} characters")
        return value

    def integer(self, key: str, low: int, high: int, required: bool = True) -> int | None:
        if key not in self.values:
            if required:
                self.report.add(self.missing_line, f"'{key}' is required")
            return None
        value, line = self.values[key]
        if not WHOLE_NUMBER_RE.fullmatch(value) or not low <= int(value) <= high:
            self.report.add(line, f"'{key}' must be a whole number from {low} to {high}, not {value!r}")
            return None
        return int(value)

    def choice(self, key: str, choices: tuple[str, ...], default: str | None = None) -> str:
        value, line = self.values.get(key, (default or "", self.missing_line))
        if value not in choices:
            shown = f"{value!r}" if value else "nothing"
            self.report.add(line, f"'{key}' must be one of {', '.join(choices)}, not {shown}")
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.choice(key, ("yes", "no"), default="yes" if default else "no")
        return value == "yes"

    def local_time(self, key: str, timezone: str) -> datetime | None:
        """`YYYY-MM-DD HH:MM` in the agency's local time, returned in UTC (a date near year 1 or 9999
        cannot be converted: a problem, not an OverflowError in sync)."""
        if key not in self.values:
            return None
        value, line = self.values[key]
        try:
            local = datetime.strptime(value, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(timezone))
            return local.astimezone(UTC)
        except (ValueError, OverflowError):
            self.report.add(line, f"'{key}' must be a date and time like 2026-12-31 23:59, not {value!r}")
            return None


def column_length(column: InstrumentedAttribute) -> int:
    """The length of a model's String column: what content may store there, read from the model."""
    return column.property.columns[0].type.length


def read_text(path: Path, report: FileReport) -> str | None:
    """The file as text (a leading byte-order mark dropped, as Windows editors write it), or None with
    the problem reported: not a plain file inside content/, too large, not UTF-8, or holding a NUL
    character (PostgreSQL cannot store one)."""
    try:
        text = read_content_bytes(path, report.root).decode("utf-8")
    except UnreadableFile as error:
        report.add(1, str(error))
        return None
    except UnicodeDecodeError as error:
        report.add(1, f"the file is not valid UTF-8 text (byte {error.start})")
        return None
    if "\0" in text:
        report.add(text.count("\n", 0, text.index("\0")) + 1, "the line holds a NUL character; remove it")
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")
