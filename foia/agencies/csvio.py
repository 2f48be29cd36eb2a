"""Read and write the agency directory as CSV; no app, no session, only values.

Row numbers count the header as row 1, as a spreadsheet shows them.
"""

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from email_validator import EmailNotValidError, validate_email

from foia.agencies.models import KINDS, Agency, is_web_url
from foia.jurisdictions.models import LEVELS

#: The export's columns, in order; an import accepts them in any order.
COLUMNS = (
    "name",
    "jurisdiction",
    "level",
    "county",
    "email",
    "portal_url",
    "address",
    "kind",
    "municipality",
    "records_officer",
    "phone",
    "fax",
    "notes",
)
REQUIRED = ("name", "jurisdiction", "level")
#: Columns that may hold several lines.
MULTILINE = frozenset({"address", "notes"})
#: Columns stored as NULL rather than "" when empty.
NULLABLE = frozenset({"county", "municipality"})
#: Longest value per column, from the model (None: no limit).
MAX_LENGTHS: dict[str, int | None] = {
    name: getattr(Agency.__table__.c[name].type, "length", None)
    for name in COLUMNS
    if name != "jurisdiction"
}

# A spreadsheet runs a cell starting with one of these as a formula.
_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
_ESCAPED_FORMULA = re.compile(r"^'+[=+\-@\t\r]")
# Unicode control characters (category Cc); addresses and notes may keep tabs and line breaks.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Problem:
    """Why a file (row None) or a cell cannot be imported."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where) or 'file'}: {self.message}"


@dataclass(frozen=True)
class PlannedRow:
    """One agency as the file describes it: only the columns the file has."""

    row: int
    values: dict[str, Any]

    @property
    def key(self) -> tuple[str, str]:
        """Return the match key: jurisdiction code and lower-case name."""
        return (self.values["jurisdiction"], self.values["name"].casefold())


@dataclass
class ImportPlan:
    """What a file would change, or why it cannot be imported."""

    rows: list[PlannedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        """Tell whether the plan may be applied: no problems and at least one row."""
        return not self.problems and bool(self.rows)


def read_limited(stream: IO[bytes], max_bytes: int) -> bytes | None:
    """Read at most `max_bytes` from `stream`; None when there is more (nothing is parsed)."""
    raw = stream.read(max_bytes + 1)
    return None if len(raw) > max_bytes else raw


def size_message(max_bytes: int) -> str:
    """Say how large a file may be."""
    return (
        f"The file is larger than {max_bytes / 1024 / 1024:g} MB. "
        "Split it into smaller files and import each."
    )


def parse_agencies_csv(raw: bytes, known_jurisdictions: set[str]) -> ImportPlan:
    """Parse and check a CSV file of agencies; every problem is reported, nothing raises."""
    plan = ImportPlan()
    text = _decode(raw, plan)
    if text is None:
        return plan
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        plan.problems.append(Problem(None, None, f"The file is not valid CSV: {exc}."))
        return plan
    if not records or not any(cell.strip() for cell in records[0]):
        plan.problems.append(Problem(None, None, "The file is empty."))
        return plan
    header = _check_header(records[0], plan)
    codes = {code.upper(): code for code in known_jurisdictions}
    seen: dict[tuple[str, str], int] = {}
    for number, cells in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # blank lines, and the empty rows spreadsheets leave at the end
        planned = _check_row(number, cells, header, codes, plan)
        if planned is None:
            continue
        if (first := seen.get(planned.key)) is not None:
            plan.problems.append(
                Problem(
                    number,
                    "name",
                    f"Rows {first} and {number} are the same agency (same jurisdiction and name).",
                )
            )
            continue
        seen[planned.key] = number
        plan.rows.append(planned)
    if not plan.rows and not plan.problems:
        plan.problems.append(Problem(None, None, "The file has a header but no agencies."))
    return plan


def _decode(raw: bytes, plan: ImportPlan) -> str | None:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        plan.problems.append(
            Problem(
                None,
                None,
                f"The file is not UTF-8 text (unreadable byte on line {line}). "
                "Save it as “CSV UTF-8” and import it again.",
            )
        )
        return None
    if not text.strip():
        plan.problems.append(Problem(None, None, "The file is empty."))
        return None
    return text


def _check_header(cells: list[str], plan: ImportPlan) -> list[str | None]:
    """Return the column name of each position, None for ones to ignore."""
    header: list[str | None] = []
    for position, cell in enumerate(cells, start=1):
        name: str | None = cell.strip().lower()
        if not name:
            plan.problems.append(Problem(1, None, f"Column {position} has no name."))
            name = None
        elif name not in COLUMNS:
            shown = _shorten(cell.strip())
            plan.problems.append(
                Problem(1, shown, f"Unknown column “{shown}”. Known columns: {', '.join(COLUMNS)}.")
            )
            name = None
        elif name in header:
            plan.problems.append(Problem(1, name, "This column appears twice."))
            name = None
        header.append(name)
    for name in REQUIRED:
        if name not in header:
            plan.problems.append(Problem(1, name, f"The required column “{name}” is missing."))
    return header


def _check_row(
    number: int,
    cells: list[str],
    header: list[str | None],
    codes: dict[str, str],
    plan: ImportPlan,
) -> PlannedRow | None:
    if len(cells) > len(header):
        plan.problems.append(
            Problem(
                number,
                None,
                f"The row has {len(cells)} cells but the header has {len(header)} columns.",
            )
        )
        return None
    # Spreadsheets may drop trailing empty cells: a short row reads as empty at the end.
    cells = cells + [""] * (len(header) - len(cells))
    values: dict[str, Any] = {}
    before = len(plan.problems)
    for column, cell in zip(header, cells, strict=True):
        if column is None:
            continue
        value, message = _check_cell(column, cell, codes)
        if message:
            plan.problems.append(Problem(number, column, message))
        elif column != "kind" or value:
            values[column] = value
    if values.get("county") and values.get("jurisdiction"):
        from foia.deadlines.calendars import resolve_county
        from foia.deadlines.errors import UnknownCounty

        try:  # an unknown county would break the deadline pages of the agency's requests
            resolve_county(values["jurisdiction"], values["county"])
        except UnknownCounty as exc:
            plan.problems.append(Problem(number, "county", str(exc)))
    for column in REQUIRED:
        if column in header and not values.get(column) and not _has_problem(plan, before, column):
            plan.problems.append(Problem(number, column, "This value is required."))
    if len(plan.problems) > before:
        return None
    return PlannedRow(number, values)


def _has_problem(plan: ImportPlan, since: int, column: str) -> bool:
    return any(p.column == column for p in plan.problems[since:])


def _check_cell(column: str, cell: str, codes: dict[str, str]) -> tuple[Any, str | None]:
    """Return the value to store and, if it cannot be stored, why."""
    value = unescape_formula(cell.strip())
    if message := _control_problem(column, value):
        return None, message
    limit = MAX_LENGTHS.get(column)
    if limit is not None and len(value) > limit:
        return None, f"Too long: {len(value)} characters, at most {limit}."
    if not value:
        return (None if column in NULLABLE else ""), None
    if column == "jurisdiction":
        code = codes.get(value.upper())
        if code is None:
            return None, f"Unknown jurisdiction “{_shorten(value)}”: use a code such as US-MA."
        return code, None
    if column == "level":
        if value.lower() not in LEVELS:
            return None, f"Unknown level “{_shorten(value)}”: use one of {', '.join(LEVELS)}."
        return value.lower(), None
    if column == "kind":
        if value.lower() not in KINDS:
            return None, f"Unknown kind “{_shorten(value)}”: use one of {', '.join(KINDS)}."
        return value.lower(), None
    if column == "email":
        return value, email_problem(value)
    if column == "portal_url" and not is_web_url(value):
        return None, "Not a web address: it must start with http:// or https://."
    return value, None


def _control_problem(column: str, value: str) -> str | None:
    pattern = _CONTROL_MULTILINE if column in MULTILINE else _CONTROL
    if (found := pattern.search(value)) is None:
        return None
    if found.group() in "\r\n":
        return "Line breaks are not allowed in this column."
    return f"Contains a control character (U+{ord(found.group()):04X})."


def email_problem(value: str) -> str | None:
    """Say why `value` is not an email address, or None when it is one."""
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return f"“{_shorten(value)}” is not an email address."
    return None


def _shorten(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def escape_formula(value: str) -> str:
    """Prefix a quote to a cell a spreadsheet would run as a formula."""
    return "'" + value if _FORMULA.match(value) else value


def unescape_formula(value: str) -> str:
    """Undo `escape_formula`, so that an exported file imports unchanged."""
    return value[1:] if _ESCAPED_FORMULA.match(value) else value


def export_row(agency: Agency) -> list[str]:
    """Return an agency's cells in COLUMNS order, neutralised against formula injection."""
    values = {column: getattr(agency, column, None) for column in COLUMNS}
    values["jurisdiction"] = agency.jurisdiction.code
    return [escape_formula(values[column] or "") for column in COLUMNS]


def export_agencies_csv(agencies: Iterable[Agency], stream: IO[str]) -> int:
    """Write the agencies as CSV to `stream` and return how many were written."""
    writer = csv.writer(stream)
    writer.writerow(COLUMNS)
    count = 0
    for agency in agencies:
        writer.writerow(export_row(agency))
        count += 1
    return count
