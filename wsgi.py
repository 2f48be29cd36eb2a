"""WSGI entry point: `gunicorn wsgi:app` and `flask --app wsgi ...`."""

import gc

from foia.app import create_app

app = create_app()
# What building the app made (modules, models, templates, SQLAlchemy's mappings) lives as long
# as the process: frozen, it is left out of the cyclic collector's full passes, which otherwise
# walk it all. A scorecard page of the busiest agencies (30,000 objects made and dropped) set off
# one every few views: p95 113-120 ms against a p50 of 41-43, 44 ms frozen (bench/RESULTS.md).
gc.freeze()
