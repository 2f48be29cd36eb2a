"""Shared test helpers live in tests/support/: no module imports a conftest, and none imports
another test package's modules (a helper two packages need belongs in tests/support)."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def package_of(module: str) -> str:
    """Return the test package of a dotted module name ("tests.inbound.test_fetch" -> "inbound")."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 else ""


def test_imports_go_through_tests_support():
    wrong = []
    for path in sorted(TESTS.rglob("*.py")):
        module = ".".join(path.relative_to(TESTS.parent).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tests.")):
                continue
            imported = node.module
            if imported.startswith("tests.support."):
                continue
            is_conftest = imported.endswith(".conftest")
            is_other_package = package_of(imported) != package_of(module)
            if is_conftest or is_other_package or module.startswith("tests.support."):
                wrong.append(f"{path.relative_to(TESTS.parent)}:{node.lineno}: {imported}")
    assert not wrong, "import these from tests/support instead:\n" + "\n".join(wrong)
