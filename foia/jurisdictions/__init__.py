"""Jurisdictions, laws, closures and the deadline calculator page."""

from flask import Blueprint

bp = Blueprint("jurisdictions", __name__)
