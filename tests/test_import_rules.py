"""The import rules of docs/ARCHITECTURE.md, checked over the source of foia/ (no app, no imports).

A test over the AST rather than import-linter: it needs no new dependency, runs in a few
seconds, sees imports inside functions (which the app uses to break cycles) and can say, in
one message, the file, the line and the rule a change broke.

1. The legal core (foia/deadlines) imports no framework and no other foia package.
2. No private name (`_name`) of one package is used from another.
3. Packages reach each other only through their public modules (below); views and commands
   are entry points that only the app factory wires.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FOIA = Path(__file__).resolve().parents[1] / "foia"

#: Frameworks the legal core never imports: it takes plain values and `today` as arguments.
FRAMEWORKS = ("flask", "flask_", "sqlalchemy", "werkzeug", "wtforms", "jinja2", "alembic", "click")

#: The core's one edge: `flask deadlines ...` is a click group that reads today from foia.clock
#: and checks typed dates with foia.dates (a command, not part of the calculation).
CORE_EDGE = {"foia.deadlines.cli": ("click", "foia.dates", "foia.clock")}

#: Module names that are public in every package: the house layout (STYLE.md rule 3) plus a
#: package's vocabularies, read-side queries and exceptions. `views` and `cli` are never public.
PUBLIC = {"models", "operations", "forms", "kinds", "queries", "errors"}

#: Further modules a package offers to the others on purpose: a service with a small surface.
PACKAGE_PUBLIC = {
    "auth": {"access"},  # the permission checks every view makes
    "documents": {
        "storage",  # the one place files are written and read
        "detect",  # the type a stored file is sent with (the public tracker sends public ones)
    },
    "mail": {"compose"},  # queue a message, sent after commit
    "letters": {
        # a request's letter, its PDF, its fields
        "compose",
        "render",
        "pdf",
        "fields",
        "setup",  # whether the organisation is set up to generate letters (refused until it is)
        "context",  # pure: the requester and the long date every letter, appeals too, shows
    },
    "requests": {
        # derived request state
        "status",
        "clocks",
        "batch",  # recompute every open request after a closure changes which days count
        "calendars",
        "open_deadlines",
        "next_action",  # pure: the one next thing to do on a request, shown on its page
        "assignment",  # who works on a request: its lawyer and volunteer, also read by reminders
        "status_filter",  # a derived status as a SQL condition, for the list and the search
    },
    "reminders": {
        "selection",  # pure: which reminders are due today
        "followups",  # an overdue request's follow-up letter, drafted and sent from its page
    },
    "jurisdictions": {"codes", "policies"},  # jurisdiction codes, face-recognition policies
    "inbound": {
        "delivery",  # whether a sent letter was delivered or bounced
        "addresses",  # pure: the reply address each filed request is sent from
        "refile",  # filing again after a bounce, offered on the request page
    },
    "filing": {
        "jobs",  # queue a request's filing
        "preflight",  # which agencies lack what their channel needs, checked before filing
        "problems",  # why requests were not filed, in words, shown on every list of them
    },
    "responses": {
        "results",  # a campaign's outcomes per category, shown and exported by campaigns
        "sections",  # what the request page's response sections show
        "appeals",  # when an appeal is offered, and its letter, from the request page
        "chronology",  # a request's whole history for litigation, downloaded from its page
        "exemptions",  # pure: a jurisdiction's exemptions, also for the reply suggester
    },
    "agencies": {"csvio"},  # CSV in and out, with the formula escaping every CSV export uses
    # pure: an agency's figures (median days to first response, share answered on time), shown
    # on the scorecards page and on the agency's own page (foia/agencies/record.py)
    "dashboard": {"scorecards"},
}

#: The legal core is a library of pure functions and frozen values: all of it is public but
#: its command.
CORE_PRIVATE = {"cli"}

#: The app factory wires every package (views, commands, models), so it may import any module.
FACTORY = {"foia", "foia.app"}


@dataclass(frozen=True)
class Import:
    """One imported module (and the names taken from it), where it is imported."""

    path: Path
    line: int
    module: str
    names: tuple[str, ...] = ()


def module_name(path: Path, root: Path) -> str:
    """Return the dotted module name of a source file ("foia/requests/views.py" -> ...)."""
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_of(module: str) -> str:
    """Return the top-level unit a module belongs to: "foia.requests" or "foia.clock"."""
    return ".".join(module.split(".")[:2])


def is_package(unit: str, root: Path) -> bool:
    """Tell whether a unit ("foia.requests") is a package rather than a module (foia.clock)."""
    return (root.parent / unit.replace(".", "/") / "__init__.py").exists()


def is_module(dotted: str, root: Path) -> bool:
    """Tell whether a dotted name is a module or package under foia/."""
    base = root.parent / dotted.replace(".", "/")
    return base.with_suffix(".py").exists() or (base / "__init__.py").exists()


def absolute(node: ast.ImportFrom, importer: str, path: Path) -> str:
    """Return the absolute module of a `from ... import`, resolving relative imports."""
    if not node.level:
        return node.module or ""
    here = importer.split(".") if path.name == "__init__.py" else importer.split(".")[:-1]
    base = here[: len(here) - node.level + 1]
    return ".".join([*base, node.module] if node.module else base)


def imports(path: Path, tree: ast.AST, root: Path) -> Iterator[Import]:
    """Yield every import in a file, at any depth; `from pkg import mod` yields `pkg.mod`."""
    importer = module_name(path, root)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(path, node.lineno, alias.name)
        elif isinstance(node, ast.ImportFrom):
            module = absolute(node, importer, path)
            names = tuple(alias.name for alias in node.names)
            modules = [n for n in names if is_module(f"{module}.{n}", root)]
            yield Import(path, node.lineno, module, tuple(n for n in names if n not in modules))
            for name in modules:
                yield Import(path, node.lineno, f"{module}.{name}")


def bound_modules(tree: ast.AST, importer: str, path: Path, root: Path) -> dict[str, str]:
    """Return the local names bound to foia modules (`from foia.x import m`, `import ... as`)."""
    bound = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = absolute(node, importer, path)
            for alias in node.names:
                if is_module(f"{module}.{alias.name}", root):
                    bound[alias.asname or alias.name] = f"{module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("foia.") and alias.asname:
                    bound[alias.asname] = alias.name
    return bound


def dotted(node: ast.expr) -> str | None:
    """Return "a.b.c" for a chain of attributes on a name, else None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = dotted(node.value)
        return f"{inner}.{node.attr}" if inner else None
    return None


