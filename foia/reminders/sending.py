"""Sending the outbox at the end of `flask reminders send`, once every reminder is decided.

A sender of the outbox like `flask mail send`: each message is claimed before it is tried, so
two senders never send one message, and each outcome is committed at once.
"""

from foia import mail

#: Most messages the final pass sends in one run.
LIMIT = 2000


def send_outbox(limit: int = LIMIT) -> mail.SendReport:
    """Send every due message over one SMTP connection; return the counts."""
    return mail.send_due(limit)
