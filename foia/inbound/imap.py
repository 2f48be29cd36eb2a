"""Fetch agencies' replies from an IMAP mailbox: store each new message once, then mark it there.

This is the loop of the `flask inbox fetch` job, so unlike an operation it commits, once per
message: the message and its attachments in one transaction, and only after that commit is the
message marked on the server (the `$FoiaStored` keyword, or a move to the done folder). The
folder's last UID moves forward once a batch, after its messages are committed: it only narrows
the next run's search, and a message stored but not yet counted in it is found again and
recognised by its de-duplication key. Mail is never deleted and never marked read. A run killed
anywhere leaves either a message not stored (still a candidate next time) or stored and not
marked (a candidate too, whose second storing is a no-op by its de-duplication key); two
overlapping runs cannot both store a message because that key is unique in the database.
"""

from __future__ import annotations

import io
import logging
import socket
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientAbortError, IMAPClientError, LoginError
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from foia.documents.storage import FileStore
from foia.extensions import db
from foia.inbound.kinds import FETCH_JOB
from foia.inbound.matching import tracking_numbers_exist
from foia.inbound.models import ImapFolderState
from foia.inbound.operations import Imported, import_email

log = logging.getLogger(__name__)

#: The name the job's runs are recorded under (foia.jobs); defined in kinds for other packages.
JOB = FETCH_JOB
#: The keyword set on a message once it is stored and committed.
STORED_FLAG = b"$FoiaStored"
#: UIDs whose sizes are asked for at once (keeps each command line short).
SIZE_CHUNK = 500
#: At most this many messages, or this many bytes, are held in memory at once.
BATCH_MESSAGES = 50
BATCH_BYTES = 20 * 1024 * 1024
#: A message larger than this is read in pieces of this size (see _in_pieces).
PIECE_BYTES = 4 * 1024 * 1024


class TlsMode(StrEnum):
    """How the connection is protected (FOIA_IMAP_TLS)."""

    SSL = "ssl"
    STARTTLS = "starttls"
    NONE = "none"


class FetchError(Exception):
    """The mailbox cannot be read: one line for people, never holding the password."""


@dataclass(frozen=True)
class ImapSettings:
    """Where the mailbox is and how to log in (from the FOIA_IMAP_* settings)."""

    host: str
    port: int
    user: str
    password: str = field(repr=False)
    folder: str = "INBOX"
    tls: str = TlsMode.SSL.value
    done_folder: str = ""
    timeout: float = 60.0

    @classmethod
    def from_config(cls, config) -> ImapSettings:
        """Read the settings from the app configuration."""
        return cls(
            host=config.get("IMAP_HOST", ""),
            port=int(config.get("IMAP_PORT", 993)),
            user=config.get("IMAP_USER", ""),
            password=config.get("IMAP_PASSWORD", ""),
            folder=config.get("IMAP_FOLDER", "INBOX") or "INBOX",
            tls=str(config.get("IMAP_TLS", "ssl")).strip().lower(),
            done_folder=config.get("IMAP_DONE_FOLDER", ""),
            timeout=float(config.get("IMAP_TIMEOUT_SECONDS", 60)),
        )

    @property
    def mailbox(self) -> str:
        """Return the folder's name in ImapFolderState: "user@host:port/folder"."""
        return f"{self.user}@{self.host}:{self.port}/{self.folder}"

    def redact(self, text: str) -> str:
        """Return `text` with the password blanked out, wherever it came from."""
        return text.replace(self.password, "********") if self.password else text


@dataclass
class FetchResult:
    """What one run found."""

    mailbox: str
    stored: int = 0
    matched: int = 0
    duplicates: int = 0

    def add(self, imported: Imported, *, is_matched: bool) -> None:
        """Count one message."""
        if imported.duplicate:
            self.duplicates += 1
            return
        self.stored += 1
        self.matched += is_matched

    def summary(self) -> str:
        """Return the one-line report."""
        return (
            f"{self.mailbox}: {self.stored} stored ({self.matched} matched to a request,"
            f" {self.stored - self.matched} waiting in the inbox),"
            f" {self.duplicates} already stored."
        )


def fetch(
    settings: ImapSettings,
    *,
    store: FileStore,
    max_bytes: int,
    today: date,
    on_message: Callable[[Imported], None] | None = None,
) -> FetchResult:
    """Store every new message of the folder, committing each before marking it on the server.

    Raises FetchError with a line for people when the server cannot be reached or read.
    """
    _check(settings)
    result = FetchResult(settings.mailbox)
    try:
        with _connect(settings) as client:
            uidvalidity = _select(client, settings)
            last_uid = folder_state(settings.mailbox, uidvalidity)
            for batch in _batches(client, _candidates(client, last_uid)):
                # Asked once a batch (and again when a message records one): without any
                # tracking number, matching skips their lookup.
                has_tracking = tracking_numbers_exist()
                done = []
                for uid, raw in _bodies(client, batch):
                    target = _Target(uid, uidvalidity, settings, has_tracking)
                    stored = _store(raw, target, store, max_bytes, today)
                    del raw  # a 50 MB message is not kept while the next one is read
                    done.append(uid)
                    result.add(stored.imported, is_matched=stored.is_matched)
                    has_tracking = has_tracking or stored.has_tracking_number
                    if on_message is not None:
                        on_message(stored.imported)
                _advance(settings.mailbox, uidvalidity, max(done, default=0))
                _mark(client, settings, done)
    except (OSError, IMAPClientError) as exc:
        raise FetchError(settings.redact(describe(exc, settings))) from None
    return result


