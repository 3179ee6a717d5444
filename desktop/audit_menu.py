"""The Library menu: Verify Files…, Check Library… and Back Up Library…, each off the GUI thread with progress."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThreadPool, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from desktop.worker import Worker
from index import Library


class AuditDialog(QDialog):
    """Runs one audit job (verify, check or back up) with progress and Cancel, then shows its report.

    Signals:
        finished_with(object): the job's result (a report, or a backup's size).
    """

    finished_with = Signal(object)

    def __init__(self, title: str, intro: str, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("auditDialog")
        self.setWindowTitle(f"{title} \u2014 Chancery")
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._worker: Worker | None = None
        self.intro = QLabel(intro, self)
        self.intro.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)
        self.report = QPlainTextEdit(self)
        self.report.setObjectName("auditReport")
        self.report.setReadOnly(True)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.clicked.connect(self.cancel)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        layout.addWidget(self.report, 1)
        layout.addWidget(self.buttons)
        self.resize(680, 460)

    def start(self, work, describe) -> None:
        """Runs ``work(progress, cancelled)`` and shows ``describe(result)`` (a list of lines) when done."""
        worker = Worker(lambda: work(lambda done, total: worker.report((done, total)), worker.is_cancelled))
        self._worker = worker
        worker.signals.progress.connect(self._progress)
        worker.signals.finished.connect(lambda result: self._done(result, describe))
        worker.signals.failed.connect(lambda message, _details: self._done(None, lambda _r: [f"Failed: {message}"]))
        self._pool.start(worker)

    def _progress(self, step) -> None:
        done, total = step
        self.bar.setRange(0, max(1, total))
        self.bar.setValue(done)

    def cancel(self) -> None:
        """Stops the job between two files."""
        if self._worker is not None:
            self._worker.cancel()
            self.cancel_button.setEnabled(False)

    def _done(self, result, describe) -> None:
        self._worker = None
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.cancel_button.hide()
        self.report.setPlainText("\n".join(describe(result)))
        self.finished_with.emit(result)

    # Qt API
    def done(self, code: int) -> None:
        self.cancel()
        self._pool.waitForDone(30000)
        super().done(code)


def _verify_lines(report) -> list[str]:
    lines = [report.summary(), ""]
    for check in report.checks:
        if check.outcome == "unchanged":
            continue
        lines.append(f"{check.outcome.upper():10} {check.path}")
        if check.outcome == "changed":
            lines.append(f"           was SHA-256 {check.expected_sha256} ({check.expected_size:,} bytes)")
            lines.append(f"           now SHA-256 {check.sha256} ({check.size:,} bytes)")
        elif check.detail:
            lines.append(f"           {'now at ' if check.outcome == 'moved' else ''}{check.detail}")
    if report.passed:
        lines.append("Every file is as it was imported." if not report.cancelled else "")
    return lines


class AuditActions:
    """The Library menu's actions for one window (the dialogs are class methods tests can replace)."""

    def __init__(self, window) -> None:
        self.window = window
        self.dialog: AuditDialog | None = None

    @property
    def library(self) -> Library:
        """The window's library."""
        return self.window.library

    def verify(self) -> AuditDialog:
        """Hashes every file again, with progress, and lists what changed, went missing or moved."""
        dialog = self._dialog("Verify Files", "Every file is hashed again (SHA-256) and compared with the hash "
                              "recorded when it was imported. Statements keep the outcome in their history.")
        dialog.start(lambda progress, cancelled: self.library.verify(progress, cancelled), _verify_lines)
        return dialog

    def check(self) -> AuditDialog:
        """Checks the catalogue's integrity and the index against it, repairing the index if it drifted."""
        dialog = self._dialog("Check Library", "SQLite checks the catalogue; the index is compared with the "
                              "catalogue, and rebuilt from it if they differ.")
        dialog.cancel_button.hide()
        repair = not self.library.read_only
        dialog.start(lambda _progress, _cancelled: self.library.check(repair=repair), lambda report: report.lines())
        return dialog

    def backup(self) -> AuditDialog | None:
        """Asks where, then writes one file of the whole catalogue (safe while the window is open)."""
        target = self.ask_backup_path(self.window)
        if target is None:
            return None
        dialog = self._dialog("Back Up Library", f"Backing up the catalogue, with every tag, note and correction, "
                              f"to {target}. The index is rebuilt from it when the backup is restored "
                              "(chancery restore FILE FOLDER).")
        dialog.cancel_button.hide()
        dialog.start(lambda progress, _cancelled: self.library.backup(target, progress),
                     lambda size: [f"Backed up to {target} ({size / 1e6:.1f} MB)."] if size else ["Failed."])
        return dialog

    @classmethod
    def ask_backup_path(cls, parent) -> Path | None:
        """Where to write a backup (tests replace this)."""
        path, _ = QFileDialog.getSaveFileName(parent, "Back Up Library", str(Path.home() / "chancery-backup.sqlite3"),
                                              "Chancery backups (*.sqlite3)")
        return Path(path) if path else None

    def _dialog(self, title: str, intro: str) -> AuditDialog:
        self.dialog = AuditDialog(title, intro, self.window)
        self.dialog.show()
        return self.dialog


def install_audit_menu(window) -> AuditActions:
    """Adds the Library menu (before Help) to a main window."""
    actions = AuditActions(window)
    menu = QMenu("&Library", window)
    menu.setObjectName("libraryAuditMenu")
    menu.addAction("&Verify Files\u2026", actions.verify)
    menu.addAction("&Check Library\u2026", actions.check)
    menu.addAction("&Back Up Library\u2026", actions.backup)
    window.menuBar().insertMenu(window.menuBar().actions()[-1], menu)
    # where people look for it too: File, above Quit
    file_menu = window.menuBar().actions()[0].menu()
    separators = [a for a in file_menu.actions() if a.isSeparator()]
    backup = QAction("&Back Up Library\u2026", window)
    backup.setObjectName("fileBackup")
    backup.triggered.connect(actions.backup)
    file_menu.insertAction(separators[-1] if separators else None, backup)
    return actions
