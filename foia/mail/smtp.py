"""Talking to the SMTP server: one message at a time, over a connection reused between messages.

`Link.send` returns the server's 250 reply to the end of DATA once it came (the message is then
accepted, whatever happens to the connection afterwards) and raises `SendFailure` otherwise,
saying in words what went wrong and where, with the server's own reply. A 5xx reply to the
message's RCPT TO or DATA is permanent; a 4xx, a dropped connection, a timeout, and a 5xx about
our settings (the greeting, the login, our sender address) are not. See docs/mail-delivery.md.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import getaddresses
from enum import StrEnum

from foia.mail import capture
from foia.mail.message import flatten


class Stage(StrEnum):
    """The step of the SMTP conversation a failure happened in, as the error names it."""

    CONNECT = "connecting"
    EHLO = "EHLO"
    STARTTLS = "STARTTLS"
    LOGIN = "login"
    MAIL = "MAIL FROM"
    RCPT = "RCPT TO"
    DATA = "DATA"


#: The steps that are about one message (a failure there leaves the connection usable).
MESSAGE_STAGES = frozenset({Stage.MAIL, Stage.RCPT, Stage.DATA})
#: The steps whose 5xx refuses this message for good: its recipient or its content. A 5xx to
#: MAIL FROM is about our sender address, a setting that fails every message alike until it is
#: fixed, so it is retried; except "552 too large", which is about the message.
PERMANENT_STAGES = frozenset({Stage.RCPT, Stage.DATA})
#: 5xx replies that still concern our settings: "530 Authentication required" fails every
#: message alike until FOIA_SMTP_USER is set, so it is retried.
SETTINGS_CODES = frozenset({530})


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to reach the SMTP server."""

    host: str
    port: int
    user: str = ""
    password: str = ""
    starttls: bool = False
    #: Seconds to wait for the connection and for each reply.
    timeout: float = 30
    #: Seconds to send the message and wait for the reply to its end of DATA: RFC 5321
    #: 4.5.3.2.6 asks for 10 minutes, since a client that gives up while the server is still
    #: accepting sends the message twice (RFC 1047). Kept below mail.CLAIM (10 minutes).
    data_timeout: float = 300
    #: FOIA_MAIL_CAPTURE_DIR: when set, messages are written there as files and never sent.
    capture_dir: str = ""

    @classmethod
    def from_config(cls, config) -> SmtpSettings:
        """Read the FOIA_SMTP_* settings from the app's configuration."""
        return cls(
            host=config["SMTP_HOST"],
            port=int(config["SMTP_PORT"]),
            user=config.get("SMTP_USER", ""),
            password=config.get("SMTP_PASSWORD", ""),
            starttls=bool(config.get("SMTP_STARTTLS")),
            timeout=float(config.get("SMTP_TIMEOUT", 30)),
            data_timeout=float(config.get("SMTP_DATA_TIMEOUT", 300)),
            capture_dir=config.get("MAIL_CAPTURE_DIR") or "",
        )

    @property
    def where(self) -> str:
        """Return "host:port"."""
        return f"{self.host}:{self.port}"


class SendFailure(Exception):
    """Why the server did not accept a message, in words for people."""

    def __init__(self, text: str, *, is_permanent: bool = False, is_stale: bool = False) -> None:
        super().__init__(text)
        self.text = text
        #: True for a 5xx reply to the message: trying again cannot help.
        self.is_permanent = is_permanent
        #: True when the connection was found closed before any of this message was accepted.
        self.is_stale = is_stale


@dataclass(frozen=True)
class Envelope:
    """What SMTP needs to send one message: sender, recipients, options and the bytes."""

    sender: str
    recipients: tuple[str, ...]
    is_international: bool
    content: bytes

    @classmethod
    def of(cls, message: EmailMessage) -> Envelope:
        """Read the envelope from From (or Reply-To) and To, as `transmit` documents."""
        sender = getaddresses([message["Reply-To"] or message["From"]])[0][1]
        recipients = tuple(address for _, address in getaddresses(message.get_all("To", [])))
        international = not "".join([sender, *recipients]).isascii()
        return cls(sender, recipients, international, flatten(message, utf8=international))


def transmit(server: smtplib.SMTP, message: EmailMessage) -> None:
    """Send a message as smtplib's send_message does, but flattened by `flatten`.

    Our messages have one From and one To and never a Bcc, Sender or Resent- block, so the
    envelope is read from From and To. Non-ASCII addresses need the server's SMTPUTF8, as there.
    A message with a Reply-To (a request's own reply address) uses it as the envelope sender
    too, so that a bounce comes back to the address that names the request.
    Raises smtplib's exceptions, as sendmail does.
    """
    server.ehlo_or_helo_if_needed()
    _transaction(server, Envelope.of(message), [])


