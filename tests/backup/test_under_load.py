"""`backup create` while people upload files and edit a ledger gives a backup of one moment.

A writer thread uploads a file and adds or removes an acknowledgement, committing both at once,
as fast as it can, before, during and after `backup create`. The backup must pass `verify`
(its row counts are those of its own snapshot, not of the live database a moment later) and
restore to one moment of the writer: uploads and ledger from the same iteration, every
document a row refers to present and intact.
"""

import threading
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from foia.documents.models import Attachment, Document
from foia.documents.storage import store_for
from foia.extensions import db
from foia.requests import operations as requests
from foia.requests.models import ClockEvent, RecordsRequest
from tests.backup.helpers import add_data, document_hashes, leftovers, upload

TODAY = date(2026, 11, 4)
#: Enough stored files that copying them takes a while, with the writer still going.
BULK_FILES = 300


class Writer(threading.Thread):
    """Upload a file and flip the acknowledgement, one commit per iteration, until stopped."""

    def __init__(self, app, request_id: int) -> None:
        super().__init__(daemon=True)
        self.app, self.request_id = app, request_id
        self.committed = 0
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        with self.app.app_context():
            try:
                while not self.stop.is_set():
                    self._iteration(self.committed + 1)
                    self.committed += 1
            except BaseException as exc:  # noqa: BLE001 - reported by the test
                self.error = exc
            finally:
                db.session.remove()

    def _iteration(self, n: int) -> None:
        records_request = db.session.get(RecordsRequest, self.request_id)
        upload(self.app, records_request, f"%PDF-1.7 upload {n} ".encode() * 40, f"up-{n}.pdf")
        acknowledged = [e for e in records_request.events if e.kind == "acknowledged"]
        if acknowledged:
            requests.remove_event(acknowledged[0], reason="load", today=TODAY, actor=None)
        else:
            requests.add_event(
                records_request, "acknowledged", date(2026, 11, 3), today=TODAY, actor=None
            )
        db.session.commit()

    def wait_for(self, count: int) -> None:
        """Wait until `count` iterations have been committed."""
        deadline = time.monotonic() + 60
        while self.committed < count and self.error is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert self.error is None, self.error
        assert self.committed >= count, "the writer stalled"


@pytest.mark.slow
def test_a_backup_taken_during_uploads_and_ledger_edits_restores_one_moment(app, runner, tmp_path):
    store = store_for(app.config)
    for n in range(BULK_FILES):
        store.put(f"%PDF-1.7 archived page {n} ".encode() * 1000)
    request_id = add_data(app, "Cambridge", files=1).id  # one upload, acknowledged
    db.session.remove()

    writer = Writer(app, request_id)
    writer.start()
    try:
        writer.wait_for(3)
        before = writer.committed
        result = runner.invoke(args=["backup", "create", str(tmp_path / "b")])
        during = writer.committed - before
        writer.wait_for(writer.committed + 3)
    finally:
        writer.stop.set()
        writer.join(30)
    assert writer.error is None, writer.error
    assert result.exit_code == 0, result.output
    assert during >= 2, "the writer must have committed while the backup ran"

    result = runner.invoke(args=["backup", "verify", str(tmp_path / "b")])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["backup", "restore", "--yes", str(tmp_path / "b")])
    assert result.exit_code == 0, result.output

    db.session.remove()
    uploads = db.session.scalar(
        select(func.count()).select_from(Attachment).filter_by(request_id=request_id)
    )
    iterations = uploads - 1
    assert before <= iterations <= before + during, "the backup is of a moment during its run"
    acknowledged = db.session.scalar(
        select(func.count())
        .select_from(ClockEvent)
        .filter_by(request_id=request_id, kind="acknowledged")
        .where(ClockEvent.active())  # a removed event is kept, struck through
    )
    # Every iteration flips the acknowledgement with its upload: one moment has both or neither.
    assert acknowledged == (1 if iterations % 2 == 0 else 0)
    live = Path(app.config["DOCUMENTS_DIR"])
    restored = document_hashes(live)
    for sha256 in db.session.scalars(select(Document.sha256)):
        assert restored[str(store.path(sha256).relative_to(live))] == sha256
    assert restored == document_hashes(tmp_path / "b" / "documents")
    assert leftovers(app) == []
