"""Who may use each route. Every view declares it; a route without a declaration is refused.

`@public` lets anyone in; `@require(Role.VOLUNTEER)` needs a logged-in user at that rung of the
role ladder or above (volunteer < lawyer < admin). The app checks, before every request, that
the endpoint declared its rule, so a new route cannot be reachable by accident.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, current_app, request
from flask_login import current_user

from foia.auth.models import ROLES, Role
from foia.extensions import login_manager

F = TypeVar("F", bound=Callable[..., Any])

#: Attribute set on view functions to record their rule.
ACCESS_ATTR = "foia_access"
PUBLIC = "public"

__all__ = ["ACCESS_ATTR", "PUBLIC", "Role", "access_rule", "public", "require"]


def public(view: F) -> F:
    """Mark a view as open to anyone, logged in or not."""
    setattr(view, ACCESS_ATTR, PUBLIC)
    return view


def require(role: Role) -> Callable[[F], F]:
    """Require a logged-in user with `role` or a higher one."""
    if role not in ROLES:  # a bare string that is no role fails at import, not at a request
        raise ValueError(f"unknown role {role!r}")

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(role):
                abort(403)
            return view(*args, **kwargs)

        setattr(wrapped, ACCESS_ATTR, role)
        return wrapped  # type: ignore[return-value]

    return decorator


def access_rule(endpoint: str) -> str | None:
    """Return the declared rule of an endpoint, or None when it declares none."""
    if endpoint == "static":
        return PUBLIC
    view = current_app.view_functions.get(endpoint)
    return getattr(view, ACCESS_ATTR, None)


def enforce_declared_access() -> None:
    """Refuse any request to an endpoint that did not declare who may use it."""
    if request.endpoint is None:
        return  # 404 and 405 are handled by Flask itself
    if access_rule(request.endpoint) is None:
        current_app.logger.error("endpoint %s declares no access rule", request.endpoint)
        abort(403)
