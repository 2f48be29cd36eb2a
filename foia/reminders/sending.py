"""Sending the outbox at the end of `flask reminders send`, and while it is still deciding.

Both passes are senders of the outbox like `flask mail send`: each message is claimed before it
is tried, so two senders never send one message, and each outcome is committed at once.
"""

import threading

from flask import current_app

from foia import jobs, mail
from foia.extensions import db

#: Most messages the final pass sends in one run.
LIMIT = 2000


def send_outbox(limit: int = LIMIT) -> mail.SendReport:
    """Send every due message over one SMTP connection; return the counts."""
    return mail.send_due(limit)


class EarlySender:
    """Send the messages already committed while later people's reminders are decided.

    A thread of its own, with its own app context and so its own session and connection: the
    SMTP server's work and the database's overlap with the deciding and rendering done here.
    What it leaves (a failure, a message committed after its last look) the final pass sends.
    """

    def __init__(self, app) -> None:
        self.app = app
        self.report = mail.SendReport()
        self._ready = threading.Event()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._work, name="reminders-sender", daemon=True)

    def __enter__(self) -> "EarlySender":
        self._thread.start()
        return self

    def wake(self) -> None:
        """Say that more messages were committed."""
        self._ready.set()

    def __exit__(self, *exc_info) -> None:
        self._done.set()
        self._ready.set()
        self._thread.join()

    def _work(self) -> None:
        with self.app.app_context():
            try:
                # One connection for the run, as the last pass has.
                with mail.Link(mail.settings()) as link:
                    self._send_while_deciding(link)
            except jobs.DATABASE_ERRORS:
                pass  # the run's own thread meets it too, and reports it in one line
            except Exception:  # noqa: BLE001 - the final pass sends what is left
                current_app.logger.exception("early sending of reminders stopped")
            finally:
                db.session.remove()

    def _send_while_deciding(self, link: mail.Link) -> None:
        while not self._done.is_set():
            self._ready.wait()
            self._ready.clear()
            if self._done.is_set():
                return
            report = mail.send_due(LIMIT, link)
            # A message another sender holds is left to the final pass, which counts it.
            report.busy = 0
            self.report.merge(report)
            if report.retrying:
                return  # the SMTP server is in trouble: the final pass sends what is due
