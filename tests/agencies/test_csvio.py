"""Parsing and writing agency CSV files, without the app."""

import io
from types import SimpleNamespace

import pytest

from foia.agencies import csvio
from foia.agencies.csvio import Problem, parse_agencies_csv

CODES = {"US", "US-MA", "US-RI"}
HEADER = "name,jurisdiction,level,kind,county,email,portal_url\n"


def parse(text: str, **kwargs) -> csvio.ImportPlan:
    return parse_agencies_csv(text.encode("utf-8"), CODES, **kwargs)


def problems(text: str) -> list[tuple]:
    return [(p.row, p.column, p.message) for p in parse(text).problems]


def test_a_good_file_gives_one_row_per_agency():
    plan = parse(
        HEADER + "Boston Police Department,us-ma,Municipal,police,Suffolk,"
        "r@boston.example,https://boston.example\n"
        "FBI,US,federal,,,,\n"
    )

    assert plan.problems == []
    assert plan.is_valid
    assert [p.row for p in plan.rows] == [2, 3]
    assert plan.rows[0].values == {
        "name": "Boston Police Department",
        "jurisdiction": "US-MA",
        "level": "municipal",
        "kind": "police",
        "county": "Suffolk",
        "email": "r@boston.example",
        "portal_url": "https://boston.example",
    }
    # An empty kind is left to the default; empty optional text is stored as empty/NULL.
    assert plan.rows[1].values == {
        "name": "FBI",
        "jurisdiction": "US",
        "level": "federal",
        "county": None,
        "email": "",
        "portal_url": "",
    }


def test_a_bom_and_crlf_line_ends_are_fine():
    raw = "\ufeffname,jurisdiction,level\r\nA,US-MA,state\r\n".encode()

    plan = parse_agencies_csv(raw, CODES)

    assert plan.problems == []
    assert plan.rows[0].values["name"] == "A"


def test_quoted_cells_may_hold_commas_and_line_breaks():
    plan = parse(
        'name,jurisdiction,level,address\n"Police, Town of",US-MA,municipal,"1 Main St\nTown MA"\n'
    )

    assert plan.rows[0].values["name"] == "Police, Town of"
    assert plan.rows[0].values["address"] == "1 Main St\nTown MA"


def test_columns_only_in_the_file_are_in_the_row():
    plan = parse("name,jurisdiction,level\nA,US-MA,state\n")

    assert set(plan.rows[0].values) == {"name", "jurisdiction", "level"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            HEADER + "A,US-XX,state,,,,\n",
            [(2, "jurisdiction", "Unknown jurisdiction “US-XX”: use a code such as US-MA.")],
            id="unknown jurisdiction",
        ),
        pytest.param(
            HEADER + "A,US-MA,galactic,,,,\n",
            [
                (
                    2,
                    "level",
                    "Unknown level “galactic”: use one of federal, state, county, municipal.",
                )
            ],
            id="bad level",
        ),
        pytest.param(
            HEADER + "A,US-MA,state,spies,,,\n",
            [
                (
                    2,
                    "kind",
                    "Unknown kind “spies”: use one of police, sheriff, state_police, "
                    "prosecutor, registry, fusion_center, other.",
                )
            ],
            id="bad kind",
        ),
        pytest.param(
            HEADER + "A,US-MA,state,,,not-an-email,\n",
            [(2, "email", "“not-an-email” is not an email address.")],
            id="bad email",
        ),
        pytest.param(
            HEADER + "A,US-MA,state,,,,javascript:alert(1)\n",
            [(2, "portal_url", "Not a web address: it must start with http:// or https://.")],
            id="javascript url",
        ),
        pytest.param(
            HEADER + "A,US-MA,state,,,,ftp://x.example\n",
            [(2, "portal_url", "Not a web address: it must start with http:// or https://.")],
            id="ftp url",
        ),
        pytest.param(
            HEADER + ("x" * 201) + ",US-MA,state,,,,\n",
            [(2, "name", "Too long: 201 characters, at most 200.")],
            id="long name",
        ),
        pytest.param(
            HEADER + "A,US-MA,state,," + "c" * 121 + ",,\n",
            [(2, "county", "Too long: 121 characters, at most 120.")],
            id="long county",
        ),
        pytest.param(
            HEADER + ",US-MA,state,,,,\n", [(2, "name", "This value is required.")], id="empty name"
        ),
        pytest.param(
            HEADER + "A,US-MA,,,,,\n", [(2, "level", "This value is required.")], id="empty level"
        ),
        pytest.param(
            HEADER + "A,US-MA,state,,,,,extra\n",
            [(2, None, "The row has 8 cells but the header has 7 columns.")],
            id="extra cell",
        ),
        pytest.param(
            HEADER + "A,US-MA,state,,,,\nB,US-MA,state,,,,\na,us-ma,state,,,,\n",
            [(4, "name", "Rows 2 and 4 are the same agency (same jurisdiction and name).")],
            id="duplicate rows",
        ),
        pytest.param(
            "name,jurisdiction,level,colour\nA,US-MA,state,red\n",
            [
                (
                    1,
                    "colour",
                    "Unknown column “colour”. Known columns: " + ", ".join(csvio.COLUMNS) + ".",
                )
            ],
            id="unknown column",
        ),
        pytest.param(
            "name,jurisdiction\nA,US-MA\n",
            [(1, "level", "The required column “level” is missing.")],
            id="missing column",
        ),
        pytest.param(
            "name,jurisdiction,level,name\nA,US-MA,state,B\n",
            [(1, "name", "This column appears twice.")],
            id="repeated column",
        ),
        pytest.param(
            "name,jurisdiction,level\nA\x00B,US-MA,state\n",
            [(2, "name", "Contains a control character (U+0000).")],
            id="NUL",
        ),
        pytest.param(
            'name,jurisdiction,level\n"A\nB",US-MA,state\n',
            [(2, "name", "Line breaks are not allowed in this column.")],
            id="line break",
        ),
        pytest.param("", [(None, None, "The file is empty.")], id="empty"),
        pytest.param("\ufeff \n\n", [(None, None, "The file is empty.")], id="blank"),
        pytest.param(
            "name,jurisdiction,level\n",
            [(None, None, "The file has a header but no agencies.")],
            id="header only",
        ),
        pytest.param(
            'name,jurisdiction,level\n"A,US-MA,state\n',
            [(None, None, "The file is not valid CSV: unexpected end of data.")],
            id="unclosed quote",
        ),
    ],
)
def test_each_problem_is_reported_by_row_and_column(text, expected):
    plan = parse(text)

    assert [(p.row, p.column, p.message) for p in plan.problems] == expected
    assert not plan.is_valid