def _set_timeout(server: smtplib.SMTP, seconds: float) -> None:
    if server.sock is None:  # closed under us: said as smtplib says it, so it is handled alike
        raise smtplib.SMTPServerDisconnected("please run connect() first")
    server.sock.settimeout(seconds)


def _transaction(
    server: smtplib.SMTP, envelope: Envelope, stages: list[Stage], data_timeout: float | None = None
) -> str:
    """Send MAIL FROM, RCPT TO and DATA, appending each step to `stages` as it starts.

    DATA (the message and the reply to its end) may be given a timeout of its own. Return the
    server's reply to the end of DATA ("250 2.0.0 Ok: queued as 4F2A9"), its proof of acceptance.
    """
    stages.append(Stage.MAIL)
    options = []
    if server.does_esmtp:
        if server.has_extn("size"):
            options.append(f"SIZE={len(envelope.content)}")
        if envelope.is_international:
            if not server.has_extn("smtputf8"):
                raise smtplib.SMTPNotSupportedError(
                    "A non-ASCII address needs SMTPUTF8, which the server does not offer."
                )
            options += ["SMTPUTF8", "BODY=8BITMIME"]
    elif envelope.is_international:
        raise smtplib.SMTPNotSupportedError("A non-ASCII address needs SMTPUTF8 (ESMTP).")
    code, reply = server.mail(envelope.sender, options)
    if code != 250:
        raise smtplib.SMTPSenderRefused(code, reply, envelope.sender)
    stages.append(Stage.RCPT)
    for recipient in envelope.recipients:
        code, reply = server.rcpt(recipient)
        if code not in (250, 251):
            raise smtplib.SMTPRecipientsRefused({recipient: (code, reply)})
    stages.append(Stage.DATA)
    if data_timeout is not None:
        _set_timeout(server, data_timeout)
    code, reply = server.data(envelope.content)  # raises for a refused DATA, returns the end's
    if code != 250:
        raise smtplib.SMTPDataError(code, reply)
    return f"{code} {_text(reply)}"


class Link:
    """One connection to the SMTP server, opened when first needed and reused for the next message.

    Use as a context manager, or call `close`. Not for use by two threads at once.
    """

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._server: smtplib.SMTP | None = None

    def __enter__(self) -> Link:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def send(self, message: EmailMessage) -> str:
        """Send one message: return the server's acceptance once it came, else raise SendFailure.

        A connection kept from an earlier message may have been closed by the server since (an
        idle timeout, or a server that hangs up after each message): when it fails before MAIL
        FROM was answered, nothing of this message was accepted, so one new connection is tried.
        With mail capture on, the message is written to a file instead: that counts as accepted,
        and the file's name is returned in place of a reply.
        """
        if self.settings.capture_dir:
            return f"captured as {capture.write(self.settings.capture_dir, message).name}"
        envelope = Envelope.of(message)
        is_reused = self._server is not None
        try:
            return self._send(envelope)
        except SendFailure as failure:
            if not (is_reused and failure.is_stale):
                raise
            return self._send(envelope)

    def close(self) -> None:
        """Say QUIT and close; a server that hangs up first changes nothing."""
        server, self._server = self._server, None
        if server is None:
            return
        try:
            server.quit()
        except (OSError, smtplib.SMTPException):
            server.close()

    def _send(self, envelope: Envelope) -> str:
        server = self._open()
        stages = [Stage.MAIL]
        try:
            _set_timeout(server, self.settings.timeout)
            return _transaction(server, envelope, stages, self.settings.data_timeout)
        except (OSError, smtplib.SMTPException) as exc:
            failure = describe(exc, stages[-1], self.settings)
            self._after_failure(server, exc)
            raise failure from None

    def _open(self) -> smtplib.SMTP:
        if self._server is not None and self._server.sock is not None:
            return self._server
        self._server = None
        settings, stage = self.settings, Stage.CONNECT
        try:
            server = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        except (OSError, smtplib.SMTPException) as exc:
            raise describe(exc, stage, settings) from None
        try:
            stage = Stage.EHLO
            server.ehlo_or_helo_if_needed()
            if settings.starttls:
                stage = Stage.STARTTLS
                server.starttls()
                server.ehlo()
            if settings.user:
                stage = Stage.LOGIN
                server.login(settings.user, settings.password)
        except (OSError, smtplib.SMTPException) as exc:
            server.close()
            raise describe(exc, stage, settings) from None
        self._server = server
        return server

    def _after_failure(self, server: smtplib.SMTP, exc: BaseException) -> None:
        """Keep a connection that can carry the next message (after a reply); drop any other."""
        is_reply = isinstance(exc, smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused)
        if is_reply and _code(exc) != 421 and server.sock is not None:
            try:
                server.rset()
                return
            except (OSError, smtplib.SMTPException):
                pass
        server.close()
        self._server = None


