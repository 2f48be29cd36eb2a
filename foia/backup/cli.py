"""`flask backup create|restore DIR`."""

from pathlib import Path

import click
from flask import current_app

from foia.backup import operations


def register(app) -> None:
    """Add the `backup` commands to the app."""

    @app.cli.group("backup")
    def backup_cli() -> None:
        """Back up and restore the database and the documents."""

    @backup_cli.command("create")
    @click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
    def create(directory: Path) -> None:
        """Write a consistent backup into DIRECTORY (new or empty)."""
        try:
            manifest = operations.create_backup(
                directory, Path(current_app.config["DOCUMENTS_DIR"])
            )
        except operations.BackupError as exc:
            raise click.ClickException(str(exc)) from exc
        rows = sum(manifest["row_counts"].values())
        click.echo(
            f"Backed up {rows} rows and {len(manifest['documents'])} documents to {directory}."
        )

    @backup_cli.command("restore")
    @click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
    @click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
    def restore(directory: Path, yes: bool) -> None:
        """Replace the database and documents with the backup in DIRECTORY."""
        if not yes:
            click.confirm("This replaces every row and document. Continue?", abort=True)
        try:
            manifest = operations.restore_backup(
                directory, Path(current_app.config["DOCUMENTS_DIR"])
            )
        except operations.BackupError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"Restored the backup of {manifest['created_at']}.")
