"""Read an uploaded list of agencies (CSV, an `id` or a `name` column). PURE: text in, rows out."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ListedAgency:
    """One row of the list: its line number and the agency's id or name."""

    line: int
    agency_id: int | None
    name: str


def parse_agency_list(text: str) -> tuple[list[ListedAgency], list[str]]:
    """Return the rows of an agency list and the problems found (line by line)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    headers = {h.strip().lower() for h in reader.fieldnames or []}
    if not headers & {"id", "name"}:
        return [], ["Line 1: the file needs a header row with an “id” or a “name” column."]
    rows, problems = [], []
    for line, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        ident, name = row.get("id", ""), row.get("name", "")
        if not ident and not name:
            continue
        if ident and not ident.isdigit():
            problems.append(f"Line {line}: “{ident}” is not an agency number.")
            continue
        rows.append(ListedAgency(line, int(ident) if ident else None, name))
    return rows, problems
