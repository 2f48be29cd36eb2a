"""Benchmark: the request page with 200 communications and 1,000 documents; OCR per page.

Builds a scratch SQLite database under bench/out/ by running the migrations, one Massachusetts
request with 200 communications (100 in, 100 out), 1,000 attached documents (each with ~20 KB
of extracted text, which the page must not load), 3 coded categories, fees and notes; times
GET /requests/<id> through the Flask test client (the whole WSGI stack) as a volunteer, after
warm-ups. Then OCRs a scanned PDF of PAGES pages through the real extraction child process.

Usage: python bench/bench_request_page.py [--runs 50] [--ocr-pages 5] [--db sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import io
import random
import time
from datetime import date, timedelta

from _common import (
    OUT,
    build_app,
    counting_statements,
    fresh_database,
    markdown_table,
    percentile,
    pg_drop,
    signed_in_client,
    verdict,
)
from flask_migrate import upgrade
from sqlalchemy import insert

from foia.agencies.models import Agency
from foia.auth.models import User
from foia.documents import operations as documents
from foia.documents.models import Attachment, Document
from foia.documents.storage import store_for
from foia.extensions import db
from foia.jurisdictions.models import Jurisdiction
from foia.requests import operations as requests
from foia.requests.models import Communication
from foia.responses import operations

TARGET_MS = 100.0
FILED_ON = date(2026, 9, 1)


def populate(messages: int, files: int) -> int:
    rng = random.Random(7)
    state = Jurisdiction(code="US-MA", name="Massachusetts", level="state")
    agency = Agency(
        name="Springfield Police Department",
        jurisdiction=state,
        level="municipal",
        county="Hampden",
    )
    db.session.add_all([state, agency])
    db.session.flush()
    records_request = requests.create_request(agency, "Face recognition", owner=None, actor=None)
    records_request.category_slugs = ["use-policies", "contracts", "audit-logs"]
    requests.add_event(records_request, "filed", FILED_ON, today=FILED_ON, actor=None)
    db.session.commit()
    for n in range(messages):
        db.session.add(
            Communication(
                records_request=records_request,
                direction="in" if n % 2 else "out",
                channel=rng.choice(["email", "mail", "portal"]),
                occurred_on=FILED_ON + timedelta(days=n // 4),
                subject=f"Message {n}",
                sender="rao@springfield.gov",
                recipient="foia@example.org",
                body=" ".join(
                    rng.choice(["records", "policy", "clearview", "search"]) for _ in range(200)
                ),
                tracking=f"<m{n}@springfield.gov>",
            )
        )
    db.session.commit()
    ids = [c.id for c in records_request.communications]
    text = " ".join(["redacted records of face recognition searches"] * 400)
    db.session.execute(
        insert(Document.__table__),
        [
            {
                "sha256": f"{n:064x}",
                "size": 100_000 + n,
                "media_type": "application/pdf",
                "page_count": 3,
                "text": text,
                "text_method": "pdf-text",
                "extraction_state": "done",
                "extraction_error": "",
                "created_at": documents.utcnow(),
                "updated_at": documents.utcnow(),
            }
            for n in range(files)
        ],
    )
    db.session.commit()
    doc_ids = db.session.scalars(db.select(Document.id).order_by(Document.id)).all()
    for n, doc_id in enumerate(doc_ids):
        db.session.add(
            Attachment(
                document_id=doc_id,
                request_id=records_request.id,
                communication_id=ids[n % len(ids)],
                filename=f"release-{n:04d}.pdf",
            )
        )
    db.session.commit()
    operations.code_outcomes(records_request, {"contracts": ("withheld", "26f", "")}, actor=None)
    operations.add_note(records_request, "Call the clerk", is_privileged=False, actor=None)
    db.session.commit()
    return records_request.id


def time_page(app, request_id: int, runs: int) -> tuple[float, float, int, float]:
    user = User(email="v@example.org", role="volunteer", name="V", password_hash="x")
    db.session.add(user)
    db.session.commit()
    client = signed_in_client(app, user)
    for _ in range(3):
        client.get(f"/requests/{request_id}")
    timings, size = [], 0
    with counting_statements(db.engine) as counter:
        for _ in range(runs):
            t0 = time.perf_counter()
            response = client.get(f"/requests/{request_id}")
            timings.append((time.perf_counter() - t0) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"the request page answered {response.status_code}")
            size = len(response.data)
    timings.sort()
    return percentile(timings, 0.5), percentile(timings, 0.95), size, counter.count / runs


def ocr_per_page(app, pages: int) -> float:
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 28)
    images = []
    for number in range(pages):
        image = Image.new("L", (1700, 2200), 255)
        draw = ImageDraw.Draw(image)
        for line in range(40):
            draw.text(
                (100, 100 + line * 50),
                f"Page {number} line {line}: face recognition "
                "search log entry, probe image, gallery, result",
                fill=0,
                font=font,
            )
        images.append(image)
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=200, save_all=True, append_images=images[1:])
    store = store_for(app.config)
    document = documents.store_document(store, out.getvalue())
    db.session.commit()
    t0 = time.perf_counter()
    documents.extract_document(document, store)
    elapsed = time.perf_counter() - t0
    if document.text_method != "ocr":
        raise SystemExit(f"OCR did not run: {document.extraction_error}")
    return elapsed / pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--ocr-pages", type=int, default=5)
    parser.add_argument("--db", default="sqlite", choices=("sqlite", "postgresql"))
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    url = fresh_database(args.db, "bench_request_page")
    app = build_app(url, DOCUMENTS_DIR=str(OUT / "request_page_documents"))
    with app.app_context():
        upgrade()
        request_id = populate(args.messages, args.files)
        p50, p95, size, statements = time_page(app, request_id, args.runs)
        per_page = ocr_per_page(app, args.ocr_pages) if args.ocr_pages else None
        db.session.remove()
        db.engine.dispose()
    if args.db == "postgresql":
        pg_drop(url)
    print("\n### Request page\n")
    print(
        markdown_table(
            [
                "db",
                "communications",
                "documents",
                "runs",
                "SQL statements",
                "p50 ms",
                "p95 ms",
                "HTML KB",
                "target ms",
                "met",
            ],
            [
                [
                    args.db,
                    args.messages,
                    args.files,
                    args.runs,
                    f"{statements:.0f}",
                    f"{p50:.1f}",
                    f"{p95:.1f}",
                    f"{size / 1024:.0f}",
                    f"{TARGET_MS:.0f}",
                    verdict(p95, TARGET_MS),
                ]
            ],
        )
    )
    if per_page is not None:
        print("\n### OCR throughput (pdftoppm 200 dpi, tesseract, one child process)\n")
        print(
            markdown_table(
                ["pages", "seconds per page", "pages per minute"],
                [[args.ocr_pages, f"{per_page:.2f}", f"{60 / per_page:.1f}"]],
            )
        )


if __name__ == "__main__":
    main()
