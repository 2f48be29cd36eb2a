"""Private iCalendar feeds of open deadlines, per person and per campaign."""

from flask import Blueprint

bp = Blueprint("feeds", __name__)
