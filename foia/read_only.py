"""A request that only read ends its transaction with COMMIT, so PostgreSQL keeps its plans.

psycopg prepares a statement on the server once a connection has run it five times, and then
PostgreSQL plans it once instead of on every run. But psycopg forgets every prepared statement
at each ROLLBACK (it cannot tell what a rolled-back transaction dropped), and the session ends
every request with one, so nothing was ever prepared. The request page's statement took 5.5-7 ms
planned afresh and 1.1 ms prepared (PostgreSQL, bench data, 2026-12-03; bench/RESULTS.md, "Pages
under load, again").

For a transaction whose every statement was a SELECT, COMMIT and ROLLBACK leave the database the
same. So after a request without an error, with no unflushed change in the session, whose
connection sent only SELECTs since it began, the session commits; anything else ends as before.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Engine

from foia.extensions import db

#: Connection.info key: a statement other than a SELECT was sent in this transaction.
WROTE = "foia_wrote"
#: Session.info key: the connections the session's transaction holds.
CONNECTIONS = "foia_connections"


def watch() -> None:
    """Note every session transaction's connections and every statement that may write."""
    if not event.contains(Engine, "before_cursor_execute", _note_statement):
        event.listen(Engine, "before_cursor_execute", _note_statement)
        event.listen(db.session, "after_begin", _note_begin)
        event.listen(db.session, "after_transaction_end", _forget_connections)


def _note_statement(conn, _cursor, statement: str, *_args) -> None:
    if statement.lstrip()[:6].upper() != "SELECT":
        conn.info[WROTE] = True


def _note_begin(session, _transaction, connection) -> None:
    connection.info[WROTE] = False
    session.info.setdefault(CONNECTIONS, []).append(connection)


def _forget_connections(session, transaction) -> None:
    if transaction.parent is None:  # the session's own transaction, not a savepoint
        session.info.pop(CONNECTIONS, None)


def commit_if_read_only(error: BaseException | None) -> None:
    """Teardown: commit the request's transaction when it only read (see the module's doc)."""
    session = db.session()
    connections = session.info.get(CONNECTIONS, [])
    if error is not None or not connections or not session.in_transaction():
        return
    if session.new or session.dirty or session.deleted:
        return
    if any(connection.info.get(WROTE, True) for connection in connections):
        return
    session.commit()
