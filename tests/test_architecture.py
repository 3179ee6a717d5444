"""The layers stay apart: only desktop/ may import Qt, and the CLI's core commands load none."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
QT_MODULES = ("PySide6", "PyQt5", "PyQt6", "shiboken6")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_documents_and_index_never_import_qt():
    offenders = []
    for package in ("documents", "index"):
        for path in sorted((REPO / package).rglob("*.py")):
            bad = _imports(path) & set(QT_MODULES)
            if bad:
                offenders.append(f"{path.relative_to(REPO)}: {sorted(bad)}")
    assert offenders == []


def test_documents_never_import_whoosh_or_desktop():
    offenders = [
        str(path.relative_to(REPO))
        for path in sorted((REPO / "documents").rglob("*.py"))
        if _imports(path) & {"whoosh", "desktop", "index"}
    ]
    assert offenders == []


def test_index_never_imports_desktop():
    offenders = [str(p.relative_to(REPO)) for p in sorted((REPO / "index").rglob("*.py")) if "desktop" in _imports(p)]
    assert offenders == []


def _index_imports(path: Path) -> set[str]:
    """Every module of ``index`` that ``path`` imports from (``index`` itself for the front)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "index")
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 \
                and node.module.split(".")[0] == "index":
            found.add(node.module)
    return found


def test_desktop_reaches_the_index_only_through_its_front():
    """The desktop imports ``index`` (or its errors), never a module behind the front."""
    offenders = []
    for path in sorted((REPO / "desktop").rglob("*.py")):
        behind = _index_imports(path) - {"index", "index.errors"}
        if behind:
            offenders.append(f"{path.relative_to(REPO)}: {sorted(behind)}")
    assert offenders == []


def test_the_front_exports_what_it_declares():
    import index

    assert sorted(index.__all__) == sorted(set(index.__all__))
    missing = [name for name in index.__all__ if not hasattr(index, name)]
    assert missing == []


def test_index_has_subpackages_and_no_oversized_module():
    packages = {p.parent.name for p in (REPO / "index").glob("*/__init__.py")}
    assert {"backend", "query", "search", "ingest"} <= packages
    top = {p.stem for p in (REPO / "index").glob("*.py")}
    assert top == {"__init__", "library", "catalogue", "errors", "fields"}
    sizes = {str(p.relative_to(REPO)): len(p.read_text(encoding="utf-8").splitlines())
             for package in ("index", "desktop", "documents") for p in (REPO / package).rglob("*.py")}
    assert {path: lines for path, lines in sizes.items() if lines > 500} == {}


def test_the_library_does_not_import_the_worker_pool():
    assert not {m for m in _index_imports(REPO / "index" / "library.py") if m.startswith("index.ingest.workers")}


def test_cli_core_commands_load_no_qt():
    code = (
        "import sys; import desktop.cli, desktop.commands, index; "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_desktop_never_touches_whoosh():
    """Whoosh's objects and exceptions stay behind the front: the desktop neither imports nor names them."""
    offenders = [str(p.relative_to(REPO)) for p in sorted((REPO / "desktop").rglob("*.py"))
                 if "whoosh" in _imports(p) or '"whoosh"' in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_the_main_window_only_builds_and_wires():
    tree = ast.parse((REPO / "desktop" / "main_window.py").read_text(encoding="utf-8"))
    [window] = [node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "MainWindow"]
    assert window.end_lineno - window.lineno < 300