def describe(exc: BaseException, settings: ImapSettings) -> str:
    """Return one line for people saying what went wrong with the server."""
    where = f"{settings.host}:{settings.port}"
    if isinstance(exc, LoginError):
        return f"cannot log in to {settings.host} as {settings.user}: authentication failed"
    if isinstance(exc, socket.gaierror):
        return f"cannot connect to {where}: host not found ({exc.strerror})"
    if isinstance(exc, ConnectionRefusedError):
        return f"cannot connect to {where}: connection refused"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS failed with {where}: certificate not trusted ({exc.verify_message})"
    if isinstance(exc, ssl.SSLError):
        # What a plain port answers to a TLS hello: say what to try instead.
        hint = ", a port without TLS?" if exc.reason == "WRONG_VERSION_NUMBER" else ""
        return f"TLS failed with {where} ({settings.tls}): {exc.reason or exc}{hint}"
    if isinstance(exc, TimeoutError):
        return f"no answer from {where} within {settings.timeout:g} s"
    if isinstance(exc, IMAPClientAbortError):
        return f"connection to {where} lost: {exc}"
    if isinstance(exc, IMAPClientError):
        return f"the server at {where} refused: {exc}"
    return f"cannot connect to {where}: {getattr(exc, 'strerror', None) or exc}"


def folder_state(mailbox: str, uidvalidity: int) -> int:
    """Return the last UID stored from the folder, starting over when UIDVALIDITY changed.

    Commits: the row exists before any message is stored (two first runs at once both try to
    add it; the second finds the first's).
    """
    for _attempt in range(2):
        state = db.session.scalar(select(ImapFolderState).filter_by(mailbox=mailbox))
        try:
            if state is None:
                state = ImapFolderState(mailbox=mailbox, uidvalidity=uidvalidity, last_uid=0)
                db.session.add(state)
            elif state.uidvalidity != uidvalidity:
                # The UIDs no longer mean what they meant: fetch everything again; the
                # de-duplication key makes each message already stored a no-op.
                log.warning(
                    "%s: UIDVALIDITY changed from %s to %s; fetching every message again"
                    " (those already stored are recognised and skipped)",
                    mailbox,
                    state.uidvalidity,
                    uidvalidity,
                )
                state.uidvalidity, state.last_uid = uidvalidity, 0
            last_uid = state.last_uid
            db.session.commit()
            return last_uid
        except IntegrityError:
            db.session.rollback()
    raise FetchError(f"cannot record the state of {mailbox}")


def _check(settings: ImapSettings) -> None:
    if not settings.host:
        raise FetchError("FOIA_IMAP_HOST is not set: there is no mailbox to fetch from")
    if settings.tls not in set(TlsMode):
        raise FetchError(f"FOIA_IMAP_TLS must be ssl, starttls or none, not {settings.tls!r}")


def _connect(settings: ImapSettings) -> IMAPClient:
    """Return a client logged in to the mailbox."""
    context = ssl.create_default_context()
    client = IMAPClient(
        settings.host,
        port=settings.port,
        ssl=settings.tls == TlsMode.SSL,
        ssl_context=context,
        timeout=settings.timeout,
    )
    try:
        if settings.tls == TlsMode.STARTTLS:
            client.starttls(context)
        client.login(settings.user, settings.password)
    except BaseException:
        client.shutdown()
        raise
    return client


def _select(client: IMAPClient, settings: ImapSettings) -> int:
    """Open the folder for reading and marking; create the done folder; return UIDVALIDITY."""
    if settings.done_folder and not client.folder_exists(settings.done_folder):
        client.create_folder(settings.done_folder)
    return int(client.select_folder(settings.folder)[b"UIDVALIDITY"])


def _candidates(client: IMAPClient, last_uid: int) -> list[int]:
    """Return the UIDs to store: those after the last stored, and any never marked."""
    # "n:*" always includes the highest UID, even below n: hence the filter.
    new = {uid for uid in client.search(["UID", f"{last_uid + 1}:*"]) if uid > last_uid}
    unmarked = set(client.search(["NOT", "KEYWORD", STORED_FLAG.decode()]))
    return sorted(new | unmarked)


def _batches(client: IMAPClient, uids: list[int]) -> Iterator[list[tuple[int, int]]]:
    """Group (UID, size) so that one batch's messages stay within BATCH_MESSAGES and BATCH_BYTES."""
    for start in range(0, len(uids), SIZE_CHUNK):
        sizes = client.fetch(uids[start : start + SIZE_CHUNK], ["RFC822.SIZE"])
        batch: list[tuple[int, int]] = []
        size = 0
        for uid in sorted(sizes):
            length = sizes[uid].get(b"RFC822.SIZE", 0)
            if batch and (len(batch) >= BATCH_MESSAGES or size + length > BATCH_BYTES):
                yield batch
                batch, size = [], 0
            batch.append((uid, length))
            size += length
        if batch:
            yield batch


