"""Turn a letter's HTML into PDF bytes. The ONLY module that imports WeasyPrint.

The HTML contains text that lawyers typed, so the renderer fetches nothing: no files from the
server's disk, no remote URLs. The print stylesheet is read here and handed over as a string.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

STYLESHEET = Path(__file__).resolve().parents[2] / "static" / "css" / "letter.css"


class FetchRefused(ValueError):
    """The letter referred to a resource outside the document; letters fetch nothing."""


@cache
def _weasyprint():
    """Return WeasyPrint and a URL fetcher that refuses every URL except inline `data:` ones.

    Imported when the first PDF is made, not at start-up: the import was 0.6 s of the 2.0 s it
    took to import the app (python -X importtime, quiet machine, 2 Dec 2026; 1.3 s without it),
    and the commands cron runs most (inbox fetch, reminders send) make no PDF.
    """
    import weasyprint
    from weasyprint.urls import URLFetcher

    class RefusingFetcher(URLFetcher):
        def fetch(self, url: str, headers=None):
            """Refuse `file:`, `http(s):` and every other scheme; allow `data:` images only."""
            if url.strip().lower().startswith("data:"):
                return super().fetch(url, headers)
            raise FetchRefused(f"letters may not load external resources: {url[:80]}")

    return weasyprint, RefusingFetcher


@dataclass(frozen=True, slots=True)
class RenderedPdf:
    """A rendered letter: the PDF bytes and their SHA-256, to store with the request as sent."""

    content: bytes
    sha256: str


@cache
def _stylesheet_text() -> str:
    return STYLESHEET.read_text("utf-8")


def refusing_fetcher():
    """Return a WeasyPrint URL fetcher that refuses every URL except inline `data:` ones."""
    return _weasyprint()[1]()


def html_to_pdf(html: str) -> RenderedPdf:
    """Render a complete HTML letter to PDF with the letter stylesheet."""
    weasyprint = _weasyprint()[0]
    fetcher = refusing_fetcher()
    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=fetcher)
    css = weasyprint.CSS(string=_stylesheet_text(), url_fetcher=fetcher)
    content = document.write_pdf(stylesheets=[css])
    return RenderedPdf(content, hashlib.sha256(content).hexdigest())


def merge_pdfs(documents: list[bytes], *, duplex: bool = True) -> RenderedPdf:
    """Join stored letters into one print-ready PDF, in order, each starting on a new sheet.

    The letters are the PDFs exactly as stored, so each keeps its address block where the
    window envelope expects it; with `duplex`, a blank page follows any letter with an odd
    page count, so that no sheet carries the end of one letter and the start of the next.
    """
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for content in documents:
        reader = PdfReader(io.BytesIO(content))
        for page in reader.pages:
            writer.add_page(page)
        if duplex and len(reader.pages) % 2:
            last = reader.pages[-1].mediabox
            writer.add_blank_page(width=float(last.width), height=float(last.height))
    buffer = io.BytesIO()
    writer.write(buffer)
    content = buffer.getvalue()
    return RenderedPdf(content, hashlib.sha256(content).hexdigest())
