"""`flask inbox fetch` against a real dovecot: new mail stored once, then flagged or moved."""

import contextlib
import logging
import threading

import pytest
from sqlalchemy import func, select

from foia import clock
from foia.documents.models import Attachment
from foia.documents.storage import store_for
from foia.extensions import db
from foia.inbound import imap
from foia.inbound.models import ImapFolderState, InboundEmail
from foia.jobs import JobRun
from tests.support.factories import create_agency
from tests.support.responses import email_bytes, filed_request, recent_monday, text_pdf

STORED = imap.STORED_FLAG


def count_stored() -> int:
    return db.session.scalar(select(func.count()).select_from(InboundEmail))


def fetch(app, **overrides):
    """Run one fetch in this thread's app context, as the command does."""
    settings = imap.ImapSettings.from_config({**app.config, **overrides})
    return imap.fetch(
        settings,
        store=store_for(app.config),
        max_bytes=app.config["MAX_CONTENT_LENGTH"],
        today=clock.today(),
    )


def test_new_mail_is_stored_flagged_and_left_unread(imap_app, runner, mailbox):
    records_request = filed_request(recent_monday(clock.today()))
    pdf = text_pdf("Responsive records")
    mailbox.append(
        email_bytes(
            f"RE: {records_request.reference}",
            attachments=[("records.pdf", pdf, "application/pdf")],
            message_id="<reply.1@springfieldpolice.gov>",
        ),
        email_bytes("Unrelated question", message_id="<other.2@example.net>"),
    )

    result = runner.invoke(args=["inbox", "fetch"])

    assert result.exit_code == 0, result.output
    assert "2 stored (1 matched to a request, 1 waiting in the inbox), 0 already stored" in (
        result.output
    )
    stored = db.session.scalars(select(InboundEmail).order_by(InboundEmail.id)).all()
    uidvalidity = db.session.scalar(select(ImapFolderState.uidvalidity))
    assert [(e.message_id, e.request_id, e.source) for e in stored] == [
        (
            "<reply.1@springfieldpolice.gov>",
            records_request.id,
            f"imap:INBOX;UIDVALIDITY={uidvalidity};UID=1",
        ),
        ("<other.2@example.net>", None, f"imap:INBOX;UIDVALIDITY={uidvalidity};UID=2"),
    ]
    assert db.session.scalar(select(Attachment.filename)) == "records.pdf"
    flags = mailbox.flags()
    assert all(STORED in f and b"\\Seen" not in f for f in flags.values()), flags
    state = db.session.scalar(select(ImapFolderState))
    where = f"{mailbox.user}@127.0.0.1:{mailbox.server.port}/INBOX"
    assert (state.mailbox, state.last_uid) == (where, 2)
    run = db.session.scalar(select(JobRun).where(JobRun.job == "inbox fetch"))
    assert run.is_success and run.finished_at and "2 stored" in run.summary


def test_a_second_run_stores_nothing_and_a_third_only_what_is_new(imap_app, runner, mailbox):
    mailbox.append(email_bytes("One"), email_bytes("Two"))
    assert runner.invoke(args=["inbox", "fetch"]).exit_code == 0

    again = runner.invoke(args=["inbox", "fetch"])
    mailbox.append(email_bytes("Three"))
    third = runner.invoke(args=["inbox", "fetch"])

    assert "0 stored (0 matched to a request, 0 waiting in the inbox), 0 already stored" in (
        again.output
    )
    assert "1 stored" in third.output and "0 already stored" in third.output
    assert count_stored() == 3
    assert db.session.scalar(select(ImapFolderState.last_uid)) == 3