def _code(exc: BaseException) -> int | None:
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return next(iter(exc.recipients.values()))[0]
    return None


def _reply_text(exc: BaseException) -> str:
    reply: bytes | str
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        reply = next(iter(exc.recipients.values()))[1]
    else:
        reply = getattr(exc, "smtp_error", b"")
    return _text(reply)


def _text(reply: bytes | str) -> str:
    """Return a server's reply on one line (a multi-line reply's lines joined by spaces)."""
    if isinstance(reply, bytes):
        reply = reply.decode("utf-8", "replace")
    return " ".join(str(reply).split())


def _is_timeout(exc: BaseException) -> bool:
    # smtplib turns a timeout while reading a reply into SMTPServerDisconnected("Connection
    # unexpectedly closed: timed out"), raised while handling the TimeoutError.
    return isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError)


def describe(exc: BaseException, stage: Stage, settings: SmtpSettings) -> SendFailure:
    """Return the failure of `stage` in words: refused, dropped, timed out, or the reply."""
    where = settings.where
    if _is_timeout(exc):
        seconds = settings.data_timeout if stage is Stage.DATA else settings.timeout
        if stage is Stage.CONNECT:
            return SendFailure(
                f"Timed out after {seconds:g} s connecting to the mail server at {where}."
            )
        return SendFailure(
            f"Timed out after {seconds:g} s waiting for the mail server at {where}"
            f" to answer {stage.value}."
        )
    if _code(exc) is not None:
        return _reply_failure(exc, stage, settings)
    if isinstance(exc, ConnectionRefusedError):
        return SendFailure(f"The mail server at {where} refused the connection.")
    if isinstance(exc, socket.gaierror):
        return SendFailure(f"The mail server {settings.host} was not found ({exc.strerror}).")
    if isinstance(exc, ssl.SSLError):
        return SendFailure(f"TLS with the mail server at {where} failed ({exc.reason or exc}).")
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return _unsupported(exc, stage, where)
    if isinstance(exc, smtplib.SMTPServerDisconnected | ConnectionError):
        return _dropped(stage, where)
    detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return SendFailure(f"Talking to the mail server at {where} failed at {stage.value}: {detail}.")


def _reply_failure(exc: BaseException, stage: Stage, settings: SmtpSettings) -> SendFailure:
    code = _code(exc) or 0
    asked = "the connection" if stage is Stage.CONNECT else stage.value
    text = f"The mail server at {settings.where} answered {asked} with {code} {_reply_text(exc)}"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        text = f"The mail server at {settings.where} refused the login as {settings.user}"
        text += f": {code} {_reply_text(exc)}"
    is_about_message = stage in PERMANENT_STAGES or (stage is Stage.MAIL and code == 552)
    is_permanent = 500 <= code < 600 and is_about_message and code not in SETTINGS_CODES
    # "421 closing": the server hung up a connection kept since the last message.
    is_stale = code == 421 and stage is Stage.MAIL
    return SendFailure(text.rstrip(".") + ".", is_permanent=is_permanent, is_stale=is_stale)


def _unsupported(exc: BaseException, stage: Stage, where: str) -> SendFailure:
    if stage is Stage.MAIL:
        # Our address or the recipient's is not ASCII: this server can never take it.
        return SendFailure(
            f"The mail server at {where} cannot take a non-ASCII address (no SMTPUTF8).",
            is_permanent=True,
        )
    return SendFailure(f"The mail server at {where} does not offer {stage.value}: {exc}")


def _dropped(stage: Stage, where: str) -> SendFailure:
    if stage is Stage.CONNECT:
        return SendFailure(f"The mail server at {where} closed the connection before greeting.")
    text = f"The mail server at {where} dropped the connection during {stage.value}"
    if stage in MESSAGE_STAGES:
        text += ", before accepting the message"
    return SendFailure(text + ".", is_stale=stage is Stage.MAIL)