def is_private(name: str) -> bool:
    """Tell whether a name is private to its module (`_name`, not `__dunder__`)."""
    return name.startswith("_") and not name.startswith("__")


def where(item: Import | tuple[Path, int], root: Path) -> str:
    """Return "foia/x/y.py:12" for a violation message."""
    path, line = (item.path, item.line) if isinstance(item, Import) else item
    return f"{path.relative_to(root.parent)}:{line}"


@cache
def sources(root: Path) -> tuple[tuple[Path, str, ast.AST], ...]:
    """Return each source file of foia/ with its module name and syntax tree (parsed once)."""
    return tuple(
        (path, module_name(path, root), ast.parse(path.read_text("utf-8"), str(path)))
        for path in sorted(root.rglob("*.py"))
    )


def core_violations(root: Path = FOIA) -> list[str]:
    """Return the legal core's imports of frameworks and of other foia packages."""
    wrong = []
    for path, module, tree in sources(root):
        if package_of(module) != "foia.deadlines":
            continue
        allowed = CORE_EDGE.get(module, ())
        for item in imports(path, tree, root):
            target = item.module
            if any(target == a or target.startswith(f"{a}.") for a in allowed):
                continue
            top = target.split(".")[0]
            is_framework = any(
                top == f or (f.endswith("_") and top.startswith(f)) for f in FRAMEWORKS
            )
            if is_framework or (top == "foia" and package_of(target) != "foia.deadlines"):
                wrong.append(f"{where(item, root)}: rule 1, the legal core imports {target}")
    return wrong


def private_violations(root: Path = FOIA) -> list[str]:
    """Return each use of another package's `_name`, imported or reached as an attribute."""
    wrong = []
    for path, module, tree in sources(root):
        unit = package_of(module)
        for item in imports(path, tree, root):
            if not item.module.startswith("foia") or package_of(item.module) == unit:
                continue
            for name in filter(is_private, item.names):
                wrong.append(f"{where(item, root)}: rule 2, imports {item.module}.{name}")
            if is_private(item.module.rsplit(".", 1)[-1]):
                wrong.append(f"{where(item, root)}: rule 2, imports private module {item.module}")
        bound = bound_modules(tree, module, path, root)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Attribute) and is_private(node.attr)):
                continue
            chain = dotted(node.value)
            if chain is None:
                continue
            head, _, rest = chain.partition(".")
            target = bound.get(head, head if head == "foia" else None)
            if target is None:
                continue
            target = f"{target}.{rest}" if rest else target
            if package_of(target) != unit:
                wrong.append(
                    f"{where((path, node.lineno), root)}: rule 2, uses {target}.{node.attr}"
                )
    return wrong


