"""The public tracker: a published campaign's pages, exports and feed, open to anyone."""

from flask import Blueprint

bp = Blueprint("public", __name__)