def test_every_problem_of_a_file_is_reported_not_just_the_first():
    found = problems(HEADER + "A,US-XX,galactic,,,bad,\nB,US-MA,state,,,,\n,US-MA,state,,,,\n")

    assert [(row, column) for row, column, _ in found] == [
        (2, "jurisdiction"),
        (2, "level"),
        (2, "email"),
        (4, "name"),
    ]


def test_a_file_that_is_not_utf8_is_refused_clearly():
    raw = "name,jurisdiction,level\nSanta Fé Police,US-MA,state\n".encode("latin-1")

    plan = parse_agencies_csv(raw, CODES)

    assert [str(p) for p in plan.problems] == [
        "file: The file is not UTF-8 text (unreadable byte on line 2). "
        "Save it as “CSV UTF-8” and import it again."
    ]


def test_blank_lines_are_skipped_but_rows_keep_their_numbers():
    plan = parse("name,jurisdiction,level\n\nA,US-MA,state\n,,\nB,US-MA,zz\n")

    assert plan.rows[0].row == 3
    assert [(p.row, p.column) for p in plan.problems] == [(5, "level")]


def test_markup_is_kept_as_text():
    plan = parse("name,jurisdiction,level\n<script>alert(1)</script>,US-MA,state\n")

    assert plan.rows[0].values["name"] == "<script>alert(1)</script>"


def test_problems_read_as_row_and_column():
    assert str(Problem(3, "email", "bad")) == "row 3, column email: bad"
    assert str(Problem(2, None, "bad")) == "row 2: bad"


def test_lengths_come_from_the_model():
    assert csvio.MAX_LENGTHS["name"] == 200
    assert csvio.MAX_LENGTHS["email"] == 254
    assert csvio.MAX_LENGTHS["portal_url"] == 500
    assert csvio.MAX_LENGTHS["notes"] is None


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1 617 555 0100", "'+1 617 555 0100"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=already", "''=already"),
        ("plain", "plain"),
        ("'quoted", "'quoted"),
    ],
)
def test_formula_cells_are_neutralised_and_read_back_unchanged(value, written):
    assert csvio.escape_formula(value) == written
    assert csvio.unescape_formula(written) == value


def test_export_writes_the_header_and_neutralised_cells():
    agency = SimpleNamespace(
        name="=cmd|' /C calc'!A0",
        jurisdiction=SimpleNamespace(code="US-MA"),
        level="state",
        county=None,
        email="",
        portal_url="",
        address="",
        kind="police",
        municipality=None,
        records_officer="",
        phone="+1 555",
        fax="",
        notes="",
    )
    stream = io.StringIO()

    assert csvio.export_agencies_csv([agency], stream) == 1

    lines = stream.getvalue().splitlines()
    assert lines[0] == (
        "name,jurisdiction,level,county,email,portal_url,address,"
        "kind,municipality,records_officer,phone,fax,notes"
    )
    assert lines[1] == "'=cmd|' /C calc'!A0,US-MA,state,,,,,police,,,'+1 555,,"


def test_read_limited_refuses_more_than_the_limit():
    assert csvio.read_limited(io.BytesIO(b"12345"), 5) == b"12345"
    assert csvio.read_limited(io.BytesIO(b"123456"), 5) is None
