"""The agency directory."""

from flask import Blueprint

bp = Blueprint("agencies", __name__)
