"""`flask backup create|verify|restore DIR` and `flask backup recover`."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from foia.backup import journal, restore, snapshot, verify
from foia.backup.manifest import BackupError
from foia.extensions import db


def _documents_dir() -> Path:
    return Path(current_app.config["DOCUMENTS_DIR"])


def _say(line: str) -> None:
    click.echo(line)


# An AppGroup, so that each command runs inside the app context.
@click.group("backup", cls=AppGroup)
def backup_cli() -> None:
    """Back up, check and restore the database and the documents."""


@backup_cli.command("create")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def create(directory: Path) -> None:
    """Write a consistent backup into DIRECTORY (new or empty)."""
    try:
        manifest = snapshot.create_backup(directory, _documents_dir(), _say)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    rows = sum(manifest.row_counts.values())
    documents = sum(1 for key in manifest.files if key.startswith("documents/"))
    click.echo(f"Backed up {rows} rows and {documents} documents to {directory}.")


@backup_cli.command("verify")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
def verify_command(directory: Path) -> None:
    """Check the backup in DIRECTORY as a restore would, changing nothing."""
    try:
        report = verify.verify_backup(directory, db.engine.url.get_backend_name())
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    for note in report.notes:
        click.echo(f"Note: {note}")
    pending = journal.read(journal.path_for(_documents_dir()))
    if pending is not None:
        click.echo(
            "Note: an earlier restore was interrupted; `backup restore` finishes it first "
            "(or run `backup recover`)."
        )
    if report.problems:
        for problem in report.problems:
            click.echo(f"- {problem}")
        raise click.ClickException(
            f"the backup of {report.manifest.created_at} failed {len(report.problems)} "
            "check(s) above; a restore would refuse it and change nothing."
        )
    click.echo(_sound(report))


@backup_cli.command("restore")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(directory: Path, yes: bool) -> None:
    """Replace the database and documents with the backup in DIRECTORY, all or nothing."""
    if not yes:
        click.confirm("This replaces every row and document. Continue?", abort=True)
    try:
        manifest = restore.restore_backup(directory, _documents_dir(), _say)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Restored the backup of {manifest.created_at}.")


@backup_cli.command("recover")
def recover_command() -> None:
    """Finish or undo a restore that was interrupted (restore runs this first anyway)."""
    try:
        found = restore.recover_app(_documents_dir(), _say)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    if not found:
        click.echo("No restore was interrupted; nothing to do.")


def _sound(report: verify.Report) -> str:
    listed = report.manifest
    rows = sum(listed.row_counts.values())
    check = (
        "SQLite's integrity check" if listed.backend == "sqlite" else "a full read by pg_restore"
    )
    return (
        f"The backup of {listed.created_at} is sound: {len(listed.files)} files match their "
        f"SHA-256, the database passes {check} and holds the {rows} rows the manifest counts, "
        "and every stored file it refers to is there. A restore would go ahead."
    )