def _bodies(client: IMAPClient, batch: list[tuple[int, int]]) -> Iterator[tuple[int, bytes]]:
    """Yield each message's bytes without setting \\Seen; a message gone meanwhile is skipped."""
    small = [uid for uid, size in batch if size <= PIECE_BYTES]
    found = client.fetch(small, ["BODY.PEEK[]"]) if small else {}
    for uid, size in batch:
        raw = _in_pieces(client, uid) if size > PIECE_BYTES else found.pop(uid, {}).get(b"BODY[]")
        if raw is not None:
            yield uid, raw
        del raw  # not kept while the next message is read


def _in_pieces(client: IMAPClient, uid: int) -> bytes | None:
    """Return a large message read PIECE_BYTES at a time; None when it is gone."""
    # imapclient turns on imaplib's debug output, which formats a repr of each literal read:
    # a 68 MB message read at once peaked at 3.3 times its size (bench_fetch's 50 MB case).
    # BytesIO.getvalue() then hands over its buffer without a second copy.
    buffer = io.BytesIO()
    while True:
        start = buffer.tell()
        found = client.fetch([uid], [f"BODY.PEEK[]<{start}.{PIECE_BYTES}>"]).get(uid, {})
        piece = found.get(f"BODY[]<{start}>".encode())
        if piece is None:
            return None
        buffer.write(piece)
        del found, piece  # not kept while the next piece is read
        if buffer.tell() - start < PIECE_BYTES:
            return buffer.getvalue()


@dataclass(frozen=True)
class _Target:
    """Where one message comes from, and what its matching may skip."""

    uid: int
    uidvalidity: int
    settings: ImapSettings
    has_tracking_numbers: bool

    @property
    def source(self) -> str:
        """Return the message's place on the server, as InboundEmail.source keeps it."""
        return f"imap:{self.settings.folder};UIDVALIDITY={self.uidvalidity};UID={self.uid}"


@dataclass(frozen=True)
class _Stored:
    """One message stored (or found stored), with what was read before the commit expired it."""

    imported: Imported
    is_matched: bool
    has_tracking_number: bool


def _store(raw: bytes, target: _Target, store: FileStore, max_bytes: int, today: date) -> _Stored:
    """Store one message in one transaction, and commit."""
    try:
        # New mail is new: no look-up before the insert (bench_fetch on PostgreSQL: 11.5 -> 8.5
        # ms a message, that first statement also paid the pool's ping and the BEGIN).
        return _store_once(raw, target, store, max_bytes, today, check_duplicate=False)
    except IntegrityError:
        # Stored before (by an overlapping run, or before a crash that left it unflagged): the
        # second try looks it up and finds a duplicate.
        db.session.rollback()
    return _store_once(raw, target, store, max_bytes, today, check_duplicate=True)


def _store_once(
    raw: bytes,
    target: _Target,
    store: FileStore,
    max_bytes: int,
    today: date,
    *,
    check_duplicate: bool,
) -> _Stored:
    imported = import_email(
        raw,
        store=store,
        max_bytes=max_bytes,
        actor=None,
        today=today,
        source=target.source,
        has_tracking_numbers=target.has_tracking_numbers,
        savepoint=False,  # a duplicate's IntegrityError is caught by _store
        check_duplicate=check_duplicate,
    )
    stored = _Stored(
        imported,
        is_matched=imported.inbound.request_id is not None,
        has_tracking_number=bool(imported.inbound.tracking_number),
    )
    db.session.commit()
    return stored


def _advance(mailbox: str, uidvalidity: int, uid: int) -> None:
    """Record that every message of the folder up to `uid` is stored, and commit."""
    # Once a batch, not once a message: the UPDATE was 2.6% of a fetch on PostgreSQL
    # (bench_fetch, 1,500 messages: 426 ms of 16.7 s).
    # Only ever forward, so that an overlapping run that is behind cannot move it back.
    db.session.execute(
        update(ImapFolderState)
        .where(
            ImapFolderState.mailbox == mailbox,
            ImapFolderState.uidvalidity == uidvalidity,
            ImapFolderState.last_uid < uid,
        )
        .values(last_uid=uid)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _mark(client: IMAPClient, settings: ImapSettings, uids: list[int]) -> None:
    """Mark committed messages on the server: move them to the done folder, or flag them."""
    if not uids:
        return
    if settings.done_folder and client.has_capability("MOVE"):
        client.move(uids, settings.done_folder)
        return
    if settings.done_folder:
        # Without MOVE a move is COPY then delete, and we never delete: copy, and flag the
        # original so that it is not fetched again.
        client.copy(uids, settings.done_folder)
    client.add_flags(uids, [STORED_FLAG], silent=True)
