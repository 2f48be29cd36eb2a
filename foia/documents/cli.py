"""`flask documents extract`: extract text and page counts outside the web request."""

import click
from flask import current_app

from foia import clock, jobs
from foia.documents import operations
from foia.documents.extract import ExtractionState
from foia.documents.kinds import EXTRACT_JOB
from foia.documents.storage import store_for
from foia.extensions import db
from foia.findings import operations as findings


@click.group("documents")
def documents_cli() -> None:
    """Stored documents."""


@documents_cli.command("extract")
@click.option("--limit", default=100, show_default=True, help="Documents per run.")
@click.option("--retry-failed", is_flag=True, help="Try failed documents again.")
@click.option("--no-ocr", is_flag=True, help="Skip OCR (PDF text layers only).")
def extract_command(limit: int, retry_failed: bool, no_ocr: bool) -> None:
    """Extract text from waiting documents, committing after each one."""
    store = store_for(current_app.config)

    def work() -> jobs.Outcome:
        done = failed = 0
        for document in operations.pending_documents(limit, retry_failed=retry_failed):
            # Claim-and-work per item: a crash leaves the rest pending for the next run.
            operations.extract_document(document, store, ocr=not no_ocr)
            findings.suggest_for_document(document.id)  # read at once for candidate findings
            db.session.commit()
            if document.extraction_state == ExtractionState.FAILED:
                failed += 1
                click.echo(f"document {document.id}: {document.extraction_error}", err=True)
            else:
                done += 1
        # A document that could not be read says so on its own page; the run itself worked.
        return jobs.Outcome(f"Extracted {done} document(s); {failed} failed.")

    # Recorded as a job run, so the status page shows when extraction last ran (or stopped).
    click.echo(jobs.run_job(EXTRACT_JOB, clock.today(), work).summary)
