"""Records requests: one letter to one agency, its clock ledger and its deadlines."""

from flask import Blueprint

bp = Blueprint("requests", __name__)
