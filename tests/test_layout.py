"""The shape of the package: pure algorithms stay pure, and imports run one way."""

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import provenance.readers
import provenance.text

SRC = Path(provenance.text.__file__).resolve().parent.parent
DATABASE_PACKAGES = ("sqlalchemy", "alembic")


def _modules(package: object) -> list[str]:
    return [m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]  # type: ignore[attr-defined]


def test_pure_packages_import_no_database_library():
    """Importing every module of provenance.text and provenance.readers loads neither SQLAlchemy
    nor Alembic, directly or through anything they import."""
    modules = ["provenance.text", "provenance.readers",
               *_modules(provenance.text), *_modules(provenance.readers)]
    probe = (f"import sys\nfor m in {modules!r}: __import__(m)\n"
             f"print(sorted(n for n in sys.modules if n.split('.')[0] in {DATABASE_PACKAGES!r}))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


def test_pure_packages_name_no_database_module():
    """Not even a deferred import inside a function: the pure packages import only the standard
    library, third-party text libraries, and provenance's own pure modules."""
    allowed_own = ("provenance.text", "provenance.readers", "provenance.errors", "provenance.roles")
    for folder in ("text", "readers"):
        for path in (SRC / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                         else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
                for name in names:
                    assert name.split(".")[0] not in DATABASE_PACKAGES, f"{path.name} imports {name}"
                    if name.startswith("provenance"):
                        assert name.startswith(allowed_own), f"{path.name} imports {name}"


def test_commands_print_text_only_through_the_escaping_echo():
    """Text output goes through cli.common.echo/note/emit_json, which escape control characters;
    only write_output passes bytes (exports) to stdout as they are."""
    for path in (SRC / "cli").glob("*.py"):
        if path.name == "common.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("echo", "secho") \
                    and isinstance(node.value, ast.Name) and node.value.id == "click":
                assert (path.name, node.lineno) == ("export.py", _write_output_echo_line(path)), \
                    f"{path.name}:{node.lineno} prints with click.{node.attr}"


def _write_output_echo_line(path: Path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if "click.echo(data, nl=False)" in line)
