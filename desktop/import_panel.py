"""Import in the background: a progress bar with rate, time left and Cancel, then a report."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.worker import Worker, single_thread_pool
from index import (
    MAX_SEGMENTS,
    ImportProgress,
    ImportReport,
    Library,
    MergeProgress,
    MergeReport,
    NearIdenticalStatus,
)

_COMMIT = "commit"
_MERGE = ("merge",)  # a queue entry: merge the index's segments
_GROUP = ("group",)  # a queue entry: sign and group near-identical statements


def _eta(seconds: float | None) -> str:
    if seconds is None:
        return "estimating"
    seconds = int(seconds)
    return f"{seconds // 60} min {seconds % 60:02d} s left" if seconds >= 60 else f"{seconds} s left"


class ImportReportDialog(QDialog):
    """Counts and a copyable list of problems with their reasons."""

    def __init__(self, report: ImportReport, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import report")
        self.resize(720, 420)
        summary = QLabel(report.summary(), self)
        summary.setWordWrap(True)
        self.details = QPlainTextEdit(self)
        self.details.setObjectName("importProblems")
        self.details.setReadOnly(True)
        lines = [f"{'skipped' if p.skipped else 'warning'}\t{p.path}\t{p.reason}" for p in report.problems]
        if report.ocr_note():
            lines.insert(0, report.ocr_note())  # once per import, not once per file
        self.details.setPlainText("\n".join(lines) if lines else "No problems.")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = buttons.addButton("Copy", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QApplication.clipboard().setText(report.summary() + "\n" + "\n".join(lines)))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)

    @classmethod
    def show_report(cls, report: ImportReport, parent=None) -> None:
        """Shows the report (tests replace this to avoid a modal dialog)."""
        cls(report, parent).exec()


class ImportPanel(QWidget):
    """Status-bar widget that runs imports one at a time, off the GUI thread."""

    batch_committed = Signal()
    import_finished = Signal(object)  # ImportReport
    merge_finished = Signal(object)  # MergeReport
    grouping_finished = Signal(object)  # NearIdenticalStatus

    def __init__(self, library: Library, parent=None) -> None:
        super().__init__(parent)
        self.library = library
        self._pool = single_thread_pool(self)
        self._worker: Worker | None = None
        self._queue: list[tuple[list[Path], bool, bool, str | None]] = []  # paths, rescan, samples, OCR run
        self.last_report: ImportReport | None = None
        self.missing_policy = "mark"  # or "remove": what happens to statements whose files are gone
        self.max_segments = MAX_SEGMENTS  # index segments kept; more are merged after an import
        self._maintenance: str | None = None  # "merge" or "group" while one runs
        self._closed = False  # the window is closing: nothing new starts
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("importProgress")
        self.bar.setFixedWidth(180)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("cancelImport")
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.hide()

    @property
    def busy(self) -> bool:
        """True while an import runs."""
        return self._worker is not None

    def start_import(self, paths: list[Path], rescan: bool = False, samples: bool = False) -> None:
        """Queues an import of files or folders (or a rescan, or the samples)."""
        if self.library.read_only:
            self.window().statusBar().showMessage("This library is open read-only; nothing can be imported.", 8000)
            return
        self._queue.append((paths, rescan, samples, None))
        self._yield_to_import()
        if not self.busy:
            self._next()

    def start_ocr(self, languages: str = "") -> None:
        """Queues OCR of the statements marked scanned (``languages`` "": chosen per page)."""
        if self.library.read_only:
            self.window().statusBar().showMessage("This library is open read-only; OCR cannot run.", 8000)
            return
        self._queue.append(([], False, False, languages))
        self._yield_to_import()
        if not self.busy:
            self._next()

    def start_merge(self) -> None:
        """Queues a merge of the index's segments if it has more than :attr:`max_segments` (after the imports).

        Searches go on meanwhile; an import asked for in the meantime stops it
        (the index stays as it was) and it runs again after that import.
        """
        if self.library.read_only or _MERGE in self._queue or self._maintenance == "merge":
            return
        try:
            needed = self.library.needs_merge(self.max_segments)
        except Exception:  # a damaged index says so on the next search; the merge just waits
            return
        if needed:
            self._queue.append(_MERGE)
            if not self.busy:
                self._next()

    def start_maintenance(self) -> None:
        """Queues what a library opened may need: a merge of its segments, then its near-identical groups."""
        self.start_merge()
        self.start_grouping()

    def start_grouping(self) -> None:
        """Queues signing and grouping of near-identical statements when the library's groups are not current.

        That is a library made by an earlier release (its statements have no
        signatures yet) or one whose central countries were corrected since the
        groups were found. Searches go on meanwhile; an import stops it (the
        groups stay as they were, and the import groups them).
        """
        if self.library.read_only or _GROUP in self._queue or self._maintenance == "group":
            return
        # Whether there is anything to do is asked on the worker: on 100,000 statements counting the
        # unsigned ones takes half a second, which the GUI thread must not wait for.
        self._queue.append(_GROUP)
        if not self.busy:
            self._next()

    @property
    def merging(self) -> bool:
        """True while a merge of the index's segments runs."""
        return self._maintenance == "merge"

    @property
    def grouping(self) -> bool:
        """True while near-identical statements are signed and grouped."""
        return self._maintenance == "group"

    def _yield_to_import(self) -> None:
        if self._maintenance and self._worker is not None:
            self._worker.cancel()

    def start_rescan(self) -> None:
        """Re-checks every folder the library knows."""
        self.start_import([], rescan=True)

    def _next(self) -> None:
        if not self._queue or self._closed:
            return
        entry = self._queue.pop(0)
        if entry is _MERGE:
            self._start_merge_job()
            return
        if entry is _GROUP:
            self._start_grouping_job()
            return
        paths, rescan, samples, ocr = entry

        def job(worker: Worker):
            hooks = {"progress": worker.report, "cancelled": worker.is_cancelled,
                     "on_commit": lambda n: worker.report((_COMMIT, n))}
            if ocr is not None:
                return self.library.run_ocr(languages=ocr or None, **hooks)
            if samples:
                return self.library.import_samples(**hooks)
            if rescan:
                return self.library.rescan(missing=self.missing_policy, **hooks)
            return self.library.import_paths(paths, missing=self.missing_policy, **hooks)

        worker = Worker(lambda: job(worker))
        self._worker = worker
        worker.signals.progress.connect(self._progress)
        worker.signals.finished.connect(self._finished)
        worker.signals.failed.connect(self._failed)
        self.label.setText("Preparing OCR…" if ocr is not None else "Preparing import…")
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self.show()
        self._pool.start(worker)

    def _start_merge_job(self) -> None:
        worker = Worker(lambda: self.library.merge_segments(self.max_segments, progress=worker.report,
                                                            cancelled=worker.is_cancelled))
        self._start_maintenance(worker, "merge", self._merge_done, "Merging the index…")

    def _start_grouping_job(self) -> None:
        def job() -> NearIdenticalStatus | None:
            if self.library.near_identical_status().ready:
                return None  # nothing to do: the panel never showed
            worker.report(_GROUP)
            return self.library.prepare_near_identical(
                progress=lambda done, total: worker.report((done, total)), cancelled=worker.is_cancelled)

        worker = Worker(job)
        self._start_maintenance(worker, "group", self._grouping_done, "Grouping near-identical statements…",
                                shown=False)

    def _start_maintenance(self, worker: Worker, kind: str, done, label: str, shown: bool = True) -> None:
        self._worker = worker
        self._maintenance = kind
        worker.signals.progress.connect(self._progress)
        worker.signals.finished.connect(done)
        worker.signals.failed.connect(self._failed)
        self.label.setText(label)
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        if shown:
            self.show()
        self._pool.start(worker)

    def _grouping_done(self, status: NearIdenticalStatus | None) -> None:
        self._worker = None
        self._maintenance = None
        self.hide()
        if status is None:  # the groups were current
            self._next()
            return
        if status.ready:
            self.window().statusBar().showMessage(
                f"Near-identical statements: {status.groups:,} group{'s' * (status.groups != 1)} of "
                f"{status.grouped:,} statements", 10000)
        self.grouping_finished.emit(status)
        self._next()

    def _merge_done(self, report: MergeReport) -> None:
        self._worker = None
        self._maintenance = None
        self.hide()
        if report.outcome in ("merged", "cancelled", "changed"):
            summary = report.summary()
            self.window().statusBar().showMessage(summary[:1].upper() + summary[1:], 10000)
        self.merge_finished.emit(report)
        if report.outcome in ("cancelled", "changed", "busy") and self._queue:
            self.start_merge()  # again, after the import that stopped it
        self._next()

    def cancel(self) -> None:
        """Stops the running import after its current batch; drops queued ones."""
        self._queue.clear()
        if self._worker is not None:
            self._worker.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText("Cancelling…")

    def wait(self, msecs: int) -> bool:
        """Waits for a running import to stop (used when the window closes)."""
        return self._pool.waitForDone(msecs)

    def shutdown(self, msecs: int) -> bool:
        """Stops what runs and starts nothing more (the window is closing); waits up to ``msecs`` for it.

        A workbench change noticed while the window closes would otherwise start
        a job whose signals reach a panel already deleted.
        """
        self._closed = True
        self.cancel()
        return self.wait(msecs)

    def _progress(self, value) -> None:
        if isinstance(value, tuple) and value and value[0] == _COMMIT:
            self.batch_committed.emit()
            return
        if value is _GROUP:  # there is something to sign or group: from now on it shows
            self.show()
            return
        if self._maintenance == "group" and isinstance(value, tuple):  # (signed, to sign)
            done, total = value
            self.bar.setRange(0, max(1, total))
            self.bar.setValue(done)
            self.label.setText(f"Signing statements to find near-identical ones: {done:,}/{total:,} "
                               "(searches go on meanwhile)")
            return
        if isinstance(value, MergeProgress):
            self.bar.setRange(0, max(1, value.total))
            self.bar.setValue(value.done)
            self.label.setText(f"Merging the index: {value.done:,}/{value.total:,} statements "
                               "(searches go on meanwhile)")
            return
        if isinstance(value, ImportProgress):
            self.bar.setRange(0, max(1, value.total))
            self.bar.setValue(value.done)
            name = os.path.basename(value.current)
            ocr = f" · OCR {value.ocr_current}" if value.ocr_current else ""
            self.label.setText(f"{value.done:,}/{value.total:,} · {value.rate:.0f} files/s · "
                               f"{_eta(value.seconds_left)} · {name[:40]}{ocr}")

    def _finished(self, report: ImportReport) -> None:
        self._worker = None
        self.last_report = report
        self.hide()
        self.window().statusBar().showMessage(f"Import: {report.summary()}", 15000)
        self.import_finished.emit(report)
        if report.problems or report.ocr_note():
            ImportReportDialog.show_report(report, self.window())
        if not self._queue:
            self.start_maintenance()  # after the last queued import
        self._next()

    def _failed(self, message: str, _details: str) -> None:
        self._worker = None
        what = {"merge": "Merging the index", "group": "Grouping near-identical statements"}.get(
            self._maintenance or "", "Import")
        self._maintenance = None
        self.hide()
        self.window().statusBar().showMessage(f"{what} failed: {message}", 15000)
        self._next()
