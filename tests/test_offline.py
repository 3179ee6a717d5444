"""Chancery never opens a network connection: not when it reads a page full of remote references, shows it,
or exports it. The whole suite runs under an audit hook (``conftest._offline``); a real process is watched
with strace where it is installed."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import textwrap
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import NetworkAccess

REPO = Path(__file__).resolve().parent.parent
HOSTILE_PAGE = """<!doctype html><html><head><title>Remote references</title>
<link rel="stylesheet" href="http://198.51.100.7/style.css"><script src="https://198.51.100.7/track.js"></script>
<style>@import url("http://198.51.100.7/more.css"); body { background: url(http://198.51.100.7/bg.png) }</style>
<meta http-equiv="refresh" content="0; url=http://198.51.100.7/"></head>
<body><main><h1>Joint statement on fisheries</h1><img src="http://198.51.100.7/pixel.gif" alt="">
<p>Norway and Chile agreed on <a href="http://198.51.100.7/x">fisheries</a> cooperation.</p>
<iframe src="http://198.51.100.7/frame"></iframe><script>fetch("http://198.51.100.7/beacon")</script>
<object data="http://198.51.100.7/o.swf"></object></main></body></html>"""


def test_the_guard_catches_a_connection():
    with pytest.raises(NetworkAccess):
        socket.create_connection(("198.51.100.7", 80), timeout=0.1)
    with pytest.raises(NetworkAccess):
        urllib.request.urlopen("http://198.51.100.7/", timeout=0.1)


@pytest.mark.gui
def test_a_page_full_of_remote_references_is_read_shown_and_exported_as_text(qtbot, window, tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "remote.html").write_text(HOSTILE_PAGE, encoding="utf-8")
    with qtbot.waitSignal(window.import_panel.import_finished, timeout=20000):
        window.import_panel.start_import([folder])
    with qtbot.waitSignal(window.search_finished, timeout=10000):
        window.search_box.setText("fisheries Chile")
        window.search_now()
    qtbot.waitUntil(lambda: window.document_view.statement is not None
                    and "fisheries" in window.document_view.statement.text, timeout=10000)
    text = window.document_view.text.toPlainText()
    assert "Norway and Chile agreed on fisheries cooperation." in text
    assert "198.51.100.7" not in text and "fetch(" not in text
    out = tmp_path / "dossier.html"
    doc_id = window.document_view.statement.id
    window.library.export([doc_id], "html", out)
    page = out.read_text(encoding="utf-8")
    assert "198.51.100.7" not in page and "<script" not in page


CHILD = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication
    from desktop.main_window import MainWindow
    from desktop.settings import Settings
    from index import Library
    app = QApplication([])
    library = Library.open(Path(sys.argv[1]))
    library.import_paths([Path(sys.argv[2])])
    window = MainWindow(library, Settings(sys.argv[3]))
    window.show()
    doc = next(iter(library.ids()))
    statement = library.document(doc)
    window.document_view.show_statement(statement, [], note="![x](http://198.51.100.7/n.png)", passages=[])
    for _ in range(20):
        app.processEvents()
    library.export([doc], "html", Path(sys.argv[3]).with_suffix(".html"))
    window.close()
    library.close()
""")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("strace") is None or sys.platform != "linux", reason="strace is not installed")
def test_a_real_window_process_opens_no_internet_socket(tmp_path):
    """Qt's own C++ code is not under Python's audit hook: strace sees every connect() the process makes."""
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "remote.html").write_text(HOSTILE_PAGE, encoding="utf-8")
    trace = tmp_path / "trace.txt"
    subprocess.run(["strace", "-f", "-qq", "-e", "trace=connect", "-o", str(trace), sys.executable, "-c", CHILD,
                    str(tmp_path / "library"), str(folder), str(tmp_path / "settings.ini")],
                   cwd=REPO, check=True, capture_output=True, timeout=300)
    connects = [line for line in trace.read_text().splitlines() if "connect(" in line]
    internet = [line for line in connects if "AF_INET" in line]
    assert internet == [], internet
