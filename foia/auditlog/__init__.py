"""The audit log page for admins, and the recording of who was shown a privileged note."""

from flask import Blueprint

bp = Blueprint("auditlog", __name__)
