"""Cross-cutting web concerns: security headers, error pages, template globals."""

from flask import Response, render_template, request
from flask_login import current_user
from werkzeug.exceptions import HTTPException, InternalServerError

from foia.extensions import db

# No inline script or style, nothing from other origins (the app works offline).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)

ERROR_TEXT = {
    400: ("Bad request", "The request could not be understood. Check the form and try again."),
    403: ("Not allowed", "Your role does not allow this page or action."),
    404: ("Not found", "There is nothing at this address."),
    405: ("Not allowed", "This address does not accept that kind of request."),
    413: ("Too large", "The file is larger than this site accepts."),
    429: ("Too many requests", "Please wait a moment and try again."),
    500: ("Something went wrong", "The error has been logged. Nothing you entered was saved."),
    503: ("Database unavailable", "The database is not answering. Try again in a minute."),
}


def security_headers(response: Response) -> Response:
    """Add the security headers every response carries."""
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if current_user and getattr(current_user, "is_authenticated", False):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def error_page(error: Exception):
    """Render an error inside the site layout."""
    code = error.code if isinstance(error, HTTPException) else 500
    if code >= 500:
        db.session.rollback()
    title, text = ERROR_TEXT.get(code, (getattr(error, "name", "Error"), ""))
    description = getattr(error, "description", None)
    if code in (400, 413) and description and not isinstance(error, InternalServerError):
        text = description
    return render_template("errors/error.html", code=code, title=title, text=text), code


def database_unavailable(error: Exception):
    """Show a clear page when the database connection fails, and recover on the next request."""
    db.session.rollback()
    db.session.remove()
    title, text = ERROR_TEXT[503]
    return render_template("errors/error.html", code=503, title=title, text=text, bare=True), 503


#: Main navigation: (endpoint, label, lowest role that sees it).
NAV = (
    ("dashboard.index", "Dashboard", "volunteer"),
    ("requests.index", "Requests", "volunteer"),
    ("agencies.index", "Agencies", "volunteer"),
    ("jurisdictions.calculator", "Deadline calculator", "volunteer"),
    ("jurisdictions.index", "Laws", "volunteer"),
    ("letters.templates", "Templates", "volunteer"),
    ("jurisdictions.closures", "Closures", "admin"),
    ("auth.users", "Users", "admin"),
)


def nav_items() -> list[tuple[str, str, bool]]:
    """Return (endpoint, label, is_current) for the links the current user may follow."""
    if not current_user.is_authenticated:
        return []
    here = request.endpoint or ""
    listed = {endpoint for endpoint, _, _ in NAV}

    def is_current(endpoint: str) -> bool:
        # A page not in the menu (an agency's page) belongs to its domain's list.
        same_domain = here.split(".")[0] == endpoint.split(".")[0] and endpoint.endswith(".index")
        return here == endpoint or (here not in listed and same_domain)

    return [
        (endpoint, label, is_current(endpoint))
        for endpoint, label, role in NAV
        if current_user.has_role(role)
    ]


def template_globals() -> dict:
    """Values every template may use."""
    return {"nav_items": nav_items, "current_path": request.path}
