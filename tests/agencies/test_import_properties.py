"""Whatever a CSV file holds, the import reports problems or imports it whole; it never crashes."""

import csv
import io

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from foia.agencies import csvio, operations
from foia.agencies.csvio import COLUMNS, parse_agencies_csv
from foia.agencies.models import KINDS, Agency
from foia.extensions import db
from foia.jurisdictions.models import LEVELS
from tests.support.factories import create_jurisdiction

CODES = {"US", "US-MA"}
SETTINGS = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

nasty = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "=1+1",
        "+1",
        "-",
        "@x",
        "'=x",
        "\x00",
        "a\r\nb",
        '"',
        ",",
        "x" * 201,
        "y" * 600,
        "\ufeff",
        "\u202e",
        "ß",
        "ＵＳ-ＭＡ",
        " ",
        "\t",
    ]
)
any_text = st.one_of(st.text(max_size=30), st.text(min_size=150, max_size=700), nasty)
clean_text = st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=40)


def row_strategy(text: st.SearchStrategy[str], codes: st.SearchStrategy[str]):
    """Rows whose free-text cells come from `text` and coded ones from their lists or `codes`."""
    cells = {column: st.one_of(st.just(""), text) for column in COLUMNS}
    cells["name"] = st.one_of(st.text(min_size=1, max_size=40), text)
    cells["jurisdiction"] = st.one_of(st.sampled_from(["US", "US-MA", "us-ma"]), codes)
    cells["level"] = st.one_of(st.sampled_from(LEVELS), codes)
    cells["kind"] = st.one_of(st.sampled_from(KINDS), codes)
    cells["email"] = st.one_of(st.just(""), st.emails(), text)
    cells["portal_url"] = st.one_of(st.just("https://example.org/x?a=<b>"), text)
    return st.fixed_dictionaries(cells)


# Half the rows are plausible (markup, formulas, any script), half throw everything at the parser.
rows = st.one_of(
    row_strategy(st.one_of(clean_text, nasty), st.nothing()), row_strategy(any_text, any_text)
)


def to_csv(*records: dict[str, str]) -> str:
    stream = io.StringIO(newline="")
    writer = csv.DictWriter(stream, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(records)
    return stream.getvalue()


GOOD_ROW = dict.fromkeys(COLUMNS, "") | {
    "name": "Anchor Police Department",
    "jurisdiction": "US-MA",
    "level": "municipal",
}


def agency_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Agency))


@pytest.fixture
def states(app):
    """The jurisdictions the random files may name."""
    create_jurisdiction()
    create_jurisdiction("US", "United States", level="federal")


@SETTINGS
@given(row=rows, broken_utf8=st.booleans())
def test_random_files_give_a_plan_or_problems_never_an_error(row, broken_utf8):
    text = to_csv(row)
    raw = text.encode("utf-8") + (b"\xff\xfe" if broken_utf8 else b"")

    plan = parse_agencies_csv(raw, CODES)

    assert bool(plan.problems) or plan.is_valid
    if broken_utf8:
        assert plan.problems and plan.rows == []
    for problem in plan.problems:
        assert problem.row is None or problem.row in (1, 2)
        assert problem.column is None or problem.column in COLUMNS
        assert problem.message
    for planned in plan.rows:
        for column, value in planned.values.items():
            limit = csvio.MAX_LENGTHS.get(column)
            assert limit is None or value is None or len(value) <= limit


@SETTINGS
@given(row=rows)
def test_a_bad_row_never_imports_and_a_good_file_stores_what_it_says(states, row):
    plan = parse_agencies_csv(to_csv(GOOD_ROW, row).encode("utf-8"), CODES)
    event("problems" if plan.problems else "imported")
    try:
        if plan.problems:
            with pytest.raises(operations.AgencyError):
                operations.import_agencies(plan, None)
            assert agency_count() == 0
            return
        counts = operations.import_agencies(plan, None)
        db.session.flush()  # the database accepts every value (PostgreSQL refuses NUL, say)
        assert (counts.created, counts.updated) == (2, 0)
        for planned in plan.rows:
            agency = db.session.scalar(select(Agency).where(Agency.name == planned.values["name"]))
            for column, value in planned.values.items():
                stored = (
                    agency.jurisdiction.code
                    if column == "jurisdiction"
                    else getattr(agency, column)
                )
                assert stored == value
    finally:
        db.session.rollback()
    assert agency_count() == 0
