"""File → Export…: what to export (the selection, the current results, a collection or a tag), in which format,
with a preview of the first statements, then the export itself off the GUI thread with progress and Cancel."""

from __future__ import annotations

import io
from pathlib import Path

from PySide6.QtCore import QThreadPool, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.worker import Worker
from index import EXPORT_FORMATS as FORMATS
from index import DossierOptions, FacetFilter, Library

PREVIEW_RECORDS = 3


class ExportDialog(QDialog):
    """Choose the statements and the format, look at the first ones, export.

    Args:
        library: The open library.
        selected: Ids of the selected results.
        results: Ids of every current result.
        parent: The window.

    Signals:
        exported(object): the :class:`~index.export.ExportResult` of a finished export.
    """

    exported = Signal(object)

    def __init__(self, library: Library, selected: list[str], results: list[str], parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export \u2014 Chancery")
        self.library = library
        self.selected = selected
        self.results = results
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._worker: Worker | None = None
        self._preview_ticket = 0

        self.scopes = QButtonGroup(self)
        self.scope_selected = QRadioButton(f"Selected statements ({len(selected):,})", self)
        self.scope_results = QRadioButton(f"Current results ({len(results):,})", self)
        self.scope_collection = QRadioButton("Collection:", self)
        self.scope_tag = QRadioButton("Tag:", self)
        self.collection_combo = QComboBox(self)
        self.tag_combo = QComboBox(self)
        workbench = library.workbench
        self.collection_combo.addItems([c.path for c in workbench.collections.all()] if workbench.available else [])
        self.tag_combo.addItems([t.path for t in workbench.tags.all()] if workbench.available else [])
        for number, button in enumerate((self.scope_selected, self.scope_results, self.scope_collection,
                                         self.scope_tag)):
            self.scopes.addButton(button, number)
        self.scope_selected.setEnabled(bool(selected))
        self.scope_collection.setEnabled(self.collection_combo.count() > 0)
        self.scope_tag.setEnabled(self.tag_combo.count() > 0)
        (self.scope_selected if selected else self.scope_results).setChecked(True)

        self.format_combo = QComboBox(self)
        self.format_combo.setObjectName("exportFormat")
        for name, chosen in FORMATS.items():
            self.format_combo.addItem(chosen.label, name)
        self.description = QLabel(self)
        self.description.setWordWrap(True)
        self.group_combo = QComboBox(self)
        self.group_combo.addItem("By collection", "collection")
        self.group_combo.addItem("By tag", "tag")
        self.style_combo = QComboBox(self)
        self.style_combo.addItem("Chicago", "chicago")
        self.style_combo.addItem("APA", "apa")
        self.style_combo.addItem("No citations", "")
        self.preview = QPlainTextEdit(self)
        self.preview.setObjectName("exportPreview")
        self.preview.setReadOnly(True)
        self.progress = QProgressBar(self)
        self.progress.hide()
        self.status = QLabel(self)
        self.export_button = QPushButton("Export\u2026", self)
        self.export_button.setObjectName("runExport")
        self.export_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel Export", self)
        self.cancel_button.hide()
        self.close_buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)

        scope = QWidget(self)
        scope_layout = QFormLayout(scope)
        scope_layout.addRow(self.scope_selected)
        scope_layout.addRow(self.scope_results)
        scope_layout.addRow(self.scope_collection, self.collection_combo)
        scope_layout.addRow(self.scope_tag, self.tag_combo)
        options = QFormLayout()
        options.addRow("Format:", self.format_combo)
        options.addRow("", self.description)
        options.addRow("Dossier:", self.group_combo)
        options.addRow("Citations:", self.style_combo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.progress)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Statements</b>", self))
        layout.addWidget(scope)
        layout.addLayout(options)
        layout.addWidget(QLabel("<b>Preview</b> (the first statements)", self))
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.close_buttons)
        self.resize(760, 620)

        self.scopes.idToggled.connect(lambda _id, on: on and self.refresh_preview())
        for combo in (self.format_combo, self.collection_combo, self.tag_combo, self.group_combo, self.style_combo):
            combo.currentIndexChanged.connect(lambda _i: self.refresh_preview())
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button.clicked.connect(self.cancel_export)
        self.close_buttons.rejected.connect(self.reject)
        self.refresh_preview()

    # -- what to export -----------------------------------------------------------------

    @property
    def format_name(self) -> str:
        """The chosen format's name (``ris``, ``csv``, ...)."""
        return self.format_combo.currentData()

    def ids(self) -> list[str]:
        """The statements the chosen scope covers, in order."""
        checked = self.scopes.checkedButton()
        if checked is self.scope_selected:
            return list(self.selected)
        if checked is self.scope_collection:
            return self.library.ids_matching("", (FacetFilter("collection", self.collection_combo.currentText()),))
        if checked is self.scope_tag:
            return self.library.ids_matching("", (FacetFilter("tag", self.tag_combo.currentText()),))
        return list(self.results)

    def _options(self) -> dict:
        chosen = FORMATS[self.format_name]
        if not chosen.dossier:
            return {}
        return {"dossier": DossierOptions(group_by=self.group_combo.currentData(), title="Dossier",
                                          style=self.style_combo.currentData())}

    def refresh_preview(self) -> None:
        """Shows the first statements in the chosen format (rendered off the GUI thread)."""
        chosen = FORMATS[self.format_name]
        self.description.setText(chosen.description)
        dossier = chosen.dossier
        self.group_combo.setEnabled(dossier)
        self.style_combo.setEnabled(dossier)
        ids = self.ids()
        self.status.setText(f"{len(ids):,} statements")
        self.export_button.setEnabled(bool(ids))
        self._preview_ticket += 1
        ticket, name, options = self._preview_ticket, self.format_name, self._options()

        def job() -> tuple[int, str]:
            stream = io.StringIO(newline="")
            self.library.export(ids[:PREVIEW_RECORDS], name, stream, **options)
            return ticket, stream.getvalue()

        worker = Worker(job)
        worker.signals.finished.connect(self._show_preview)
        worker.signals.failed.connect(lambda message, _details: self.preview.setPlainText(f"(no preview: {message})"))
        self._pool.start(worker)

    def _show_preview(self, answer) -> None:
        ticket, text = answer
        if ticket == self._preview_ticket:
            self.preview.setPlainText(text.replace("\r\n", "\n"))

    # -- exporting ----------------------------------------------------------------------

    @classmethod
    def ask_path(cls, parent, suggested: str, suffix: str) -> Path | None:
        """Where to write (tests replace this to avoid the file dialog)."""
        path, _filter = QFileDialog.getSaveFileName(parent, "Export to", suggested, f"*{suffix}")
        return Path(path) if path else None

    def start_export(self) -> None:
        """Asks where, then writes the export with progress and Cancel."""
        chosen = FORMATS[self.format_name]
        ids = self.ids()
        path = self.ask_path(self, str(Path.home() / f"chancery-export{chosen.suffix}"), chosen.suffix)
        if path is None or not ids:
            return
        if not path.suffix:
            path = path.with_suffix(chosen.suffix)
        name, options = self.format_name, self._options()
        worker = Worker(lambda: self.library.export(ids, name, path, progress=worker.report,
                                                    cancelled=worker.is_cancelled, **options))
        self._worker = worker
        worker.signals.progress.connect(lambda done: self.progress.setValue(done))
        worker.signals.finished.connect(lambda result: self._finished(result, path))
        worker.signals.failed.connect(self._failed)
        self.progress.setRange(0, len(ids))
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.export_button.setEnabled(False)
        self.status.setText(f"Exporting {len(ids):,} statements\u2026")
        self._pool.start(worker)

    def cancel_export(self) -> None:
        """Stops the export; the file is not written."""
        if self._worker is not None:
            self._worker.cancel()

    def _finished(self, result, path: Path) -> None:
        self._worker = None
        self.progress.hide()
        self.cancel_button.hide()
        self.export_button.setEnabled(True)
        if result.cancelled:
            self.status.setText("Cancelled; nothing was written.")
        else:
            self.status.setText(f"Wrote {result.written:,} statements to {path}")
        self.exported.emit(result)

    def _failed(self, message: str, _details: str) -> None:
        self._worker = None
        self.progress.hide()
        self.cancel_button.hide()
        self.export_button.setEnabled(True)
        self.status.setText(f"The export failed: {message}. Nothing was written.")

    # Qt API
    def done(self, result: int) -> None:
        self.cancel_export()
        self._pool.waitForDone(10000)
        super().done(result)
