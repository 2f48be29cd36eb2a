"""Responses: what agencies send back, per-category outcomes, fees, notes, email in, appeals."""

from flask import Blueprint

bp = Blueprint("responses", __name__)
