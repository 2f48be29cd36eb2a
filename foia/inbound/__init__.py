"""Inbound mail: fetch the campaign mailbox, parse what real mail throws at us, tell replies,
auto-replies and bounces apart, match each message to its request and suggest what it means.

- parse.py: one message's bytes into headers, text and files; charsets.py: decoding text;
  mailboxes.py: mbox, maildir and .eml folders; largeparts.py: big attachments (all pure).
- kinds.py: the vocabulary (reply, auto-reply, bounce) and what classification finds (pure).
- classify.py: tell a message's kind; bounces.py: a bounce's failed addresses and reasons;
  mailread.py: reading hostile mail without raising (all pure).
- suggest.py: the ledger events a reply's text suggests (pure).
- operations.py: store, de-duplicate, assign, record bounces (flush, never commit);
  matching.py: which request a message belongs to; addresses.py: reply address per request;
  review.py: what a person confirms; delivery.py / refile.py: bounced filings, filing again.
- imap.py: fetch new mail from an IMAP folder and remember where it stopped.
- views.py: the /inbox pages; cli.py: `flask inbox import` and `flask inbox fetch`.
"""

from flask import Blueprint

bp = Blueprint("inbox", __name__)