def test_a_message_stored_but_not_flagged_is_flagged_without_storing_it_again(
    imap_app, runner, mailbox
):
    mailbox.append(email_bytes("One"), email_bytes("Two"))
    runner.invoke(args=["inbox", "fetch"])
    # As after a kill between the commit and the flag: stored, the UID passed, no flag.
    with mailbox.client() as client:
        client.select_folder("INBOX")
        client.remove_flags([1], [STORED])
    assert mailbox.uids("INBOX", "NOT", "KEYWORD", STORED.decode()) == [1]

    again = runner.invoke(args=["inbox", "fetch"])

    assert "0 stored" in again.output and "1 already stored" in again.output
    assert count_stored() == 2
    assert mailbox.uids("INBOX", "NOT", "KEYWORD", STORED.decode()) == []


def test_with_a_done_folder_stored_mail_is_moved_there(imap_app, runner, mailbox):
    imap_app.config["IMAP_DONE_FOLDER"] = "Filed"
    mailbox.append(email_bytes("One"), email_bytes("Two"))

    result = runner.invoke(args=["inbox", "fetch"])
    mailbox.append(email_bytes("Three"))
    again = runner.invoke(args=["inbox", "fetch"])

    assert "2 stored" in result.output and "1 stored" in again.output
    assert mailbox.uids("INBOX") == []
    assert len(mailbox.uids("Filed")) == 3
    assert count_stored() == 3


def test_a_new_uidvalidity_fetches_again_and_skips_what_is_stored(
    imap_app, runner, mailbox, caplog
):
    imap_app.config["IMAP_FOLDER"] = "Replies"
    one, two = email_bytes("One"), email_bytes("Two")
    with mailbox.client() as client:
        client.create_folder("Replies")
    mailbox.append(one, two, folder="Replies")
    runner.invoke(args=["inbox", "fetch"])
    before = db.session.scalar(select(ImapFolderState.uidvalidity))
    # The folder is recreated (restored from a backup, say): its UIDs start over.
    with mailbox.client() as client:
        client.delete_folder("Replies")
        client.create_folder("Replies")
    mailbox.append(email_bytes("Three"), one, two, folder="Replies")

    with caplog.at_level(logging.WARNING, logger="foia.inbound.imap"):
        result = runner.invoke(args=["inbox", "fetch"])

    assert "1 stored" in result.output and "2 already stored" in result.output
    state = db.session.scalar(select(ImapFolderState))
    db.session.refresh(state)
    assert state.uidvalidity != before and state.last_uid == 3
    assert "UIDVALIDITY changed" in caplog.text
    assert count_stored() == 3
    assert mailbox.uids("Replies", "NOT", "KEYWORD", STORED.decode()) == []


@pytest.mark.slow
def test_two_overlapping_runs_store_each_message_once(imap_app, mailbox):
    pdf = text_pdf("Records")
    messages = [
        email_bytes(f"Reply {n}", attachments=[("r.pdf", pdf, "application/pdf")] if n % 3 else [])
        for n in range(60)
    ]
    mailbox.append(*messages)
    start = threading.Barrier(2)
    results, errors = [], []

    def one_run() -> None:
        with imap_app.app_context():
            try:
                start.wait()
                results.append(fetch(imap_app))
            except Exception as exc:  # noqa: BLE001 - reported by the assertion below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=one_run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert sum(r.stored for r in results) == 60
    assert sum(r.stored + r.duplicates for r in results) > 60, "the runs did not overlap"
    keys = db.session.scalars(select(InboundEmail.dedup_key)).all()
    assert len(keys) == len(set(keys)) == 60
    assert mailbox.uids("INBOX", "NOT", "KEYWORD", STORED.decode()) == []
    assert db.session.scalar(select(ImapFolderState.last_uid)) == 60


def test_json_lists_every_message_found(imap_app, runner, mailbox):
    records_request = filed_request(recent_monday(clock.today()))
    mailbox.append(
        email_bytes(
            f"RE: {records_request.reference}",
            attachments=[("a.pdf", text_pdf("A"), "application/pdf")],
            message_id="<json.1@springfieldpolice.gov>",
        )
    )

    import json

    found = json.loads(runner.invoke(args=["inbox", "fetch", "--json"]).output)
    mailbox.append(email_bytes("Later", message_id="<json.2@example.net>"))
    later = json.loads(runner.invoke(args=["inbox", "fetch", "--json"]).output)

    assert found == [
        {
            "message_id": "<json.1@springfieldpolice.gov>",
            "subject": f"RE: {records_request.reference}",
            "kind": "reply",
            "attachments": ["a.pdf"],
            "request": records_request.reference,
            "duplicate": False,
        }
    ]
    assert [(f["message_id"], f["request"], f["duplicate"]) for f in later] == [
        ("<json.2@example.net>", None, False)
    ]


