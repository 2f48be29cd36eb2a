"""Print PDFs put the return address and the agency's address where a US #10 double-window
envelope shows them: the text positions are read back from the rendered PDF (issue #16 §2)."""

import io
from datetime import date

import pypdf
import pytest
from sqlalchemy import select

from foia.agencies.models import Agency
from foia.auth.models import User
from foia.extensions import db
from foia.letters.compose import compose_letter, requester_for
from foia.letters.envelope import (
    CLEARANCE,
    PAGE_HEIGHT,
    RECIPIENT_WINDOW,
    RETURN_WINDOW,
    TOP_THIRD,
    Window,
)
from foia.letters.models import RequestTemplate
from foia.letters.pdf import html_to_pdf, merge_pdfs
from tests.support.letters import set_up_organisation

POINTS = 72.0


def first_page_lines(content: bytes, index: int = 0) -> list[tuple[str, float, float, float]]:
    """Return (text, left, baseline, top) of each text run on a page: inches from the top left."""
    page = pypdf.PdfReader(io.BytesIO(content)).pages[index]
    found = []

    def visit(text, cm, tm, font, size):
        if not text.strip():
            return
        # The text matrix is applied inside the current transformation matrix.
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        height = size * abs(tm[3] * cm[3] or 1)
        baseline = PAGE_HEIGHT - y / POINTS
        found.append((text.strip(), x / POINTS, baseline, baseline - height / POINTS))

    page.extract_text(visitor_text=visit)
    return found


def _where(lines, text: str) -> tuple[float, float, float]:
    for found, left, baseline, top in lines:
        if found == text:
            return left, baseline, top
    raise AssertionError(f"{text!r} is not on page 1: {[line[0] for line in lines]}")


#: Rounding in the PDF's coordinates, in inches (under a point).
SLACK = 0.01


def _inside(window: Window, left: float, baseline: float, top: float) -> bool:
    # The text's left edge, its top and its baseline keep the USPS 1/8 in from the window's edges.
    return (
        window.left + CLEARANCE - SLACK <= left <= window.right - CLEARANCE
        and window.top + CLEARANCE - SLACK <= top
        and baseline <= window.bottom - CLEARANCE
    )


@pytest.fixture
def letter_pdf(app, runner) -> bytes:
    assert runner.invoke(args=["seed"]).exit_code == 0
    set_up_organisation()
    agency = db.session.scalar(select(Agency).filter_by(name="Boston Police Department"))
    agency.address = "Records Access Unit\n1 Schroeder Plaza\nBoston, MA 02120"
    agency.records_officer = "Sgt. Jane Roe"
    db.session.commit()
    template = db.session.scalar(select(RequestTemplate).filter_by(slug="use-and-policy"))
    signer = db.session.scalar(select(User))
    letter = compose_letter(template, agency, date(2026, 12, 3), requester=requester_for(signer))
    return html_to_pdf(letter.html).content


def test_both_addresses_show_through_the_windows_of_a_folded_letter(letter_pdf):
    lines = first_page_lines(letter_pdf)
    for text in ("Digital Rights Clinic", "12 Court Street", "Boston, MA 02108"):
        where = _where(lines, text)
        assert _inside(RETURN_WINDOW, *where), (text, where, RETURN_WINDOW)
        assert where[1] < TOP_THIRD
    for text in (
        "Sgt. Jane Roe",
        "Boston Police Department",
        "Records Access Unit",
        "1 Schroeder Plaza",
        "Boston, MA 02120",
    ):
        where = _where(lines, text)
        assert _inside(RECIPIENT_WINDOW, *where), (text, where, RECIPIENT_WINDOW)
        assert where[1] < TOP_THIRD


def test_nothing_else_shows_through_the_windows(letter_pdf):
    expected = {
        "Digital Rights Clinic",
        "12 Court Street",
        "Boston, MA 02108",
        "Sgt. Jane Roe",
        "Boston Police Department",
        "Records Access Unit",
        "1 Schroeder Plaza",
        "Boston, MA 02120",
    }
    for text, left, baseline, top in first_page_lines(letter_pdf):
        for window in (RETURN_WINDOW, RECIPIENT_WINDOW):
            if window.holds(left, baseline) or window.holds(left, top):
                assert text in expected, (text, window)


def test_every_letter_of_the_print_pdf_starts_with_its_addresses_in_the_windows(letter_pdf):
    pages = len(pypdf.PdfReader(io.BytesIO(letter_pdf)).pages)
    merged = merge_pdfs([letter_pdf, letter_pdf]).content
    # Duplex: a letter of an odd number of pages is followed by a blank one.
    second = pages + pages % 2
    for index in (0, second):
        lines = first_page_lines(merged, index)
        assert _inside(RETURN_WINDOW, *_where(lines, "12 Court Street"))
        assert _inside(RECIPIENT_WINDOW, *_where(lines, "1 Schroeder Plaza"))
