"""Findings: facts about an agency, each tied to the page of a document that proves it."""

from flask import Blueprint

bp = Blueprint("findings", __name__)
