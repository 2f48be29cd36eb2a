"""Flask extensions, created unbound and initialised by the app factory."""

from typing import TYPE_CHECKING

from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from foia.db import Base

db = SQLAlchemy(model_class=Base)

if TYPE_CHECKING:
    # mypy cannot take a base class from an instance's attribute (python/mypy#8603), so to it the
    # models derive from the declarative base, which types their `Mapped` columns.
    class Model(Base):
        """The base of every model, as the type checker sees it."""

        __abstract__ = True
else:
    #: The base of every model: Flask-SQLAlchemy's `db.Model` (built on `Base`).
    Model = db.Model
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
