"""Responses: what agencies send back, per-category outcomes, fees, notes and appeals.

Its page is the appeal page (views.py); the request page's response sections and actions belong
to foia/requests, and a campaign's results page to foia/campaigns: this package lends them its
operations."""

from flask import Blueprint

bp = Blueprint("responses", __name__)
