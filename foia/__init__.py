"""foia: public-records campaigns about police face recognition."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


#: Domains with web pages: each has a blueprint `bp` in __init__.py and routes in views.py.
WEB_DOMAINS = (
    "health",
    "auth",
    "dashboard",
    "agencies",
    "jurisdictions",
    "requests",
    "letters",
    "reminders",
    "feeds",
    "documents",
    "responses",
    "inbound",
    "search",
    "campaigns",
    "filing",
    "mail",
    "auditlog",
)

#: Domains with `flask` commands: each has foia/<domain>/cli.py exposing `register(app)`,
#: or is listed in register_commands below.
CLI_DOMAINS: tuple[str, ...] = (
    "backup",
    "reminders",
    "documents",
    "inbound",
    "campaigns",
    "requests",
)


def create_app(config: dict | None = None) -> Flask:
    """Build the app: load configuration, then wire extensions, blueprints and commands."""
    # Flask is imported here, not at the top, so that `import foia.deadlines` stays pure.
    from flask import Flask

    from foia import config as config_module

    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="../static",
    )
    app.config.update(config_module.from_environment(app.instance_path))
    if config:
        app.config.update(config)
    register_extensions(app)
    register_blueprints(app)
    register_hooks(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    """Bind the extensions to this app."""
    from foia.extensions import csrf, db, login_manager, migrate

    db.init_app(app)
    from foia.search.models import include_object

    migrate.init_app(
        app,
        db,
        directory=str(_project_dir() / "migrations"),
        render_as_batch=True,
        include_object=include_object,  # the full-text index is made by hand per dialect
    )
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see that page."
    login_manager.login_message_category = "info"
    _import_models()


def register_blueprints(app: Flask) -> None:
    """Mount each domain's blueprint (importing its views attaches the routes)."""
    from importlib import import_module

    from foia.web import IdConverter

    app.url_map.converters["int"] = IdConverter  # before any route is added
    for domain in WEB_DOMAINS:
        import_module(f"foia.{domain}.views")
        app.register_blueprint(import_module(f"foia.{domain}").bp)


def register_hooks(app: Flask) -> None:
    """Install the access check, security headers, template helpers and error pages."""
    from foia import web
    from foia.auth.access import enforce_declared_access

    web.trust_proxies(app)
    app.session_interface = web.SessionInterface()
    app.jinja_env.add_extension("jinja2.ext.do")
    app.before_request(enforce_declared_access)
    app.after_request(web.security_headers)
    app.context_processor(web.template_globals)
    for code in (400, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(code, web.error_page)
    from sqlalchemy.exc import DataError

    for database_error in web.DATABASE_ERRORS:
        app.register_error_handler(database_error, web.database_unavailable)
    # A query-string id or page past the integer range (SQLite raises OverflowError,
    # PostgreSQL "out of range"): the request is bad, not the server.
    app.register_error_handler(OverflowError, web.value_out_of_range)
    app.register_error_handler(DataError, web.value_out_of_range)
    from foia import mail

    app.teardown_request(mail.send_queued_after_request)


def register_commands(app: Flask) -> None:
    """Add the `flask` commands."""
    from foia.agencies.cli import agencies_cli
    from foia.auth.cli import users_cli
    from foia.deadlines.cli import deadlines
    from foia.letters.cli import letters_cli
    from foia.seed.cli import seed

    app.cli.add_command(users_cli)
    app.cli.add_command(agencies_cli)
    app.cli.add_command(deadlines)
    app.cli.add_command(seed)
    from foia import mail

    mail.register_cli(app)
    app.cli.add_command(letters_cli)
    from importlib import import_module

    for domain in CLI_DOMAINS:
        import_module(f"foia.{domain}.cli").register(app)


#: Domains with tables: each has foia/<domain>/models.py.
MODEL_DOMAINS = (
    "auth",
    "agencies",
    "jurisdictions",
    "campaigns",
    "requests",
    "letters",
    "reminders",
    "feeds",
    "documents",
    "responses",
    "inbound",
    "search",
)


def _import_models() -> None:
    # Every model module, so that metadata (and Alembic autogenerate) sees all tables.
    from importlib import import_module

    from foia import audit, mail  # noqa: F401

    for domain in MODEL_DOMAINS:
        import_module(f"foia.{domain}.models")


def _project_dir():
    from pathlib import Path

    return Path(__file__).resolve().parent.parent
