"""Real files and filed requests for the responses, documents, inbound and search tests."""

from __future__ import annotations

import io
import zlib
from datetime import UTC, date, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from foia.extensions import db
from tests.support.factories import create_agency, create_jurisdiction

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
CATEGORIES = (
    ("use-policies", 1, "Use policies and procedures"),
    ("contracts", 2, "Contracts, licenses and agreements"),
    ("audit-logs", 6, "Audit logs and user accounts"),
)


def create_categories() -> list[str]:
    """Create the three record categories the tests code, and return their slugs."""
    from foia.letters.models import RecordCategory

    for slug, number, name in CATEGORIES:
        if db.session.scalar(db.select(RecordCategory).filter_by(slug=slug)) is None:
            db.session.add(RecordCategory(slug=slug, number=number, name=name, wording=name))
    db.session.commit()
    return [slug for slug, _, _ in CATEGORIES]


def filed_request(
    filed_on: date,
    *,
    agency=None,
    title: str = "Face recognition records",
    campaign=None,
    categories: list[str] | None = None,
):
    """Create a request to a Massachusetts town police department, filed on `filed_on`."""
    from foia.requests import operations

    agency = agency or create_agency()
    records_request = operations.create_request(agency, title, owner=None, actor=None)
    records_request.category_slugs = categories if categories is not None else create_categories()
    records_request.campaign = campaign
    operations.add_event(records_request, "filed", filed_on, today=filed_on, actor=None)
    db.session.commit()
    return records_request


def federal_agency():
    """Create a federal agency (federal FOIA pauses the clock for a fee estimate)."""
    us = create_jurisdiction("US", "United States", "federal")
    return create_agency("Federal Bureau of Investigation", us, "federal", None, kind="other")


def recent_monday(today: date, weeks_back: int = 3) -> date:
    """Return a Monday some weeks before `today` (clear of most holidays for our checks)."""
    start = today - timedelta(weeks=weeks_back)
    return start - timedelta(days=start.weekday())


def text_pdf(text: str, pages: int = 1) -> bytes:
    """Render a real PDF with a text layer through WeasyPrint."""
    from foia.letters.pdf import html_to_pdf

    body = "".join(
        f'<section style="break-after: page"><p>{text} (page {n})</p></section>'
        for n in range(1, pages + 1)
    )
    return html_to_pdf(f"<!doctype html><html><body>{body}</body></html>").content


def scanned_image(text: str, size=(1400, 400), fmt: str = "PNG") -> bytes:
    """Draw black text on a white page, as a scanner would give it."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 56)
    y = 40
    for line in text.split("\n"):
        draw.text((40, y), line, fill=0, font=font)
        y += 80
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def scanned_pdf(text: str) -> bytes:
    """Return a PDF that is only an image of text (no text layer): OCR must read it."""
    from PIL import Image

    image = Image.open(io.BytesIO(scanned_image(text)))
    out = io.BytesIO()
    image.save(out, "PDF", resolution=150)
    return out.getvalue()


def huge_png_header(width: int = 30_000, height: int = 30_000) -> bytes:
    """Return a tiny PNG whose header claims a huge image (a decompression bomb's shape)."""
    import struct

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" + b"\xff" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def pdf_bomb(decompressed_mb: int = 600) -> bytes:
    """Return a PDF whose one content stream inflates to hundreds of megabytes."""
    stream = zlib.compress(b"0 0 m " * (decompressed_mb * 1024 * 1024 // 6), 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def zip_bomb() -> bytes:
    """Return a small ZIP holding a file that inflates to 1 GB of zeros."""
    import zipfile

    out = io.BytesIO()
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("zeros.bin", "w", force_zip64=True) as handle,
    ):
        block = b"\x00" * (1024 * 1024)
        for _ in range(1024):
            handle.write(block)
    return out.getvalue()


def email_bytes(
    subject: str,
    body: str = "Please find the records attached.",
    *,
    sender: str = "records@springfieldpolice.gov",
    to: str = "foia@example.org",
    attachments: list[tuple[str, bytes, str]] = (),
    message_id: str | None = None,
    in_reply_to: str | None = None,
    sent: date = date(2026, 11, 20),
) -> bytes:
    """Build a real .eml with attachments."""
    from datetime import datetime

    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime(sent.year, sent.month, sent.day, 15, 30, tzinfo=UTC))
    message["Message-ID"] = message_id or make_msgid(domain="springfieldpolice.gov")
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    message.set_content(body)
    for name, data, media_type in attachments:
        main, sub = media_type.split("/")
        message.add_attachment(data, maintype=main, subtype=sub, filename=name)
    return bytes(message)
