"""WSGI entry point: `gunicorn wsgi:app` and `flask --app wsgi ...`."""

from foia.app import create_app

app = create_app()
