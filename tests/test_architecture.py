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


def test_cli_core_commands_load_no_qt():
    code = (
        "import sys; import desktop.cli, desktop.commands, index.importer, index.library; "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
