"""Two lists of the workbench's own: the trash (restore, empty) and the corrections (withdraw)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QListView, QPushButton, QVBoxLayout

from desktop.workbench_controller import WorkbenchController
from desktop.workbench_dialogs import Confirm
from index import CorrectionStatus, Library, TrashItem

ItemRole = Qt.ItemDataRole.UserRole + 1
STALE = QColor("#8a4b00")


class ItemListModel(QAbstractListModel):
    """Trash items or corrections, one per row."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.items: list = []

    def set_items(self, items: list) -> None:
        """Replaces the list."""
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    # Qt API
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    # Qt API
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if isinstance(item, TrashItem):
                return f"{item.kind.capitalize()}: {item.label}   (deleted {item.deleted_at[:16].replace('T', ' ')})"
            where = "whole library" if item.correction.doc_id is None else item.correction.doc_id
            stale = "" if item.applies else "No longer applies \u2014 "
            return f"{stale}{item.description[0].upper()}{item.description[1:]}   ({where})"
        if role == Qt.ItemDataRole.ForegroundRole and isinstance(item, CorrectionStatus) and not item.applies:
            return STALE
        if role == Qt.ItemDataRole.ToolTipRole and isinstance(item, CorrectionStatus):
            if item.applies:
                return f"Changes {item.statements:,} statement(s) now."
            return ("Its target is gone: the statement was removed, or extraction no longer finds the value. "
                    "It is kept, in case the value comes back; withdraw it if it is no longer wanted.")
        if role == ItemRole:
            return item
        return None


class _ListDialog(QDialog):
    def __init__(self, title: str, intro: str, controller: WorkbenchController, parent=None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle(f"{title} \u2014 Chancery")
        self.model = ItemListModel(self)
        self.view = QListView(self)
        self.view.setObjectName("workbenchList")
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.row = QHBoxLayout()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        label = QLabel(intro, self)
        label.setWordWrap(True)
        layout.addWidget(label)
        layout.addWidget(self.view, 1)
        layout.addLayout(self.row)
        layout.addWidget(close)
        self.resize(640, 420)
        controller.changed.connect(lambda _label: self.reload())

    def _button(self, text: str, name: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        button.setEnabled(self.controller.writable)
        self.row.addWidget(button)
        return button

    def current(self):
        """The selected item."""
        index = self.view.currentIndex()
        return index.data(ItemRole) if index.isValid() else None

    def reload(self) -> None:
        """Reads the list again."""


class TrashDialog(_ListDialog):
    """What was deleted (tags, collections, notes, passages, saved searches), to restore or delete for good."""

    def __init__(self, library: Library, controller: WorkbenchController, parent=None) -> None:
        super().__init__("Trash", "Deleted tags, collections, notes, passages and saved searches. Restore one, "
                         "or empty the trash to delete them for good (this also forgets the undo history).",
                         controller, parent)
        self.setObjectName("trashDialog")
        self.journal = library.workbench.journal
        self._button("Restore", "restoreItem", self._restore)
        self._button("Empty Trash\u2026", "emptyTrash", self._empty)
        self.row.addStretch(1)
        self.reload()

    def reload(self) -> None:
        """Reads the trash again."""
        self.model.set_items(self.journal.trash() if self.journal_available() else [])

    def journal_available(self) -> bool:
        """Whether there is a workbench to read."""
        return self.controller.library.workbench.available

    def _restore(self) -> None:
        item = self.current()
        if item is not None:
            self.controller.run(f"Restored {item.kind} \u201c{item.label}\u201d",
                                lambda _p: self.journal.restore(item.id))

    def _empty(self) -> None:
        if self.model.items and Confirm.ask(self, "Empty Trash", f"Delete {len(self.model.items)} item(s) for "
                                            "good? The undo history is forgotten too."):
            self.controller.run("Emptied the trash", lambda _p: self.journal.empty_trash())


class CorrectionsDialog(_ListDialog):
    """Every correction, those whose target is gone marked; a correction can be withdrawn."""

    def __init__(self, library: Library, controller: WorkbenchController, parent=None) -> None:
        super().__init__("Corrections", "Corrections of extracted countries, organisations and topics, applied on top "
                         "of extraction (a better extraction later keeps them). Those whose target is gone are kept "
                         "and marked.", controller, parent)
        self.setObjectName("correctionsDialog")
        self.library = library
        self._button("Withdraw", "withdrawCorrection", self._withdraw)
        self.row.addStretch(1)
        self.reload()

    def reload(self) -> None:
        """Reads the corrections again."""
        self.model.set_items(self.library.corrections())

    def _withdraw(self) -> None:
        item = self.current()
        if item is not None:
            self.controller.run("Withdrew a correction",
                                lambda progress: self.library.withdraw_correction(item.correction.id, progress))
