"""Configuration comes from the environment with safe defaults."""

import os
import stat

from sqlalchemy import text

from foia.app import create_app
from foia.config import from_environment, load_secret_key
from foia.extensions import db


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("FOIA_SECRET_KEY", raising=False)
    first = load_secret_key(str(tmp_path))
    assert len(first) >= 64
    assert load_secret_key(str(tmp_path)) == first
    mode = stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode)
    assert mode == 0o600


def test_secret_key_from_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("FOIA_SECRET_KEY", "from-the-environment")
    assert load_secret_key(str(tmp_path)) == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


def test_defaults_and_overrides(tmp_path, monkeypatch):
    for name in ("FOIA_DATABASE_URL", "FOIA_SMTP_PORT", "FOIA_SMTP_STARTTLS"):
        monkeypatch.delenv(name, raising=False)
    config = from_environment(str(tmp_path))
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'foia.sqlite3'}"
    monkeypatch.setenv("FOIA_DATABASE_URL", "postgresql+psycopg://u@h/db")
    monkeypatch.setenv("FOIA_SMTP_HOST", "mail.example.org")
    monkeypatch.setenv("FOIA_SMTP_PORT", "2525")
    monkeypatch.setenv("FOIA_SMTP_STARTTLS", "true")
    monkeypatch.setenv("FOIA_MAIL_FROM", "records@example.org")
    monkeypatch.setenv("FOIA_DOCUMENTS_DIR", "/srv/docs")
    config = from_environment(str(tmp_path))
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"
    assert (config["SMTP_HOST"], config["SMTP_PORT"], config["SMTP_STARTTLS"]) == (
        "mail.example.org",
        2525,
        True,
    )
    assert config["MAIL_FROM"] == "records@example.org"
    assert config["DOCUMENTS_DIR"] == "/srv/docs"


def test_sqlite_has_wal_and_foreign_keys(tmp_path, monkeypatch):
    monkeypatch.setenv("FOIA_SECRET_KEY", "x")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}"})
    with app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        db.session.remove()
        db.engine.dispose()
