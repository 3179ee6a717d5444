"""Help → About: version, licence, where the library is, and every bundled component's licence."""

from __future__ import annotations

import contextlib
import json
import logging
import platform
from dataclasses import dataclass
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QFontDatabase, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import __version__
from documents.resources import ResourceError, resource_path

log = logging.getLogger("chancery.desktop")

LICENCE = "GPL-3.0-or-later"
LICENCE_URL = "https://www.gnu.org/licenses/gpl-3.0.html"
LICENCES_FILE = "licenses/THIRD_PARTY.json"
LICENCE_NOTICE = (
    "Chancery is free software: you can redistribute it and/or modify it under the terms of the "
    "GNU General Public License as published by the Free Software Foundation, either version 3 of "
    "the License, or (at your option) any later version. It is distributed in the hope that it will "
    "be useful, but WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or "
    "FITNESS FOR A PARTICULAR PURPOSE."
)


@dataclass(frozen=True)
class Component:
    """One bundled third-party component, as scripts/build_licenses.py recorded it."""

    name: str
    version: str
    license: str
    homepage: str
    note: str
    text: str


def third_party_components() -> list[Component]:
    """The bundled components and their licence texts; empty if the licences file is missing."""
    try:
        document = json.loads(resource_path(LICENCES_FILE).read_text(encoding="utf-8"))
    except (ResourceError, OSError, ValueError) as exc:
        log.warning("third-party licences unavailable: %s", exc)
        return []
    components = []
    for entry in document.get("components", []):
        texts = [f"--- {t['file']} ---\n\n{t['text']}" for t in entry.get("texts", [])]
        components.append(Component(
            name=entry["name"], version=entry["version"], license=entry["license"],
            homepage=entry.get("homepage", ""), note=entry.get("note", ""),
            text="\n\n".join(texts) or "The distribution ships no licence text.",
        ))
    return components


class AboutDialog(QDialog):
    """Version, licence and library on the first tab; third-party licences on the second."""

    def __init__(self, library_folder: Path | None = None, read_only: bool = False, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About Chancery")
        self.resize(900, 560)
        self.components = third_party_components()
        tabs = QTabWidget(self)
        tabs.addTab(self._about_tab(library_folder, read_only), "Chancery")
        tabs.addTab(self._licences_tab(), f"Third-party licences ({len(self.components)})")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        layout.addWidget(buttons)
        self.tabs = tabs

    def _about_tab(self, library_folder: Path | None, read_only: bool) -> QWidget:
        page = QWidget(self)
        icon = QLabel(page)
        with contextlib.suppress(ResourceError):  # no picture is better than no dialog
            icon.setPixmap(QPixmap(str(resource_path("icons/chancery-128.png"))))
        where = "—" if library_folder is None else str(library_folder) + (" (read-only)" if read_only else "")
        text = QLabel(
            f"<h2>Chancery {__version__}</h2>"
            "<p>An offline archive browser for diplomatic statements.</p>"
            f"<p><b>Licence:</b> {LICENCE} (<a href='{LICENCE_URL}'>{LICENCE_URL}</a>)</p><p>{LICENCE_NOTICE}</p>"
            f"<p><b>Library:</b> {_escape(where)}</p>"
            f"<p><small>Python {platform.python_version()} · Qt {qVersion()} · PySide6 {pyside_version}"
            "</small></p>",
            page,
        )
        text.setObjectName("aboutText")
        text.setWordWrap(True)
        text.setOpenExternalLinks(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        row = QHBoxLayout(page)
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(text, 1, Qt.AlignmentFlag.AlignTop)
        self.about_text = text
        return page

    def _licences_tab(self) -> QWidget:
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.component_list = QListWidget(splitter)
        self.component_list.setObjectName("thirdPartyList")
        self.licence_text = QPlainTextEdit(splitter)
        self.licence_text.setObjectName("licenceText")
        self.licence_text.setReadOnly(True)
        # Licence texts are wrapped by their authors; a fixed font keeps their layout.
        self.licence_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.licence_text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        for component in self.components:
            item = QListWidgetItem(f"{component.name} {component.version}\n{component.license}")
            item.setData(Qt.ItemDataRole.UserRole, component)
            self.component_list.addItem(item)
        self.component_list.currentItemChanged.connect(self._show_component)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([240, 640])
        if self.components:
            self.component_list.setCurrentRow(0)
        else:
            self.licence_text.setPlainText("The list of third-party licences is missing from this installation.")
        return splitter

    def _show_component(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is None:
            return
        component: Component = item.data(Qt.ItemDataRole.UserRole)
        header = [f"{component.name} {component.version} — {component.license}"]
        header += [line for line in (component.homepage, component.note) if line]
        self.licence_text.setPlainText("\n".join(header) + "\n\n" + component.text)

    @classmethod
    def show_for(cls, window) -> AboutDialog:
        """Opens the dialog for a main window (modal to it) and returns it once closed."""
        library = getattr(window, "library", None)
        dialog = cls(getattr(library, "folder", None), bool(getattr(library, "read_only", False)), window)
        dialog.exec()
        return dialog


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
