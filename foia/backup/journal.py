"""The restore journal: where a restore stands, so that one interrupted at any point is finished.

It lives beside the documents directory (`documents.restore.json`) and is written atomically
(a new file, synced, renamed over the old) before each stage begins:

- `preparing`: the backup is being copied beside the live data; the live data is untouched.
  An interrupted restore is undone: what it prepared is removed.
- `swapping`: the prepared copies are complete and verified and are being swapped in. An
  interrupted restore is finished: each step of the swap can be run again.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from foia.backup.manifest import BackupError, sync_directory

PREPARING = "preparing"
SWAPPING = "swapping"


@dataclass(frozen=True)
class Entry:
    """Where an unfinished restore stands, and which backup it is restoring."""

    stage: str
    backup_created_at: str


def path_for(documents_dir: Path) -> Path:
    """Return the journal's path for the app's documents directory."""
    return documents_dir.with_name(documents_dir.name + ".restore.json")


def write(path: Path, stage: str, backup_created_at: str) -> None:
    """Record durably that the restore has reached `stage`."""
    temporary = path.with_name(path.name + ".partial")
    with temporary.open("w") as handle:
        json.dump({"stage": stage, "backup_created_at": backup_created_at}, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    sync_directory(path.parent)


def read(path: Path) -> Entry | None:
    """Return the unfinished restore, if there is one."""
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise BackupError(f"cannot read the restore journal {path}: {exc}") from exc
    if data.get("stage") not in (PREPARING, SWAPPING):
        raise BackupError(f"the restore journal {path} names an unknown stage")
    return Entry(data["stage"], str(data.get("backup_created_at", "")))


def remove(path: Path) -> None:
    """Forget the restore: it is finished or undone."""
    path.unlink(missing_ok=True)
    sync_directory(path.parent)


def refuse_if_pending(documents_dir: Path) -> None:
    """Raise BackupError when a restore was interrupted and not yet finished or undone."""
    entry = read(path_for(documents_dir))
    if entry is not None:
        raise BackupError(
            f"a restore of the backup of {entry.backup_created_at} was interrupted; "
            "run `flask --app wsgi backup recover` first"
        )