def is_public(target: str, root: Path) -> bool:
    """Tell whether another package may import a module of foia (a dotted module name)."""
    unit = package_of(target)
    if not is_package(unit, root) or target == unit:
        return True  # a top-level module (foia.clock) or a package's own __init__
    first = target.split(".")[2]
    if unit == "foia.deadlines":
        return first not in CORE_PRIVATE
    return first in PUBLIC or first in PACKAGE_PUBLIC.get(unit.split(".")[1], set())


def boundary_violations(root: Path = FOIA) -> list[str]:
    """Return each import of another package's module that is not public."""
    wrong = []
    for path, module, tree in sources(root):
        if module in FACTORY:
            continue
        for item in imports(path, tree, root):
            target = item.module
            is_other = target.startswith("foia.") and package_of(target) != package_of(module)
            if is_other and not is_public(target, root):
                wrong.append(f"{where(item, root)}: rule 3, imports {target}, not a public module")
    return wrong


def test_the_legal_core_imports_no_framework_and_no_other_package():
    wrong = core_violations()
    assert not wrong, "\n".join(wrong)


def test_no_package_uses_another_packages_private_names():
    wrong = private_violations()
    assert not wrong, "\n".join(wrong)


def test_packages_reach_each_other_through_public_modules():
    wrong = boundary_violations()
    assert not wrong, "\n".join(wrong)


def write(root: Path, files: dict[str, str]) -> Path:
    """Lay out a made-up foia/ tree under `root` (every folder a package) and return it."""
    for name, source in files.items():
        path = root / "foia" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, "utf-8")
    for folder in [root / "foia", *(p for p in (root / "foia").rglob("*") if p.is_dir())]:
        (folder / "__init__.py").touch()
    return root / "foia"


def test_rule_1_names_a_framework_or_another_package_imported_by_the_core(tmp_path):
    foia = write(
        tmp_path,
        {
            "deadlines/calculator.py": "from datetime import date\nfrom . import rules\n",
            "deadlines/rules.py": "def f():\n    import flask_login\n",
            "deadlines/model.py": "from foia.requests.models import RecordsRequest\n",
            "deadlines/cli.py": "import click\nfrom foia.clock import today\nimport sqlalchemy\n",
            "requests/models.py": "",
        },
    )
    assert core_violations(foia) == [
        "foia/deadlines/cli.py:3: rule 1, the legal core imports sqlalchemy",
        "foia/deadlines/model.py:1: rule 1, the legal core imports foia.requests.models",
        "foia/deadlines/rules.py:2: rule 1, the legal core imports flask_login",
    ]


def test_rule_2_names_another_packages_private_names_imported_or_reached(tmp_path):
    foia = write(
        tmp_path,
        {
            "requests/operations.py": "def _helper(): ...\ndef _own(): ...\n",
            "requests/views.py": "from foia.requests.operations import _own\n",
            "mail/views.py": (
                "from foia.requests.operations import _helper\n"
                "from foia.requests import operations\n"
                "import foia.requests.operations as ops\n"
                "operations._helper()\nops._helper()\nops.__name__\n"
            ),
        },
    )
    assert private_violations(foia) == [
        "foia/mail/views.py:1: rule 2, imports foia.requests.operations._helper",
        "foia/mail/views.py:4: rule 2, uses foia.requests.operations._helper",
        "foia/mail/views.py:5: rule 2, uses foia.requests.operations._helper",
    ]


def test_rule_3_names_an_import_of_another_packages_views_or_inner_module(tmp_path):
    foia = write(
        tmp_path,
        {
            "requests/views.py": "",
            "requests/page.py": "",
            "requests/models.py": "",
            "requests/status.py": "",
            "clock.py": "",
            "app.py": "from foia.requests import views\n",
            "mail/operations.py": (
                "from foia.requests import views\n"
                "from foia.requests.page import build\n"
                "from foia.requests.models import RecordsRequest\n"
                "from foia.requests.status import is_open\n"
                "from foia import clock\nfrom foia.mail import operations\n"
            ),
        },
    )
    assert boundary_violations(foia) == [
        "foia/mail/operations.py:1: rule 3, imports foia.requests.views, not a public module",
        "foia/mail/operations.py:2: rule 3, imports foia.requests.page, not a public module",
    ]
