"""A real SMTP server (aiosmtpd on loopback) that misbehaves as a test tells it to.

Each fault is one a real server shows: a refused connection (nothing listens), a connection
dropped during DATA, a 451 to the end of DATA, a 550 to one recipient, a 250 and then a hang-up
before QUIT, and a 30 s stall. A message counts as delivered once the handler keeps it, as a real
server's queue would; aiosmtpd cancels the handler of a client that went away, so a message whose
client gave up during a stall is not kept (as a server that had not yet committed it).
"""

import asyncio
from collections import Counter
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller

from tests.support.servers import SMTPSink, free_port

#: How long a stall lasts: far longer than the tests' timeouts.
STALL_SECONDS = 30
#: The tests' SMTP timeouts (seconds): a stall of STALL_SECONDS outlasts them.
TIMEOUT = 1.0


@dataclass
class Faults:
    """What the server does wrong; counts say how many times (then it behaves)."""

    #: Close the connection on receiving the end of DATA, without answering or keeping it.
    drop_during_data: int = 0
    #: Answer the end of DATA with 451 (the message is not kept).
    temporary_failures: int = 0
    #: Recipients answered 550 at RCPT TO, every time.
    unknown_recipients: set[str] = field(default_factory=set)
    #: The answer to MAIL FROM, every time ("" for 250).
    mail_from_reply: str = ""
    #: Keep the message, answer 250, then hang up before the client's QUIT.
    hang_up_after_accept: int = 0
    #: Answer QUIT by hanging up.
    hang_up_at_quit: bool = False
    #: Stall this step ("EHLO" or "DATA") for `stall_seconds`, this many times.
    stall_at: str = ""
    stalls: int = 0
    stall_seconds: float = STALL_SECONDS


class FaultySink(SMTPSink):
    """An aiosmtpd handler that keeps messages like SMTPSink, with the faults it is given."""

    def __init__(self) -> None:
        super().__init__()
        self.faults = Faults()
        self.connections = 0
        #: Stalls cut short because the client went away (aiosmtpd cancels their handler).
        self.abandoned = 0
        self.port = 0

    def counts(self) -> Counter:
        """Return {(recipient, Message-ID): copies kept}."""
        return Counter((m["To"], m["Message-ID"]) for m in self.messages)

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: N802
        self.connections += 1
        session.host_name = hostname
        await self._stall("EHLO")
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # noqa: N802
        if self.faults.mail_from_reply:
            return self.faults.mail_from_reply
        envelope.mail_from, envelope.mail_options = address, list(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.faults.unknown_recipients:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's API
        faults = self.faults
        if faults.drop_during_data:
            faults.drop_during_data -= 1
            server.transport.close()
            return "421 unreachable: the connection is closed"
        if faults.temporary_failures:
            faults.temporary_failures -= 1
            return "451 4.3.0 Temporary local problem, please try again later"
        await self._stall("DATA")
        status = await super().handle_DATA(server, session, envelope)
        if faults.hang_up_after_accept:
            faults.hang_up_after_accept -= 1
            # The client reads "250" and then finds the line dead.
            await server.push(status)
            server.transport.close()
        return status

    async def handle_QUIT(self, server, session, envelope):  # noqa: N802 - aiosmtpd's API
        if self.faults.hang_up_at_quit:
            server.transport.close()
        return "221 Bye"

    async def _stall(self, step: str) -> None:
        if self.faults.stall_at != step or not self.faults.stalls:
            return
        self.faults.stalls -= 1
        try:
            await asyncio.sleep(self.faults.stall_seconds)
        except asyncio.CancelledError:
            self.abandoned += 1
            raise


class FaultyServer:
    """Start and stop a FaultySink on a fixed loopback port (so it can be down, then up)."""

    def __init__(self) -> None:
        self.sink = FaultySink()
        self.sink.port = self.port = free_port()
        self._controller: Controller | None = None

    def start(self) -> None:
        """Listen on the port."""
        self._controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        """Stop listening: connections to the port are refused."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