def _exactly(size: int, number: int) -> bytes:
    """Return a message of exactly `size` bytes with CRLF line ends, as IMAP keeps it."""
    raw = email_bytes(f"Large {number}", body="x", message_id=f"<large.{number}@example.net>")
    raw = raw.replace(b"\n", b"\r\n")
    padding = size - len(raw)
    return raw.replace(b"\nx\r\n", b"\n" + b"y" * padding + b"x\r\n")


@pytest.mark.slow
def test_a_large_message_is_read_in_pieces_and_kept_byte_for_byte(imap_app, mailbox):
    # Sizes just at and past a piece boundary: the last piece read is short, or empty.
    sizes = [2 * imap.PIECE_BYTES, 2 * imap.PIECE_BYTES + 1, 1000]
    messages = [_exactly(size, number) for number, size in enumerate(sizes)]
    mailbox.append(*messages)
    assert [len(raw) for raw in messages] == sizes

    result = fetch(imap_app)

    assert result.stored == 3
    stored = db.session.scalars(select(InboundEmail).order_by(InboundEmail.id)).all()
    store = store_for(imap_app.config)
    assert [store.get(e.raw_sha256) for e in stored] == messages


def test_a_tracking_number_recorded_in_a_run_matches_a_later_message_of_that_run(imap_app, mailbox):
    # The run asks once whether any tracking number exists (none here), and again once an
    # acknowledgement has recorded one.
    agency = create_agency(email="records@springfieldpolice.gov")
    records_request = filed_request(recent_monday(clock.today()), agency=agency)
    acknowledgement = email_bytes(
        f"Records request received - {records_request.reference}",
        body="Your request has been received and assigned reference number P012345-112626.",
        sender="noreply@springfieldpolice.gov",
    )
    mailbox.append(
        b"Auto-Submitted: auto-generated\n" + acknowledgement,
        email_bytes("Your request P012345-112626", body="The records are attached."),
    )

    fetch(imap_app)

    replies = db.session.scalars(select(InboundEmail).order_by(InboundEmail.id)).all()
    assert [(e.tracking_number, e.request_id, e.matched_by) for e in replies] == [
        ("P012345-112626", records_request.id, "reference"),
        ("", records_request.id, "tracking"),
    ]


def test_a_run_killed_inside_a_batch_leaves_nothing_lost_or_stored_twice(imap_app, mailbox):
    mailbox.append(email_bytes("One"), email_bytes("Two"), email_bytes("Three"))

    class Killed(Exception):
        pass

    def kill_after_the_second(imported):
        if imported.inbound.subject == "Two":
            raise Killed

    settings = imap.ImapSettings.from_config(imap_app.config)
    with contextlib.suppress(Killed):
        imap.fetch(
            settings,
            store=store_for(imap_app.config),
            max_bytes=imap_app.config["MAX_CONTENT_LENGTH"],
            today=clock.today(),
            on_message=kill_after_the_second,
        )
    # Two messages committed; the batch ended before the folder's last UID or any flag moved.
    assert count_stored() == 2
    assert db.session.scalar(select(ImapFolderState.last_uid)) == 0
    assert mailbox.uids("INBOX", "NOT", "KEYWORD", STORED.decode()) == [1, 2, 3]

    result = fetch(imap_app)

    assert (result.stored, result.duplicates) == (1, 2)
    assert count_stored() == 3
    assert db.session.scalar(select(ImapFolderState.last_uid)) == 3
    assert mailbox.uids("INBOX", "NOT", "KEYWORD", STORED.decode()) == []
