"""Campaigns: one master request sent to many agencies."""

from flask import Blueprint

bp = Blueprint("campaigns", __name__)
