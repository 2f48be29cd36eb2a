"""Accounts, roles and sessions."""

from flask import Blueprint

bp = Blueprint("auth", __name__)
