"""The layers of ARCHITECTURE.md ("Layers"), checked on every import statement of ``reader/``
(function-level imports included): imports only point downwards."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "reader"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules(under: str) -> list[Path]:
    return sorted((ROOT / under).rglob("*.py")) if under else sorted(ROOT.rglob("*.py"))


def _offenders(files: list[Path], banned: tuple[str, ...], allowed: tuple[str, ...] = ()) -> list[str]:
    bad = []
    for path in files:
        rel = path.relative_to(ROOT.parent).as_posix()
        if any(rel.startswith(a) for a in allowed):
            continue
        for name in sorted(_imports(path)):
            if any(name == b or name.startswith(b + ".") for b in banned):
                bad.append(f"{rel} imports {name}")
    return bad


def test_the_checker_sees_imports() -> None:
    """The rule below would pass vacuously if the walk found nothing."""
    assert "reader.core.library" in _imports(ROOT / "cli.py")
    assert any("PySide6" in n for n in _imports(ROOT / "ui" / "main_window.py"))


def test_the_core_never_imports_qt() -> None:
    assert _offenders(_modules("core"), ("PySide6", "shiboken6", "qtawesome", "reader.ui")) == []


def test_the_window_talks_to_the_library_only() -> None:
    banned = ("reader.core.store", "reader.core.search", "reader.core.importers", "sqlalchemy",
              "sqlmodel", "whoosh", "sqlite3")
    assert _offenders(_modules("ui"), banned) == []


@pytest.mark.parametrize(("banned", "home"), [
    (("sqlalchemy", "sqlmodel", "sqlite3"), ("reader/core/store/",)),
    (("whoosh",), ("reader/core/search/", "reader/core/writer_task.py")),
])
def test_each_engine_is_imported_by_its_own_package_only(banned: tuple[str, ...],
                                                         home: tuple[str, ...]) -> None:
    assert _offenders(_modules(""), banned, allowed=home) == []


def test_the_search_and_the_importers_do_not_know_the_store() -> None:
    files = _modules("core/search") + _modules("core/importers")
    assert _offenders(files, ("reader.core.store", "reader.core.library")) == []


def test_the_command_line_uses_the_core_only() -> None:
    # (``gui`` starts the window lazily through reader.ui.app: that one import is the exception)
    imports = _imports(ROOT / "cli.py")
    assert {n for n in imports if n.startswith("reader.ui")} <= {"reader.ui.app"}
    assert not {n for n in imports if n.split(".")[0] in {"PySide6", "sqlalchemy", "whoosh"}}
