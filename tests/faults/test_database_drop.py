"""PostgreSQL drops the app's connection (pg_terminate_backend from another connection).

In the middle of a web request: the styled 503 page, never an empty 500, and the next request
works. In the middle of a cron job: one line saying so, exit status 1, and the next run completes
with every recipient given exactly one copy.
"""

import uuid
from datetime import date, timedelta

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, event, select, text, update

from foia import clock, mail
from foia.extensions import db
from foia.jobs import JobRun
from foia.mail import OutboundEmail
from tests.support.app import PG_MAINTENANCE_URL, make_app, unavailable
from tests.support.factories import create_user, login_as
from tests.support.html import page
from tests.support.processes import environment, run
from tests.support.reminders import make_request
from tests.support.smtp_faults import FaultyServer, FaultySink

pytestmark = pytest.mark.postgres_only

TODAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def admin_engine():
    """An autocommit connection to the server, as the one that kills the app's connections."""
    engine = create_engine(PG_MAINTENANCE_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect():
            pass
    except Exception as exc:  # noqa: BLE001 - no server means these tests cannot run
        engine.dispose()
        unavailable(f"PostgreSQL is not reachable at {PG_MAINTENANCE_URL}: {exc}")
    yield engine
    engine.dispose()


@pytest.fixture
def pg_database(admin_engine):
    """Create a database of its own for the test; yield its URL and name; drop it after."""
    name = f"foia_drop_{uuid.uuid4().hex[:10]}"
    with admin_engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield f"{PG_MAINTENANCE_URL.rsplit('/', 1)[0]}/{name}", name
    with admin_engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def terminate(admin_engine, pid: int) -> None:
    """End one backend and wait until it is gone."""
    with admin_engine.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        for _ in range(500):
            gone = conn.execute(
                text("SELECT count(*) = 0 FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
            ).scalar()
            if gone:
                return
    raise AssertionError(f"backend {pid} is still there")


def set_allow_connections(admin_engine, name: str, allowed: bool) -> None:
    """Open or close the database to new connections, ending the open ones when closing."""
    with admin_engine.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(allowed).lower()}'))
        if not allowed:
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )


class StatementKiller:
    """Kill the connection of the app's N-th statement just before it runs."""

    def __init__(self, engine, admin_engine) -> None:
        self.engine, self.admin_engine = engine, admin_engine
        self.at, self.count = 0, 0

    def __enter__(self) -> "StatementKiller":
        event.listen(self.engine, "before_cursor_execute", self._before)
        return self

    def __exit__(self, *exc_info) -> None:
        event.remove(self.engine, "before_cursor_execute", self._before)

    def _before(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.count += 1
        if self.count == self.at:
            terminate(self.admin_engine, conn.connection.dbapi_connection.info.backend_pid)


@pytest.fixture
def web_app(pg_database, tmp_path):
    url, _ = pg_database
    app = make_app(url, str(tmp_path))
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


PAGES = [
    ("get", "/requests/{id}", {}),
    ("get", "/admin/outbox", {}),
    ("post", "/requests/{id}/events", {"kind": "acknowledged", "occurred_on": "2026-11-20"}),
]


@pytest.mark.slow
@pytest.mark.parametrize("method, path, data", PAGES)
def test_a_connection_dropped_mid_request_gives_the_503_page(
    web_app, admin_engine, method, path, data
):
    with web_app.app_context():
        user = create_user("admin")
        request_id = make_request(TODAY, owner=create_user("lawyer")).id
        client = login_as(web_app.test_client(), user)
        db.session.remove()
        engine = db.engine
    # Each request in an app context of its own, as in production (no `g` kept between them).
    url = path.format(id=request_id)
    with StatementKiller(engine, admin_engine) as killer:
        # Every statement in turn, until the request runs through without reaching the kill.
        for at in range(1, 100):
            killer.at, killer.count = at, 0
            response = getattr(client, method)(url, data=data)
            if killer.count < at:
                break
            assert response.status_code == 503, f"statement {at}: {response.text[:2000]}"
            shown = page(response)
            assert shown.texts("h1") == ["Database unavailable"], f"statement {at}"
            assert shown.texts("p.lead") == [
                "The database is not answering. Try again in a minute."
            ]
        assert at > 3, "the page ran a few statements, each killed once"
        assert response.status_code in (200, 302), "and then it works again"


class DatabaseDroppingSink(FaultySink):
    """Answers the first RCPT TO (to `address`, or any) with 451, after calling `drop`."""

    def __init__(self, drop, address: str | None = None) -> None:
        super().__init__()
        self.drop, self.address = drop, address

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self.drop is not None and self.address in (None, address):
            drop, self.drop = self.drop, None
            drop()
            return "451 4.3.0 try again later"
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)


def _job_app(url, tmp_path, port):
    app = make_app(url, str(tmp_path), SMTP_PORT=port)
    with app.app_context():
        upgrade()
    return app


