"""The questions the workbench asks: a name (with the ones in use offered), a yes or no, a longer text.

Each is a class method, so tests replace it with ``monkeypatch`` as pytest-qt
recommends for modal dialogs.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
)


class NameDialog:
    """Asks for a name, offering the names in use (a tag, a collection, a value to merge into)."""

    @classmethod
    def build(cls, parent, title: str, prompt: str, choices: list[str], initial: str = "") -> tuple[QDialog, QComboBox]:
        """The dialog and its editable list of choices."""
        dialog = QDialog(parent)
        dialog.setObjectName("nameDialog")
        dialog.setWindowTitle(title)
        combo = QComboBox(dialog)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.addItems(choices)
        combo.setEditText(initial)
        completer = QCompleter(choices, combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        combo.setCompleter(completer)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   dialog)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        label = QLabel(prompt, dialog)
        label.setWordWrap(True)
        layout.addWidget(label)
        layout.addWidget(combo)
        layout.addWidget(buttons)
        dialog.resize(420, dialog.sizeHint().height())
        return dialog, combo

    @classmethod
    def ask(cls, parent, title: str, prompt: str, choices: list[str], initial: str = "") -> str | None:
        """The name typed or chosen, or None if the person cancelled."""
        dialog, combo = cls.build(parent, title, prompt, choices, initial)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return combo.currentText()


class TextDialog:
    """Asks for a longer text (a passage's note)."""

    @classmethod
    def ask(cls, parent, title: str, prompt: str, initial: str = "") -> str | None:
        """The text written, or None if the person cancelled."""
        dialog = QDialog(parent)
        dialog.setObjectName("textDialog")
        dialog.setWindowTitle(title)
        edit = QPlainTextEdit(dialog)
        edit.setPlainText(initial)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   dialog)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(QLabel(prompt, dialog))
        layout.addWidget(edit, 1)
        layout.addWidget(buttons)
        dialog.resize(460, 260)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return edit.toPlainText()


class Confirm:
    """Asks yes or no before something that affects many statements."""

    @classmethod
    def ask(cls, parent, title: str, text: str) -> bool:
        """True if the person agreed."""
        answer = QMessageBox.question(parent, title, text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes
