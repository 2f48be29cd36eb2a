"""A real IMAP server for the tests: Debian's dovecot on loopback, with a throwaway configuration.

Each server lives in its own temporary directory (configuration, sockets, logs, maildirs), checks
passwords from a passwd-file and serves plain IMAP (with STARTTLS) and IMAP over TLS with a
self-signed certificate made by `openssl`. Each test gets a mailbox (a user) of its own; messages go
in over IMAP (APPEND).
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from imapclient import IMAPClient

from tests.support.servers import free_port

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"

#: Users made at the start, one per test that asks for a mailbox.
MAILBOXES = 300

CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
instance_name = foia-test-{port}
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
# Wrong passwords are tested: answer them without the usual delay.
auth_failure_delay = 0
default_login_user = {login_user}
default_internal_user = {internal_user}
mail_location = maildir:{root}/mail/%u
# The packaged `mail` user (uid 8) is below dovecot's default first_valid_uid of 500.
first_valid_uid = 1
first_valid_gid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root}/passwd
  default_fields = uid={mail_user} gid={mail_group} home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
  # No auth penalty (seconds of delay after a wrong password): auth cannot reach it.
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service imap-login {{
  chroot =
}}
"""


@dataclass
class Mailbox:
    """One user's mailbox on the test server, and how to reach it."""

    server: DovecotServer
    user: str
    password: str

    def client(self) -> IMAPClient:
        """Return a logged-in plain IMAP client (the tests' own view of the mailbox)."""
        client = IMAPClient("127.0.0.1", port=self.server.port, ssl=False, timeout=10)
        client.login(self.user, self.password)
        return client

    def append(self, *messages: bytes, folder: str = "INBOX") -> None:
        """Put messages in a folder over IMAP, unread and unflagged."""
        with self.client() as client:
            for raw in messages:
                client.append(folder, raw)

    def uids(self, folder: str = "INBOX", *criteria) -> list[int]:
        """Return the UIDs in a folder matching the criteria (all of them by default)."""
        with self.client() as client:
            client.select_folder(folder, readonly=True)
            return sorted(client.search(list(criteria) or ["ALL"]))

    def flags(self, folder: str = "INBOX") -> dict[int, set[bytes]]:
        """Return each message's flags in a folder."""
        with self.client() as client:
            client.select_folder(folder, readonly=True)
            found = client.get_flags(client.search(["ALL"]))
            return {uid: set(flags) for uid, flags in found.items()}

    def config(self, **overrides) -> dict:
        """Return the app settings that point at this mailbox over plain IMAP."""
        return {
            "IMAP_HOST": "127.0.0.1",
            "IMAP_PORT": self.server.port,
            "IMAP_USER": self.user,
            "IMAP_PASSWORD": self.password,
            "IMAP_FOLDER": "INBOX",
            "IMAP_TLS": "none",
            "IMAP_DONE_FOLDER": "",
            **overrides,
        }

    def environment(self, **overrides) -> dict[str, str]:
        """Return the FOIA_IMAP_* variables that point at this mailbox over plain IMAP."""
        return {f"FOIA_{key}": str(value) for key, value in self.config(**overrides).items()}


class DovecotServer:
    """A dovecot process serving IMAP on two loopback ports from a temporary directory."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="foia-dovecot-"))
        self.port, self.tls_port = free_port(), free_port()
        self.certificate = self.root / "cert.pem"
        self.process: subprocess.Popen | None = None

    def start(self) -> DovecotServer:
        """Write the configuration and certificate, start dovecot and wait for its ports."""
        # The login and mail processes run as other users: they must reach the directory.
        self.root.chmod(0o755)
        # Every user is there from the start: dovecot rereads a changed passwd-file at most
        # once a second, so a user added later might not be known yet.
        self._mailboxes = [
            Mailbox(self, f"foia-{uuid.uuid4().hex[:10]}@example.org", f"pw-{uuid.uuid4().hex}")
            for _ in range(MAILBOXES)
        ]
        (self.root / "passwd").write_text(
            "".join(f"{m.user}:{{PLAIN}}{m.password}::::::\n" for m in self._mailboxes)
        )
        login, internal, mail_user = _users()
        mail = self.root / "mail"
        mail.mkdir()
        if os.geteuid() == 0:
            shutil.chown(mail, mail_user, mail_user)
        self._make_certificate()
        (self.root / "dovecot.conf").write_text(
            CONFIG.format(
                root=self.root,
                port=self.port,
                tls_port=self.tls_port,
                login_user=login,
                internal_user=internal,
                mail_user=mail_user,
                mail_group=mail_user if os.geteuid() == 0 else _group(),
            )
        )
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(self.root / "dovecot.conf")],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._wait_for_ports()
        return self

    def _make_certificate(self) -> None:
        subprocess.run(
            [
                OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", str(self.root / "key.pem"), "-out", str(self.certificate),
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip
        (self.root / "key.pem").chmod(0o644)

    def _wait_for_ports(self) -> None:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                output = self.process.stdout.read().decode(errors="replace")
                raise RuntimeError(f"dovecot stopped: {output}{self.log()}")
            if all(_listening(port) for port in (self.port, self.tls_port)):
                return
            time.sleep(0.05)
        raise RuntimeError(f"dovecot did not listen in time: {self.log()}")

    def log(self) -> str:
        """Return what dovecot logged."""
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def add_mailbox(self) -> Mailbox:
        """Return a user of its own, with an empty mailbox."""
        return self._mailboxes.pop()

    def trusting_context(self) -> ssl.SSLContext:
        """Return a TLS context that trusts this server's certificate."""
        return ssl.create_default_context(cafile=str(self.certificate))

    def stop(self) -> None:
        """Stop dovecot and remove its directory."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self.process is not None:
            self.process.stdout.close()
        shutil.rmtree(self.root, ignore_errors=True)


def available() -> str:
    """Return why dovecot cannot run here ("" when it can)."""
    if not os.path.exists(DOVECOT):
        return "dovecot is not installed (apt-get install dovecot-imapd)"
    if not os.path.exists(OPENSSL):
        return "openssl is not installed"
    return ""


def _users() -> tuple[str, str, str]:
    """Return the login, internal and mail users: dovecot's own when root, else ourselves."""
    if os.geteuid() == 0:
        return "dovenull", "dovecot", "mail"
    me = pwd.getpwuid(os.geteuid()).pw_name
    return me, me, me


def _group() -> str:
    import grp

    return grp.getgrgid(os.getegid()).gr_name


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0
