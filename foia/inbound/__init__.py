"""Inbound mail: fetch the campaign mailbox, parse what real mail throws at us, tell replies,
auto-replies and bounces apart, match each message to its request and suggest what it means.

- parse.py: one message's bytes into headers, text and files (pure).
- kinds.py: reply, auto-reply or bounce, with a bounce's failed addresses (pure).
- suggest.py: the ledger events a reply's text suggests (pure).
- operations.py: store, de-duplicate, match, assign, record bounces (flush, never commit).
- imap.py: fetch new mail from an IMAP folder and remember where it stopped.
- views.py: the /inbox pages; cli.py: `flask inbox import` and `flask inbox fetch`.
"""

from flask import Blueprint

bp = Blueprint("inbox", __name__)
