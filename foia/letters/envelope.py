"""Where a letter's addresses must sit to show through a US #10 double-window envelope. PURE.

A US Letter sheet (8.5 x 11 in) folded in thirds shows its top third (0 to 11/3 in) through
the envelope's face. The common #10 double-window envelope (4 1/8 x 9 1/2 in) has a return
window at the top left and the recipient's window below it; the recipient window's industry
standard is 1 1/8 x 4 1/2 in at 7/8 in from the envelope's left edge and 1/2 in from its bottom
(businessenvelopes.com, "Window envelopes: the complete guide", which QuickBooks, Word mail
merge and most billing software follow), and USPS wants 1/8 in of clearance between the address
and every edge of the window. Measured on the sheet, with the play a folded letter has in the
envelope taken off, that gives the windows below; static/css/letter.css places the blocks
inside them with the 1/8 in clearance, and tests/letters/test_envelope.py reads the text
positions back from a rendered PDF.
"""

from __future__ import annotations

from dataclasses import dataclass

#: US Letter, in inches.
PAGE_WIDTH, PAGE_HEIGHT = 8.5, 11.0
#: The panel of a sheet folded in thirds that faces the envelope's windows.
TOP_THIRD = PAGE_HEIGHT / 3


@dataclass(frozen=True, slots=True)
class Window:
    """A window, measured on the unfolded sheet from its top-left corner, in inches."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        """Return the window's right edge."""
        return self.left + self.width

    @property
    def bottom(self) -> float:
        """Return the window's bottom edge."""
        return self.top + self.height

    def holds(self, x: float, y: float) -> bool:
        """Return whether the point (inches from the sheet's top-left corner) shows through."""
        return self.left <= x <= self.right and self.top <= y <= self.bottom


#: The return address: 1/2 in from the left and the top, 3 1/2 x 1 in.
RETURN_WINDOW = Window(left=0.5, top=0.5, width=3.5, height=1.0)
#: The agency's address: 7/8 in from the left, 2 in from the top, 4 x 1 1/4 in.
RECIPIENT_WINDOW = Window(left=0.875, top=2.0, width=4.0, height=1.25)
#: USPS clearance between the address text and each edge of its window.
CLEARANCE = 0.125


def has_postal_address(address: str | None) -> bool:
    """Return whether an agency has a postal address on file to print in the window."""
    return bool((address or "").strip())
