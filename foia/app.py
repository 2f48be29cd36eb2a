"""The app factory: load configuration, then wire extensions, blueprints, hooks and commands.

It lives here, not in foia/__init__.py, so that importing the pure legal core (`foia.deadlines`)
imports no Flask.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from flask import Flask
from sqlalchemy.exc import DataError

from foia import audit, links, mail, read_only, web  # noqa: F401 - audit: imported for its model
from foia import config as config_module
from foia.auth.access import enforce_declared_access
from foia.extensions import csrf, db, login_manager, migrate
from foia.search.models import include_object

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
    "findings",
    "public",
)

#: The `flask` command groups, one per domain: its foia/<domain>/cli.py and the group's name there.
COMMAND_GROUPS = (
    ("auth", "users_cli"),
    ("agencies", "agencies_cli"),
    ("deadlines", "deadlines_cli"),
    ("seed", "seed"),
    ("mail", "mail_cli"),
    ("letters", "letters_cli"),
    ("backup", "backup_cli"),
    ("reminders", "reminders_cli"),
    ("documents", "documents_cli"),
    ("inbound", "inbox_cli"),
    ("campaigns", "campaigns_cli"),
    ("requests", "requests_cli"),
    ("findings", "findings_cli"),
)


def create_app(config: dict | None = None) -> Flask:
    """Build the app: load configuration, then wire extensions, blueprints and commands."""
    app = Flask(
        "foia",  # the package, not this module: keeps app.name, the logger name and instance path
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
    db.init_app(app)
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
    app.url_map.converters["int"] = web.IdConverter  # before any route is added
    for domain in WEB_DOMAINS:
        import_module(f"foia.{domain}.views")
        app.register_blueprint(import_module(f"foia.{domain}").bp)


def register_hooks(app: Flask) -> None:
    """Install the access check, security headers, template helpers and error pages."""
    web.trust_proxies(app)
    app.session_interface = web.SessionInterface()
    app.jinja_env.add_extension("jinja2.ext.do")
    app.before_request(web.drop_nul_characters)
    app.before_request(enforce_declared_access)
    app.after_request(web.security_headers)
    app.context_processor(web.template_globals)
    app.add_template_filter(web.local_time)
    app.add_template_filter(web.day)
    app.add_template_global(links.id_link)
    for code in (400, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(code, web.error_page)
    for database_error in web.DATABASE_ERRORS:
        app.register_error_handler(database_error, web.database_unavailable)
    # A query-string id or page past the integer range (SQLite raises OverflowError,
    # PostgreSQL "out of range"): the request is bad, not the server.
    app.register_error_handler(OverflowError, web.value_out_of_range)
    app.register_error_handler(DataError, web.value_out_of_range)
    app.teardown_request(mail.send_queued_after_request)
    read_only.watch()
    app.teardown_request(read_only.commit_if_read_only)


def register_commands(app: Flask) -> None:
    """Add each domain's `flask` command group."""
    for domain, name in COMMAND_GROUPS:
        app.cli.add_command(getattr(import_module(f"foia.{domain}.cli"), name))


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
    "findings",
)


def _import_models() -> None:
    # Every model module, so that metadata (and Alembic autogenerate) sees all tables (those of
    # foia.audit and foia.mail came with their imports above).
    for domain in MODEL_DOMAINS:
        import_module(f"foia.{domain}.models")
    import_module("foia.jobs")  # JobRun: the runs of every scheduled command


def _project_dir() -> Path:
    return Path(__file__).resolve().parent.parent
