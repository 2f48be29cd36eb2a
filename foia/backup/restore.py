"""`backup restore` and `backup recover`: all or nothing, with the previous data kept aside.

1. An interrupted earlier restore is finished or undone first (`recover`).
2. The backup is verified (`verify.verify_backup`); if it fails, nothing is changed.
3. Preparing (journal stage `preparing`): the documents are copied into a new directory beside
   the live one, the database into a new SQLite file or a new PostgreSQL database beside the
   live one; each copy is checked again (checksums, integrity, row counts). The live data is
   untouched; on any failure the copies are removed.
4. Swapping (journal stage `swapping`): the live documents directory is renamed to the safety
   copy and the new one into its place; then the database is swapped in one atomic step
   (SQLite: one transaction of the backup API, the live file copied aside first; PostgreSQL:
   one transaction renaming live to safety and new to live). Should the database swap fail,
   the documents are renamed back. Should the process die, `recover` finishes the swap.
5. The previous data stays as the safety copy until the next restore replaces it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL

from foia.backup import journal, verify
from foia.backup.manifest import BackupError, Manifest
from foia.backup.slots import DatabaseSlot, DocumentsSlot, database_slot
from foia.extensions import db

Say = Callable[[str], None]


@dataclass(frozen=True)
class Plan:
    """The live data of this app, the copies beside it, and the journal."""

    documents: DocumentsSlot
    database: DatabaseSlot
    journal: Path

    @classmethod
    def for_app(cls, url: URL, documents_dir: Path) -> Plan:
        """Return the plan for the app's database and documents directory."""
        documents_dir = documents_dir.absolute()
        return cls(
            DocumentsSlot(documents_dir), database_slot(url), journal.path_for(documents_dir)
        )

    def discard(self) -> None:
        """Remove every prepared copy; the live data and safety copies stay."""
        self.documents.discard()
        self.database.discard()

    def swap(self) -> None:
        """Swap the prepared copies in (each step idempotent); forget the replaced safety copy."""
        self.documents.swap()
        self.database.swap()
        self.documents.finish()


def restore_backup(source: Path, documents_dir: Path, say: Say) -> Manifest:
    """Replace the database and documents with the backup in `source`, or change nothing."""
    plan = Plan.for_app(db.engine.url, documents_dir)
    recover(plan, say)
    say(f"Checking the backup in {source}…")
    report = verify.verify_backup(source, db.engine.url.get_backend_name())
    report.raise_for_problems()
    for note in report.notes:
        say(f"Note: {note}")
    # The app's own connections must not hold the live database while it is swapped.
    db.session.remove()
    db.engine.dispose()
    _prepare(plan, source, report.manifest, say)
    _swap(plan, report.manifest, say)
    say(
        f"The data as it was before is kept until the next restore: "
        f"{plan.database.describe()} and {plan.documents.safety}."
    )
    return report.manifest


def recover(plan: Plan, say: Say) -> bool:
    """Finish or undo a restore that was interrupted; return whether there was one."""
    entry = journal.read(plan.journal)
    if entry is None:
        return False
    if entry.stage == journal.PREPARING:
        say(
            f"A restore of the backup of {entry.backup_created_at} was interrupted before it "
            "changed anything: removing what it had prepared."
        )
        plan.discard()
    else:
        say(
            f"A restore of the backup of {entry.backup_created_at} was interrupted while it "
            "swapped in the restored data: finishing it."
        )
        db.session.remove()
        db.engine.dispose()
        plan.swap()
    journal.remove(plan.journal)
    return True


def recover_app(documents_dir: Path, say: Say) -> bool:
    """Finish or undo an interrupted restore of this app's data; return whether there was one."""
    return recover(Plan.for_app(db.engine.url, documents_dir), say)


def _prepare(plan: Plan, source: Path, listed: Manifest, say: Say) -> None:
    plan.journal.parent.mkdir(parents=True, exist_ok=True)
    journal.write(plan.journal, journal.PREPARING, listed.created_at)
    try:
        say("Copying the documents beside the live ones…")
        count = plan.documents.prepare(source, listed)
        say(f"Copied and checked {count} documents. Restoring the database beside the live one…")
        plan.database.prepare(source / listed.database_file, listed)
    except BaseException as exc:
        plan.discard()
        journal.remove(plan.journal)
        if not isinstance(exc, Exception):
            raise  # KeyboardInterrupt and the like go on, after the clean-up
        raise _explained(exc, "the live data was not changed") from exc


def _swap(plan: Plan, listed: Manifest, say: Say) -> None:
    journal.write(plan.journal, journal.SWAPPING, listed.created_at)
    say("Swapping in the restored data…")
    try:
        plan.documents.swap()
        plan.database.swap()
    except Exception as exc:
        _undo(plan, listed.created_at, exc)
        raise _explained(exc, "the live data was put back as it was") from exc
    plan.documents.finish()
    journal.remove(plan.journal)


def _undo(plan: Plan, created_at: str, cause: Exception) -> None:
    # The database swap is atomic and failed, so only the documents moved: put them back,
    # then record that what is left is to be discarded, not finished, should this be cut short.
    try:
        plan.documents.undo()
        journal.write(plan.journal, journal.PREPARING, created_at)
    except Exception as exc:
        raise BackupError(
            f"the restore stopped ({cause}) and putting the documents back failed ({exc}); "
            "run `flask --app wsgi backup recover` to finish the restore"
        ) from exc
    plan.discard()
    journal.remove(plan.journal)


def _explained(exc: Exception, outcome: str) -> BackupError:
    if isinstance(exc, BackupError):
        return BackupError(f"{exc}; {outcome}")
    return BackupError(f"the restore stopped: {exc}; {outcome}")
