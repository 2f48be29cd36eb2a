"""`flask inbox fetch` failing clearly, surviving kill -9; `--json` of import; /admin/jobs."""

import json
import logging
import mailbox as mailboxes
import os
import socket
import sqlite3
from datetime import timedelta

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import select

from foia import clock
from foia.extensions import db
from foia.inbound import imap
from foia.jobs import JobRun
from tests.inbound.test_fetch import fetch
from tests.support.app import make_app
from tests.support.html import Page
from tests.support.processes import run, run_and_kill
from tests.support.responses import email_bytes, filed_request, recent_monday, text_pdf
from tests.support.servers import free_port

KEYS = {"message_id", "subject", "kind", "attachments", "request", "duplicate"}


def fetch_runs() -> list[JobRun]:
    return db.session.scalars(select(JobRun).where(JobRun.job == imap.JOB)).all()


def assert_fails_clearly(runner, expected: str, secret: str = "") -> JobRun:
    """Run the fetch; check it printed only `expected`, exited 1 and recorded the failure."""
    result = runner.invoke(args=["inbox", "fetch"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines == [f"inbox fetch: {expected}"], result.stderr
    assert result.stdout == ""
    (failed,) = fetch_runs()
    assert (failed.is_success, failed.summary) == (False, expected)
    assert failed.finished_at is not None
    if secret:
        assert secret not in result.output
    return failed


def test_a_server_that_is_down_fails_in_one_line(imap_app, runner):
    port = free_port()
    imap_app.config["IMAP_PORT"] = port
    assert_fails_clearly(runner, f"cannot connect to 127.0.0.1:{port}: connection refused")


def test_a_server_that_never_answers_times_out_in_one_line(imap_app, runner, monkeypatch):
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # accepts the connection, never says a word
        port = silent.getsockname()[1]
        imap_app.config["IMAP_PORT"] = port
        monkeypatch.setitem(imap_app.config, "IMAP_TIMEOUT_SECONDS", 0.5)
        assert_fails_clearly(runner, f"no answer from 127.0.0.1:{port} within 0.5 s")


def test_an_unknown_host_fails_in_one_line(imap_app, runner):
    imap_app.config["IMAP_HOST"] = "imap.invalid"
    result = runner.invoke(args=["inbox", "fetch"])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"inbox fetch: cannot connect to imap.invalid:{imap_app.config['IMAP_PORT']}:"
        " host not found"
    )
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_wrong_password_never_shows(imap_app, runner, mailbox, admin_client, caplog):
    secret = "Wrong-Horse-Battery-7781"
    imap_app.config["IMAP_PASSWORD"] = secret
    with caplog.at_level(logging.DEBUG):
        failed = assert_fails_clearly(
            runner,
            f"cannot log in to 127.0.0.1 as {mailbox.user}: authentication failed",
            secret,
        )
    assert secret not in caplog.text
    page = admin_client.get("/admin/jobs").text
    assert secret not in page
    warning = Page(page).texts("#fetch-stale-warning")[0]
    assert "No successful mailbox fetch for over 30 minutes: replies are not arriving." in warning
    assert f"Last error: {failed.summary}" in warning


def test_tls_to_a_plain_port_fails_in_one_line(imap_app, runner, mailbox):
    imap_app.config["IMAP_TLS"] = "ssl"
    result = runner.invoke(args=["inbox", "fetch"])
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert line == (
        f"inbox fetch: TLS failed with 127.0.0.1:{mailbox.server.port} (ssl):"
        " WRONG_VERSION_NUMBER, a port without TLS?"
    )
    assert fetch_runs()[0].summary == line.removeprefix("inbox fetch: ")


def test_an_untrusted_certificate_fails_in_one_line(imap_app, runner, mailbox):
    imap_app.config.update(IMAP_TLS="ssl", IMAP_PORT=mailbox.server.tls_port)
    assert_fails_clearly(
        runner,
        f"TLS failed with 127.0.0.1:{mailbox.server.tls_port}: certificate not trusted"
        " (self-signed certificate)",
    )


@pytest.mark.parametrize("tls", ["ssl", "starttls"])
def test_tls_with_a_trusted_certificate_fetches(imap_app, runner, mailbox, monkeypatch, tls):
    # OpenSSL reads SSL_CERT_FILE for the default trust store, as a system CA bundle would be.
    monkeypatch.setenv("SSL_CERT_FILE", str(mailbox.server.certificate))
    port = mailbox.server.tls_port if tls == "ssl" else mailbox.server.port
    imap_app.config.update(IMAP_TLS=tls, IMAP_PORT=port)
    mailbox.append(email_bytes("Over TLS"))

    result = runner.invoke(args=["inbox", "fetch"])

    assert result.exit_code == 0, result.output
    assert "1 stored" in result.output


def migrated(url: str, tmp_path) -> Flask:
    """Return an app on a new file database brought up by the migrations."""
    app = make_app(url, str(tmp_path))
    with app.app_context():
        upgrade()
        db.session.remove()
    return app


@pytest.mark.slow
def test_a_killed_fetch_loses_and_repeats_nothing(tmp_path, mailbox):
    url = f"sqlite:///{tmp_path / 'fetch.sqlite3'}"
    app = migrated(url, tmp_path)
    pdf = text_pdf("Records")
    total = 90
    attached = [("r.pdf", pdf, "application/pdf")]
    mailbox.append(
        *(email_bytes(f"Reply {n}", attachments=attached * (n % 3 == 0)) for n in range(total))
    )
    env = {
        **os.environ,
        "FOIA_DATABASE_URL": url,
        "FOIA_DOCUMENTS_DIR": str(tmp_path / "documents"),
        "FOIA_SECRET_KEY": "test",
        **mailbox.environment(),
    }

    def stored() -> int:
        with sqlite3.connect(tmp_path / "fetch.sqlite3", timeout=10) as conn:
            return conn.execute("SELECT count(*) FROM inbound_emails").fetchone()[0]

    kills = [run_and_kill(["inbox", "fetch"], env, stored, at_least) for at_least in (15, 40, 65)]
    assert all(k < total for k in kills), kills
    finished = run(["inbox", "fetch"], env)

    assert finished.returncode == 0, finished.stderr
    assert f"{total - kills[-1]} stored" in finished.stdout
    with app.app_context():
        app.config.update(mailbox.config())
        again = fetch(app)
        db.session.remove()
    assert (again.stored, again.duplicates) == (0, 0)
    with sqlite3.connect(tmp_path / "fetch.sqlite3") as conn:
        keys = [row[0] for row in conn.execute("SELECT dedup_key FROM inbound_emails")]
        runs = conn.execute("SELECT finished_at IS NULL, is_success FROM job_runs").fetchall()
    assert len(keys) == len(set(keys)) == total
    assert mailbox.uids("INBOX", "NOT", "KEYWORD", imap.STORED_FLAG.decode()) == []
    assert sorted(runs) == [(0, 1), (1, 0), (1, 0), (1, 0)]  # the killed ones never finished


def test_import_json_for_an_eml_an_mbox_and_a_maildir(app, runner, tmp_path):
    records_request = filed_request(recent_monday(clock.today()))
    eml = tmp_path / "reply.eml"
    eml.write_bytes(
        email_bytes(
            f"RE: {records_request.reference}",
            attachments=[("letter.pdf", text_pdf("Letter"), "application/pdf")],
            message_id="<eml.1@springfieldpolice.gov>",
        )
    )
    box = mailboxes.mbox(tmp_path / "export.txt")  # not named .mbox: --mbox says what it is
    box.add(email_bytes("First", message_id="<mbox.1@example.net>"))
    box.add(email_bytes("Second", message_id="<mbox.2@example.net>"))
    box.close()
    maildir = mailboxes.Maildir(tmp_path / "Maildir")
    maildir.add(email_bytes("In a maildir", message_id="<maildir.1@example.net>"))
    maildir.close()

    def imported(*args: str) -> list[dict]:
        result = runner.invoke(args=["inbox", "import", *args, "--json"])
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    from_eml = imported(str(eml))
    from_mbox = imported(str(tmp_path / "export.txt"), "--mbox")
    from_maildir = imported(str(tmp_path / "Maildir"))
    again = imported(str(eml))

    assert from_eml == [
        {
            "message_id": "<eml.1@springfieldpolice.gov>",
            "subject": f"RE: {records_request.reference}",
            "kind": "reply",
            "attachments": ["letter.pdf"],
            "request": records_request.reference,
            "duplicate": False,
        }
    ]
    assert [(f["message_id"], f["request"]) for f in from_mbox] == [
        ("<mbox.1@example.net>", None),
        ("<mbox.2@example.net>", None),
    ]
    assert all(set(f) == KEYS for f in from_mbox + from_maildir)
    assert [f["message_id"] for f in from_maildir] == ["<maildir.1@example.net>"]
    assert again[0]["duplicate"] is True


def test_import_without_json_prints_one_line(app, runner, tmp_path):
    path = tmp_path / "one.eml"
    path.write_bytes(email_bytes("Alone"))
    first = runner.invoke(args=["inbox", "import", str(path)])
    again = runner.invoke(args=["inbox", "import", str(path)])
    assert first.output == (
        "Imported: 0 matched to a request, 1 waiting in the inbox, 0 already stored.\n"
    )
    assert "0 waiting in the inbox, 1 already stored." in again.output


def test_jobs_page_shows_the_fetch_and_warns_when_it_is_stale(
    imap_app, runner, admin_client, monkeypatch
):
    page = Page(admin_client.get("/admin/jobs").text)
    assert page.texts("#fetch-stale-warning")[0].startswith(
        "No successful mailbox fetch for over 30 minutes: replies are not arriving."
    )
    assert "never run successfully" in page.texts("#stale-warning")[0]  # reminders, as before

    assert runner.invoke(args=["inbox", "fetch"]).exit_code == 0
    page = Page(admin_client.get("/admin/jobs").text)
    assert page.all("#fetch-stale-warning") == []
    assert "0 stored" in page.texts("#fetch-last-success")[0]
    assert any(row.startswith("inbox fetch") for row in page.texts("tbody tr"))

    old = clock.now() - timedelta(minutes=45)
    run = fetch_runs()[0]
    run.started_at = run.finished_at = old
    monkeypatch.setitem(imap_app.config, "IMAP_STALE_MINUTES", 40)
    db.session.commit()
    page = Page(admin_client.get("/admin/jobs").text)
    assert "for over 40 minutes" in page.texts("#fetch-stale-warning")[0]


def test_jobs_page_says_when_fetching_is_not_set_up(app, admin_client, monkeypatch):
    monkeypatch.setitem(app.config, "IMAP_HOST", "")
    page = Page(admin_client.get("/admin/jobs").text)
    assert page.all("#fetch-stale-warning") == []
    assert "FOIA_IMAP_HOST is not set" in page.texts("#fetch-not-set-up")[0]
