"""Reminders to the people assigned to requests, follow-ups to agencies, and job records."""

from flask import Blueprint

bp = Blueprint("reminders", __name__)
