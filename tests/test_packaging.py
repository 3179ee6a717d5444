"""Packaging: the spec, the resource resolver, the licences file, portable mode, ``--version``."""

from __future__ import annotations

import ast
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import __version__
from desktop import library_location as location
from documents import resources
from documents.resources import ResourceError, resource_path

REPO = Path(__file__).resolve().parent.parent
BUNDLE = REPO / "dist" / "chancery" / "chancery"
RUNTIME_DISTS = {"PySide6_Essentials", "shiboken6", "whoosh3", "platformdirs", "PyYAML", "charset-normalizer",
                 "pyahocorasick", "pypdf", "python-docx", "lxml", "typing_extensions", "Python"}
DEV_DISTS = {"pytest", "pytest-qt", "pyinstaller", "ruff", "pycountry", "babel", "setuptools", "pip"}


def _build_licenses():
    spec = importlib.util.spec_from_file_location("build_licenses", REPO / "scripts" / "build_licenses.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_spec_parses_and_names_what_it_must():
    source = (REPO / "chancery.spec").read_text(encoding="utf-8")
    tree = ast.parse(source, filename="chancery.spec")
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    assert {"Analysis", "PYZ", "EXE", "COLLECT"} <= names
    assert "CHANCERY_ONEFILE" in source
    assert '"resources"' in source  # the whole resources/ folder is bundled
    assert "libqgtk3" in source and '"tkinter"' in source and "PySide6.QtQml" in source


@pytest.mark.parametrize("bad", ["../pyproject.toml", "icons/../../pyproject.toml", "/etc/passwd", "", "."])
def test_resource_resolver_rejects_escapes(bad):
    with pytest.raises(ResourceError):
        resource_path(bad)


def test_resource_resolver_finds_shipped_files_and_reports_missing_ones():
    assert resource_path("icons/chancery-256.png").is_file()
    assert resource_path("licenses/THIRD_PARTY.json").is_file()
    with pytest.raises(ResourceError, match="Missing resource"):
        resource_path("icons/no-such-icon.png")


def test_resource_resolver_uses_the_bundle_folder_when_frozen(tmp_path, monkeypatch):
    (tmp_path / "resources" / "icons").mkdir(parents=True)
    (tmp_path / "resources" / "icons" / "x.png").write_bytes(b"png")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.resources_root() == tmp_path / "resources"
    assert resource_path("icons/x.png") == tmp_path / "resources" / "icons" / "x.png"


def test_licences_cover_the_runtime_distributions_only():
    document = _build_licenses().collect()
    names = {c["name"] for c in document["components"]}
    assert names >= RUNTIME_DISTS
    assert not {n.lower() for n in names} & DEV_DISTS
    for component in document["components"]:
        assert component["version"] and component["license"], component["name"]
        assert component["texts"], f"no licence text for {component['name']}"


def test_committed_licences_file_is_fresh():
    module = _build_licenses()
    if not module.COMMON_LICENSES.exists():
        pytest.skip("the Qt licence texts come from /usr/share/common-licenses, absent here")
    assert module.main(["--check"]) == 0, "run scripts/build_licenses.py and commit resources/licenses/"


def test_not_portable_from_source_even_with_a_marker(tmp_path, monkeypatch):
    (tmp_path / location.PORTABLE_MARKER).write_text("")
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    monkeypatch.delattr(sys, "frozen", raising=False)
    assert location.bundle_dir() is None
    assert location.portable_dir() is None
    assert location.settings_path() is None
    assert location.default_library_dir() == location.user_library_dir()


def test_portable_marker_next_to_the_frozen_executable(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "chancery"))
    assert location.bundle_dir() == tmp_path.resolve()
    assert location.default_library_dir() == location.user_library_dir()  # no marker yet
    (tmp_path / location.PORTABLE_MARKER).mkdir()
    assert location.portable_dir() is None  # a folder of that name is not the marker
    (tmp_path / location.PORTABLE_MARKER).rmdir()
    (tmp_path / location.PORTABLE_MARKER).write_text("")
    assert location.default_library_dir() == tmp_path.resolve() / "library"
    assert location.settings_path() == str(tmp_path.resolve() / location.PORTABLE_SETTINGS)


def test_portable_marker_beside_a_macos_app(tmp_path, monkeypatch):
    executable = tmp_path / "Chancery.app" / "Contents" / "MacOS" / "chancery"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(executable))
    (tmp_path / location.PORTABLE_MARKER).write_text("")
    assert location.default_library_dir() == tmp_path.resolve() / "library"


def test_recent_libraries_newest_first_without_duplicates(tmp_path):
    from desktop.settings import Settings

    settings = Settings(str(tmp_path / "settings.ini"))
    folders = [tmp_path / f"lib{i}" for i in range(location.RECENT_LIMIT + 2)]
    for folder in folders:
        location.remember_library(settings, folder)
    location.remember_library(settings, folders[3])
    recent = location.recent_libraries(Settings(str(tmp_path / "settings.ini")))
    assert recent[0] == folders[3].resolve()
    assert len(recent) == location.RECENT_LIMIT
    assert len({str(p) for p in recent}) == len(recent)
    assert location.forget_library(settings, folders[3])[0] == folders[-1].resolve()
    assert location.forget_library(settings) == []


def test_version_from_source():
    out = subprocess.run([sys.executable, "-m", "desktop", "--version"], cwd=REPO, capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == f"Chancery {__version__}"


@pytest.mark.skipif(not BUNDLE.exists(), reason="no bundle in dist/ (make bundle)")
def test_version_from_the_bundle():
    out = subprocess.run([str(BUNDLE), "--version"], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == f"Chancery {__version__}"


def _packages(text: str, name: str) -> list[str]:
    match = re.search(rf'{name}="(?:\$\{{[A-Z_]+:-)?([a-z0-9. +-]+?)\}}?"', text)
    assert match, f"{name} not found"
    return match.group(1).split()


def test_runtime_library_lists_agree():
    """The bare-root test proves one list; the docs and CI must say the same."""
    script = (REPO / "scripts" / "bare_root_selftest.sh").read_text(encoding="utf-8")
    runtime, display = _packages(script, "RUNTIME_PACKAGES"), _packages(script, "DISPLAY_PACKAGES")
    assert _packages((REPO / ".ci" / "run").read_text(encoding="utf-8"), "QT_LIBS") == runtime
    docs = (REPO / "docs" / "packaging.md").read_text(encoding="utf-8")
    assert " ".join(runtime) in docs
    assert " ".join(display) in docs
