"""Count or collect the SQL statements a block of test code sends."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from foia.extensions import db


@contextmanager
def statements_sent() -> Iterator[list[str]]:
    """Yield a list that fills with the SQL of every statement sent inside the block."""
    seen: list[str] = []

    def listen(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)
