"""What an email says: its body rendered from `templates/emails/`, and links that work outside
the app (always on FOIA_BASE_URL, never the Host header of whatever request is running)."""

from urllib.parse import urlsplit

from flask import current_app


def render_email(name: str, **context) -> str:
    """Render an email template (no request needed: site context processors are skipped)."""
    return current_app.jinja_env.get_template(f"emails/{name}").render(**context)


def external_url(endpoint: str, **values) -> str:
    """Return an absolute link for emails, always on FOIA_BASE_URL (never the Host header)."""
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)
