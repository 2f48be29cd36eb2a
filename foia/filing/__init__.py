"""Filing: approve a request's letter and send it by email, portal, postal mail or fax."""

from flask import Blueprint

bp = Blueprint("filing", __name__)
