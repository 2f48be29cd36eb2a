"""Text and page counts from stored files: PDF text with pypdf, OCR with Tesseract.

PURE of the app: plain paths and values, no Flask, no SQLAlchemy. `foia.documents.operations`
runs `python -m foia.documents.extract PATH TYPE` in a child process with memory and CPU limits,
so a PDF bomb or a decompression bomb costs a child process, never the web server or the
command that runs the queue.
"""

from __future__ import annotations

import json
import shutil
import subprocess  # noqa: S404 - fixed argument lists, no shell
import sys
import tempfile
import warnings
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path

#: Extracted text beyond this is cut (a runaway text layer should not fill the database).
MAX_TEXT_CHARS = 5_000_000
#: Pages sent to OCR at most, per document.
MAX_OCR_PAGES = 200
#: Average characters per page below which a PDF is treated as scanned.
MIN_TEXT_PER_PAGE = 20
#: Seconds Tesseract may spend on one page.
OCR_PAGE_SECONDS = 120
IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/tiff", "image/bmp", "image/webp")


class ExtractionState(StrEnum):
    """Where a document's text extraction stands, as stored in `Document.extraction_state`."""

    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"
    #: Nothing to extract (a type without text, or OCR turned off).
    SKIPPED = "skipped"


#: Where a document's extraction stands, in words for its page (the states are stored codes).
STATE_WORDS = {
    ExtractionState.PENDING: "Not read yet: the next run of text extraction reads it",
    ExtractionState.DONE: "Read",
    ExtractionState.FAILED: "Could not be read",
    ExtractionState.SKIPPED: "Nothing to read: a file without text",
}
#: How the text was read (Extraction.method), in words.
METHOD_WORDS = {
    "plain": "as plain text",
    "pdf-text": "from the PDF's text",
    "ocr": "by OCR from the page images",
}


@dataclass(frozen=True, slots=True)
class Extraction:
    """What extraction found: text, pages, how, and what went wrong ("" when nothing did)."""

    text: str = ""
    page_count: int | None = None
    method: str = ""
    error: str = ""
    state: str = ExtractionState.DONE


def extract(path: Path, media_type: str, *, ocr: bool = True) -> Extraction:
    """Extract the text of the file at `path`, whose content is of `media_type`."""
    if media_type == "application/pdf":
        return _pdf(path, ocr)
    if media_type in IMAGE_TYPES:
        return _image(path, ocr)
    if media_type in ("text/plain", "message/rfc822", "application/mbox"):
        text = path.read_bytes()[: MAX_TEXT_CHARS * 4].decode("utf-8", errors="replace")
        return Extraction(text=text[:MAX_TEXT_CHARS], page_count=None, method="plain")
    return Extraction(
        state=ExtractionState.SKIPPED, error=f"No text is extracted from {media_type} files."
    )


def _pdf(path: Path, ocr: bool) -> Extraction:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return Extraction(
                state=ExtractionState.FAILED, error="The PDF is encrypted with a password."
            )
        pages = len(reader.pages)
        texts, size = [], 0
        for page in reader.pages:
            texts.append(page.extract_text() or "")
            size += len(texts[-1])
            if size > MAX_TEXT_CHARS:
                break
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        return Extraction(
            state=ExtractionState.FAILED, error=f"The PDF could not be read: {_say(exc)}"
        )
    text = "\f".join(texts)[:MAX_TEXT_CHARS]
    if len(text.split()) and len("".join(text.split())) >= MIN_TEXT_PER_PAGE * max(pages, 1) / 2:
        return Extraction(text=text, page_count=pages, method="pdf-text")
    if not ocr:
        return Extraction(text=text, page_count=pages, method="pdf-text")
    return _ocr_pdf(path, pages)


def _ocr_pdf(path: Path, pages: int) -> Extraction:
    missing = _missing_tools("pdftoppm", "tesseract")
    if missing:
        return Extraction(page_count=pages, state=ExtractionState.FAILED, error=missing)
    last = min(pages, MAX_OCR_PAGES)
    texts = []
    with tempfile.TemporaryDirectory(prefix="foia-ocr-") as folder:
        for number in range(1, last + 1):
            prefix = Path(folder) / f"p{number}"
            subprocess.run(  # noqa: S603 - fixed argv (pdftoppm on our temp file), no shell
                [
                    shutil.which("pdftoppm") or "pdftoppm",
                    "-r",
                    "200",
                    "-gray",
                    "-png",
                    "-singlefile",
                    "-f",
                    str(number),
                    "-l",
                    str(number),
                    str(path),
                    str(prefix),
                ],
                check=True,
                capture_output=True,
                timeout=OCR_PAGE_SECONDS,
            )
            texts.append(_tesseract(prefix.with_suffix(".png")))
    note = f" Only the first {last} of {pages} pages were read." if last < pages else ""
    return Extraction(
        text="\f".join(texts)[:MAX_TEXT_CHARS], page_count=pages, method="ocr", error=note.strip()
    )


def _image(path: Path, ocr: bool) -> Extraction:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                frames = getattr(image, "n_frames", 1)
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        return Extraction(
            state=ExtractionState.FAILED, error=f"The image is too large to read safely: {exc}"
        )
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        return Extraction(
            state=ExtractionState.FAILED, error=f"The image could not be read: {_say(exc)}"
        )
    if not ocr:
        return Extraction(
            page_count=frames, state=ExtractionState.SKIPPED, error="OCR is turned off."
        )
    missing = _missing_tools("tesseract")
    if missing:
        return Extraction(page_count=frames, state=ExtractionState.FAILED, error=missing)
    return Extraction(text=_tesseract(path)[:MAX_TEXT_CHARS], page_count=frames, method="ocr")


def _tesseract(image: Path) -> str:
    done = subprocess.run(  # noqa: S603 - fixed argv (tesseract on our temp file), no shell
        [shutil.which("tesseract") or "tesseract", str(image), "stdout", "--psm", "3"],
        check=True,
        capture_output=True,
        timeout=OCR_PAGE_SECONDS,
    )
    return done.stdout.decode("utf-8", errors="replace")


def _missing_tools(*tools: str) -> str:
    absent = [tool for tool in tools if shutil.which(tool) is None]
    if not absent:
        return ""
    return f"OCR needs {', '.join(absent)} (Debian: tesseract-ocr, poppler-utils), not installed."


def _say(exc: BaseException) -> str:
    return (str(exc) or type(exc).__name__)[:300]


def main(argv: list[str]) -> int:
    """Extract one file and print the result as JSON (the child-process entry point)."""
    path, media_type = Path(argv[0]), argv[1]
    ocr = len(argv) < 3 or argv[2] != "--no-ocr"
    try:
        result = extract(path, media_type, ocr=ocr)
    except subprocess.TimeoutExpired:
        result = Extraction(
            state=ExtractionState.FAILED, error="OCR took too long and was stopped."
        )
    except subprocess.CalledProcessError as exc:
        detail = exc.stderr.decode("utf-8", errors="replace")[-300:] if exc.stderr else ""
        result = Extraction(
            state=ExtractionState.FAILED, error=f"{exc.cmd[0]} failed: {detail}".strip()
        )
    except MemoryError:
        result = Extraction(
            state=ExtractionState.FAILED, error="The file needs too much memory to read."
        )
    sys.stdout.write(json.dumps(asdict(result)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
