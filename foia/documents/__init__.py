"""Documents: files stored once by content hash, their type, pages and extracted text."""

from flask import Blueprint

bp = Blueprint("documents", __name__)
