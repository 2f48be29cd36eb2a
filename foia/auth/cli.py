"""`flask users ...`: manage accounts from the shell."""

import sys

import click
from flask.cli import AppGroup

from foia.auth import operations
from foia.auth.models import Role
from foia.extensions import db

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("create")
@click.option("--email", required=True, help="The person's email address.")
# Plain strings: click would match Enum choices by their member names, not their values.
@click.option(
    "--role", required=True, type=click.Choice([r.value for r in Role]), help="Their role."
)
@click.option("--name", default="", help="Display name.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create(email: str, role: str, name: str, password_stdin: bool) -> None:
    """Create a user, asking for the password (or reading it from stdin)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = operations.create_user(email, role, name=name, password=password)
    except operations.AccountError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Created {user.email} ({user.role}).")


@users_cli.command("reset-two-factor")
@click.argument("email")
def reset_two_factor(email: str) -> None:
    """Turn off two-factor sign-in for someone who lost both their phone and recovery codes."""
    from foia.auth import twofactor

    user = operations.find_user(email)
    if user is None:
        raise click.ClickException(f"There is no account for {email}.")
    if not user.has_two_factor:
        click.echo(f"Two-factor sign-in is already off for {user.email}.")
        return
    twofactor.turn_off(user, actor=None)
    db.session.commit()
    click.echo(f"Two-factor sign-in is off for {user.email}; they can set it up again.")
