"""Letters: record categories, request templates, and the letters rendered from them."""

from flask import Blueprint

bp = Blueprint("letters", __name__)