def _outbox_state(app) -> tuple[list[tuple], list[tuple]]:
    with app.app_context():
        emails = db.session.execute(
            select(OutboundEmail.to_addr, OutboundEmail.sent_at.is_not(None)).order_by(
                OutboundEmail.id
            )
        ).all()
        runs = db.session.execute(
            select(JobRun.job, JobRun.is_success, JobRun.summary).order_by(JobRun.id)
        ).all()
        db.session.remove()
    return emails, runs


@pytest.mark.slow
def test_mail_send_whose_database_goes_away_says_so_in_one_line_and_the_rerun_completes(
    pg_database, admin_engine, tmp_path
):
    url, name = pg_database
    recipients = [f"records{n}@town{n}.example.gov" for n in range(4)]
    server = FaultyServer()
    server.sink = DatabaseDroppingSink(
        lambda: set_allow_connections(admin_engine, name, False), recipients[2]
    )
    server.sink.port = server.port
    server.start()
    app = _job_app(url, tmp_path, server.port)
    try:
        with app.app_context():
            for to in recipients:
                mail.queue_email(to, "Public records request", "Dear Officer,", kind="filing")
            db.session.commit()
            db.session.remove()
        env = environment(url, tmp_path, server.port)

        dropped = run(["mail", "send"], env)
        assert dropped.returncode == 1
        [line] = dropped.stderr.splitlines()
        assert line.startswith("mail send: the database connection failed (")
        assert line.endswith("). Run it again."), dropped.stderr
        assert "Traceback" not in dropped.stderr

        set_allow_connections(admin_engine, name, True)
        with app.app_context():  # the killed run's claim on the third message runs out
            db.session.execute(
                update(OutboundEmail).values(
                    claimed_until=None, next_attempt_at=clock.now() - timedelta(seconds=1)
                )
            )
            db.session.commit()
            db.session.remove()
        again = run(["mail", "send"], env)
        assert again.returncode == 0, again.stdout + again.stderr
        assert again.stdout == "Sent 2, still queued after failure 0.\n"

        emails, runs = _outbox_state(app)
        assert all(is_sent for _, is_sent in emails)
        assert [m["To"] for m in server.sink.messages] == recipients
        assert [(job, ok) for job, ok, _ in runs] == [("mail send", False), ("mail send", True)]
    finally:
        server.stop()
        with app.app_context():
            db.engine.dispose()


@pytest.mark.slow
def test_a_connection_dropped_while_the_server_accepts_is_recorded_on_a_new_one(
    pg_database, admin_engine, tmp_path
):
    """pg_terminate_backend during DATA: the acceptance is still recorded, nothing is resent."""
    url, name = pg_database
    app = make_app(url, str(tmp_path))
    with app.app_context():
        upgrade()
    server = FaultyServer()
    server.start()
    app.config["SMTP_PORT"] = server.port

    def kill_everything(_server, _session, _envelope):
        with admin_engine.connect() as conn:
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )

    original = server.sink.handle_DATA

    async def handle_data(server_, session, envelope):
        kill_everything(server_, session, envelope)
        return await original(server_, session, envelope)

    server.sink.handle_DATA = handle_data
    try:
        with app.app_context():
            for to in ("a@example.org", "b@example.org"):
                mail.queue_email(to, "Hello", "Body", kind="test")
            db.session.commit()
            report = mail.send_due()
            assert (report.sent, report.retrying) == (2, 0)
            assert mail.send_due().sent == 0
            db.session.remove()
        assert sorted(m["To"] for m in server.sink.messages) == ["a@example.org", "b@example.org"]
    finally:
        server.stop()
        with app.app_context():
            db.engine.dispose()


@pytest.mark.slow
def test_reminders_send_whose_database_goes_away_says_so_and_the_rerun_completes(
    pg_database, admin_engine, tmp_path
):
    url, name = pg_database
    server = FaultyServer()
    server.sink = DatabaseDroppingSink(lambda: set_allow_connections(admin_engine, name, False))
    server.sink.port = server.port
    server.start()
    app = _job_app(url, tmp_path, server.port)
    people = [f"lawyer{n}@example.org" for n in range(3)]
    try:
        with app.app_context():
            for address in people:
                make_request(TODAY, owner=create_user("lawyer", email=address))
            db.session.remove()
        env = environment(url, tmp_path, server.port)
        args = ["reminders", "send", "--today", TODAY.isoformat()]

        dropped = run(args, env)
        assert dropped.returncode == 1, dropped.stderr
        assert len(dropped.stderr.splitlines()) == 1, dropped.stderr
        [line] = dropped.stderr.splitlines() or [dropped.stderr]
        assert line.startswith("reminders send: the database connection failed (")
        assert line.endswith("). Run it again.")

        set_allow_connections(admin_engine, name, True)
        with app.app_context():  # the dropped run's claim runs out
            db.session.execute(update(OutboundEmail).values(claimed_until=None))
            db.session.commit()
            db.session.remove()
        again = run(args, env)
        assert again.returncode == 0, again.stdout + again.stderr
        emails, runs = _outbox_state(app)
        assert len(emails) == 3 and all(is_sent for _, is_sent in emails)
        assert runs[-1][:2] == ("reminders send", True)
        assert sorted(m["To"] for m in server.sink.messages) == people, "one copy each"
    finally:
        server.stop()
        with app.app_context():
            db.engine.dispose()
