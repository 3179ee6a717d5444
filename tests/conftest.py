"""Test configuration: headless Qt, private data folders, shared sample library."""

from __future__ import annotations

import os
import shutil
import socket
import sys
from pathlib import Path

import pytest

# Set before any Qt import: every GUI test runs headless.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_QUICK_BACKEND", "software")

class NetworkAccess(RuntimeError):
    """A test made Chancery reach for the network, which it must never do."""


_LOCAL = {None, "", "localhost", "127.0.0.1", "::1"}


def _offline(event: str, args: tuple) -> None:
    """An audit hook for the whole suite: any attempt to reach another machine fails the test that made it."""
    if event == "socket.connect":
        sock, address = args
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            raise NetworkAccess(f"a network connection was attempted to {address!r}")
    elif event == "socket.getaddrinfo" and args[0] not in _LOCAL:
        raise NetworkAccess(f"a host name was looked up: {args[0]!r}")
    elif event in ("urllib.Request", "http.client.connect"):
        raise NetworkAccess(f"an HTTP request was attempted ({event}: {args[:2]!r})")


# Audit hooks cannot be removed: this one watches every test of the session.
sys.addaudithook(_offline)

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
SEED = SHARED / "seed" / "tr-kz-joint-statement-2022.txt"


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory, monkeypatch):
    """Points home, data and config folders at a temporary place."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    return home


@pytest.fixture(scope="session")
def sample_library_dir(tmp_path_factory) -> Path:
    """A library built once from the bundled samples (copy it before writing)."""
    from index import Library

    folder = tmp_path_factory.mktemp("samples-library") / "library"
    with Library.open(folder) as library:
        report = library.import_samples()
        assert not [p for p in report.problems if p.skipped], report.problems
    return folder


@pytest.fixture
def sample_library(sample_library_dir, tmp_path):
    """A private, writable copy of the sample library, opened."""
    from index import Library

    folder = tmp_path / "library"
    shutil.copytree(sample_library_dir, folder)
    library = Library.open(folder)
    yield library
    library.close()


@pytest.fixture(scope="session")
def research_dir(tmp_path_factory) -> Path:
    """A library of the research archive (``tests/research_docs.py``), built once (copy it before writing)."""
    from tests.research_docs import build_library

    return build_library(tmp_path_factory, "research")


@pytest.fixture
def research_library(research_dir, tmp_path):
    """A private, writable copy of the research archive's library, opened."""
    from index import Library
    from tests.research_docs import copy_of

    with Library.open(copy_of(research_dir, tmp_path)) as library:
        yield library


@pytest.fixture
def window(qtbot, sample_library, tmp_path):
    """The main window on a private copy of the sample library, shown offscreen."""
    from desktop.main_window import MainWindow
    from desktop.settings import Settings

    win = MainWindow(sample_library, Settings(str(tmp_path / "settings.ini")))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def corpus_or_skip(name: str) -> Path:
    """The shared corpus folder ``name``, or skip the test when it is absent."""
    folder = CORPUS / name
    if not folder.is_dir():
        pytest.skip(f"corpus {name} not present at {folder}")
    return folder
