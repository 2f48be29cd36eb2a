"""Search across communications, notes and document text, on SQLite FTS5 or PostgreSQL."""

from flask import Blueprint

bp = Blueprint("search", __name__)
