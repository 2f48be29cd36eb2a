"""Warming a server's worker before it takes requests, so that the first views do not pay.

A worker left cold does its lazy set-up in the first views it serves: every template compiled
(about 0.5 s in all), every law read, and the holiday library's countries imported and each
calendar's years built (80 ms on the first page that counts a day). Under load that lands all at
once: four fresh workers each spent about half a second of CPU on their first views while fifty
connections queued, and those first seconds alone put the page mix's p99 over 1 s (1.2 s in the
first 5 s after a start, against 0.42 s once warm; bench/RESULTS.md, "Cold workers").
`wsgi.py` calls `warm_up` in each gunicorn worker before it accepts a connection.
"""

from __future__ import annotations

from datetime import date

from flask import Flask

from foia.deadlines import calendar_for, load_laws
from foia.deadlines.holidays import Level

#: Templates that are pages or emails; macros are compiled with the templates that import them.
TEMPLATE_SUFFIXES = (".html", ".txt")


def warm_up(app: Flask, today: date) -> None:
    """Compile every template and build every jurisdiction's calendar around `today`."""
    compile_templates(app)
    build_calendars(today)


def compile_templates(app: Flask) -> None:
    """Compile every page and email template into the app's template cache."""
    environment = app.jinja_env
    for name in environment.list_templates(filter_func=lambda n: n.endswith(TEMPLATE_SUFFIXES)):
        environment.get_template(name)


def build_calendars(today: date) -> None:
    """Load every law and build its calendars' business days around `today`, at every level."""
    for code in load_laws():
        for level in Level:  # a state or county agency may keep days a town does not
            # Counting one day builds the calendar's index of the years around it.
            calendar_for(code, level=level).business_days_between(today, today)
