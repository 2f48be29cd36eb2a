"""Configuration read from the environment, with safe defaults."""

import os
import secrets
from pathlib import Path


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def load_secret_key(instance_path: str) -> str:
    """Return FOIA_SECRET_KEY, or a key generated once and kept in the instance folder."""
    if key := os.environ.get("FOIA_SECRET_KEY"):
        return key
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write with owner-only permissions: the key signs sessions and reset tokens.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def from_environment(instance_path: str) -> dict:
    """Build the app configuration from FOIA_* environment variables."""
    default_db = f"sqlite:///{Path(instance_path) / 'foia.sqlite3'}"
    return {
        "SQLALCHEMY_DATABASE_URI": os.environ.get("FOIA_DATABASE_URL", default_db),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SECRET_KEY": load_secret_key(instance_path),
        "SMTP_HOST": os.environ.get("FOIA_SMTP_HOST", "localhost"),
        "SMTP_PORT": int(os.environ.get("FOIA_SMTP_PORT", "25")),
        "SMTP_USER": os.environ.get("FOIA_SMTP_USER", ""),
        "SMTP_PASSWORD": os.environ.get("FOIA_SMTP_PASSWORD", ""),
        "SMTP_STARTTLS": _env_bool("FOIA_SMTP_STARTTLS", False),
        # Seconds to wait for the SMTP server's each answer, and for the acceptance of a message
        # after its DATA (longer: giving up while the server accepts sends it twice, RFC 1047).
        "SMTP_TIMEOUT": float(os.environ.get("FOIA_SMTP_TIMEOUT", "30")),
        "SMTP_DATA_TIMEOUT": float(os.environ.get("FOIA_SMTP_DATA_TIMEOUT", "300")),
        "MAIL_FROM": os.environ.get("FOIA_MAIL_FROM", "foia@localhost"),
        # Set (`make run` does): outgoing mail is written as .eml files into this directory and
        # counts as sent; nothing reaches an SMTP server. Never on unless set (foia.mail.capture).
        "MAIL_CAPTURE_DIR": os.environ.get("FOIA_MAIL_CAPTURE_DIR", "").strip(),
        # Filing emails carry Reply-To: foia+FR-2026-00001@example.org (and bounce back there),
        # so replies find their request by address (foia.inbound.addresses).
        "REPLY_PLUS": _env_bool("FOIA_REPLY_PLUS", False),
        # Where links in emails point (reminders, password resets): never the Host header.
        "BASE_URL": os.environ.get("FOIA_BASE_URL", "http://127.0.0.1:5000"),
        "DOCUMENTS_DIR": os.environ.get(
            "FOIA_DOCUMENTS_DIR", str(Path(instance_path) / "documents")
        ),
        "MAX_CONTENT_LENGTH": int(os.environ.get("FOIA_MAX_UPLOAD_BYTES", str(100 * 1024 * 1024))),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _env_bool("FOIA_SECURE_COOKIES", False),
        # How many reverse proxies stand in front of the app (nginx: 1). Their X-Forwarded-For
        # and X-Forwarded-Proto give the client's address (login throttling) and scheme; with
        # 0, those headers are ignored, since any client could send them.
        "TRUSTED_PROXIES": int(os.environ.get("FOIA_TRUSTED_PROXIES", "0")),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "PERMANENT_SESSION_LIFETIME": int(os.environ.get("FOIA_SESSION_SECONDS", "43200")),
        # A session unused for this long ends, however young (foia.auth.sessions).
        "SESSION_IDLE_MINUTES": int(os.environ.get("FOIA_SESSION_IDLE_MINUTES", "60")),
        # Lawyers and admins must turn on two-factor sign-in before any other page opens.
        "REQUIRE_2FA": _env_bool("FOIA_REQUIRE_2FA", False),
        "WTF_CSRF_TIME_LIMIT": None,
        "AGENCY_IMPORT_MAX_BYTES": 5 * 1024 * 1024,
        # The campaign worker: "subprocess" (a detached `flask campaigns ...`) or "inline".
        "CAMPAIGN_WORKER": os.environ.get("FOIA_CAMPAIGN_WORKER", "subprocess"),
        "WORKER_LOG_DIR": os.environ.get("FOIA_WORKER_LOG_DIR", ""),
        "FOLLOW_UP_BUSINESS_DAYS": int(os.environ.get("FOIA_FOLLOW_UP_DAYS", "10")),
        # The mailbox `flask inbox fetch` reads agencies' replies from (no host: not set up).
        "IMAP_HOST": os.environ.get("FOIA_IMAP_HOST", ""),
        "IMAP_PORT": int(os.environ.get("FOIA_IMAP_PORT", "993")),
        "IMAP_USER": os.environ.get("FOIA_IMAP_USER", ""),
        "IMAP_PASSWORD": os.environ.get("FOIA_IMAP_PASSWORD", ""),
        "IMAP_FOLDER": os.environ.get("FOIA_IMAP_FOLDER", "INBOX"),
        # "ssl" (TLS from the start), "starttls" or "none".
        "IMAP_TLS": os.environ.get("FOIA_IMAP_TLS", "ssl").strip().lower(),
        # Where stored messages are moved; empty: they stay, flagged $FoiaStored.
        "IMAP_DONE_FOLDER": os.environ.get("FOIA_IMAP_DONE_FOLDER", ""),
        "IMAP_TIMEOUT_SECONDS": float(os.environ.get("FOIA_IMAP_TIMEOUT", "60")),
        # Without a successful fetch for this long, /admin/jobs warns that replies are not arriving.
        "IMAP_STALE_MINUTES": int(os.environ.get("FOIA_IMAP_STALE_MINUTES", "30")),
        # Who signs the letters, until the organisation profile exists in the app.
        "LETTER_REQUESTER_NAME": os.environ.get("FOIA_LETTER_REQUESTER_NAME", "Requester name"),
        "LETTER_ORGANISATION": os.environ.get("FOIA_LETTER_ORGANISATION", ""),
        "LETTER_ADDRESS": os.environ.get("FOIA_LETTER_ADDRESS", ""),
        "LETTER_EMAIL": os.environ.get("FOIA_LETTER_EMAIL", ""),
        "LETTER_PHONE": os.environ.get("FOIA_LETTER_PHONE", ""),
    }
