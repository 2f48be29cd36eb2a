"""WSGI entry point: `gunicorn wsgi:app` and `flask --app wsgi ...`."""

import gc
import sys

from foia import clock
from foia.app import create_app
from foia.warm import warm_up

app = create_app()
if "gunicorn" in sys.modules:
    # A server's worker, about to take requests: set up now what its first views would
    # (foia/warm.py has the measured figures). `flask --app wsgi` commands skip it.
    warm_up(app, clock.today())
# What building the app made (modules, models, templates, SQLAlchemy's mappings) lives as long
# as the process: frozen, it is left out of the cyclic collector's full passes, which otherwise
# walk it all. A scorecard page of the busiest agencies (30,000 objects made and dropped) set off
# one every few views: p95 113-120 ms against a p50 of 41-43, 44 ms frozen (bench/RESULTS.md).
gc.freeze()
