"""Audit actions are one vocabulary, `foia.audit.Action`, and the stored values did not change."""

import ast
import re
from pathlib import Path

from foia.audit import Action, AuditEvent
from foia.auth import operations as accounts
from foia.extensions import db
from tests.support.factories import create_user

FOIA = Path(__file__).resolve().parents[2] / "foia"
VALUES = {action.value for action in Action}


def _first_arguments() -> list[tuple[str, ast.expr]]:
    """Return (where, expression) for the action of every audit.record(...) call in foia/."""
    found = []
    for path in sorted(FOIA.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "record"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "audit"
            ):
                found.append((f"{path.relative_to(FOIA.parent)}:{node.lineno}", node.args[0]))
    return found


def _inserted_actions() -> list[tuple[str, str]]:
    """Return the "action" of every row written by a bulk insert (a dict literal) in foia/."""
    found = []
    for path in sorted(FOIA.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    if (
                        isinstance(key, ast.Constant)
                        and key.value == "action"
                        and isinstance(value, ast.Constant)
                    ):
                        found.append(
                            (f"{path.relative_to(FOIA.parent)}:{node.lineno}", value.value)
                        )
    return found


def _possible_values(expression: ast.expr) -> list[str] | None:
    """Return the strings an action expression can be, a regex for an f-string, None if unknown."""
    if isinstance(expression, ast.Constant) and isinstance(expression.value, str):
        return [expression.value]
    if isinstance(expression, ast.IfExp):
        body, orelse = _possible_values(expression.body), _possible_values(expression.orelse)
        return None if body is None or orelse is None else body + orelse
    if isinstance(expression, ast.Attribute) and expression.attr in Action.__members__:
        return [Action[expression.attr].value]
    return None


def test_every_action_written_is_in_the_vocabulary():
    unknown = []
    for where, expression in _first_arguments():
        if isinstance(expression, ast.JoinedStr):
            # f"user.{verb}": each value it can take is checked by a test that writes it.
            pattern = "".join(
                re.escape(part.value) if isinstance(part, ast.Constant) else ".+"
                for part in expression.values
            )
            if not any(re.fullmatch(pattern, value) for value in VALUES):
                unknown.append(f"{where}: {ast.unparse(expression)}")
            continue
        values = _possible_values(expression)
        if values is None or not set(values) <= VALUES:
            unknown.append(f"{where}: {ast.unparse(expression)}")
    unknown += [f"{where}: {value}" for where, value in _inserted_actions() if value not in VALUES]
    assert unknown == [], "add these actions to foia.audit.Action:\n" + "\n".join(unknown)
    assert len(_first_arguments()) >= 40  # the scan found the calls


def test_deactivating_and_reactivating_write_actions_of_the_vocabulary(app):
    admin, person = create_user("admin"), create_user("volunteer")
    accounts.set_enabled(person, False, actor=admin)
    accounts.set_enabled(person, True, actor=admin)
    db.session.commit()
    written = db.session.scalars(db.select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert written == [Action.USER_DEACTIVATED, Action.USER_REACTIVATED]
    assert all(isinstance(value, str) and value in VALUES for value in written)


def test_the_stored_values_are_the_dotted_verbs_of_before():
    assert Action.REQUEST_FILED == "request.filed"
    assert Action.DEADLINE_MOVED.value == "deadline.moved"
    assert len(VALUES) == len(Action)  # no two names share a stored value


def test_each_action_reads_as_words():
    assert Action.REQUEST_EVENT_ADDED.label == "Request: event added"
    assert Action.NOTE_PRIVILEGED_READ.label == "Note: privileged read"
    assert all(":" in action.label and "_" not in action.label for action in Action)
