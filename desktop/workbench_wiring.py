"""Puts the workbench into the main window: the sidebar, the results' and the document's menus, the Edit
and Workbench menus, and a refresh whenever the workbench changes (here or in another process)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QApplication, QFileDialog, QMenu, QMessageBox

from desktop.export_dialog import ExportDialog
from desktop.label_manager import LabelManager
from desktop.results_menu import build_results_menu
from desktop.workbench_actions import WorkbenchActions
from desktop.workbench_controller import READ_ONLY, WorkbenchController
from desktop.workbench_lists import CorrectionsDialog, TrashDialog
from desktop.workbench_sidebar import WorkbenchSidebar
from desktop.worker import Worker, single_thread_pool
from index import SearchRequest


class WorkbenchWiring:
    """The workbench parts of one :class:`~desktop.main_window.MainWindow`."""

    def __init__(self, window) -> None:
        self.window = window
        self.controller = WorkbenchController(window.library, window)
        self.actions = WorkbenchActions(window.library, self.controller, window)
        self.actions.open_export = self.open_export
        self.sidebar: WorkbenchSidebar = window.sidebar
        self.dialogs: dict[str, object] = {}
        self._file_pool = single_thread_pool(window)
        self._last_remembered: SearchRequest | None = None

        view = window.results_view
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._results_menu)
        document = window.document_view
        writable = self.controller.writable
        document.header.can_correct = writable
        document.can_highlight = writable
        document.notes.set_writable(writable)
        document.highlight_requested.connect(self._highlight)
        document.header.correction_requested.connect(self._correct)
        document.header.add_requested.connect(self._add_entity)
        document.notes.note_saved.connect(self._save_note)
        document.notes.passage_note_requested.connect(self.actions.edit_passage_note)
        document.notes.passage_delete_requested.connect(self.actions.delete_passage)
        document.cite_requested.connect(self.cite)
        self.sidebar.search_chosen.connect(self.run_search)
        self.sidebar.save_requested.connect(self._save_search)
        self.sidebar.delete_requested.connect(self.actions.delete_saved)
        searches = window.searches
        searches.workbench_ready.connect(self._show_workbench)
        searches.saved_ready.connect(self._show_saved)
        window.document_shown.connect(searches.workbench_for)
        window.search_finished.connect(self._remember)
        self.controller.changed.connect(self._changed)
        self.controller.failed.connect(lambda message: window.statusBar().showMessage(message, 10000))
        self.controller.progress.connect(
            lambda done, total: window.statusBar().showMessage(f"Working: {done:,} of {total:,} statements"))
        self._install_menus()
        searches.saved_searches()

    # -- menus ------------------------------------------------------------------------

    def _install_menus(self) -> None:
        window = self.window
        menu_bar = window.menuBar()
        help_menu = menu_bar.actions()[-1]
        edit = QMenu("&Edit", window)
        menu_bar.insertMenu(help_menu, edit)
        self.undo_action = QAction("&Undo", window)
        self.undo_action.setObjectName("undoAction")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(self.actions.undo)
        self.redo_action = QAction("&Redo", window)
        self.redo_action.setObjectName("redoAction")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.redo_action.triggered.connect(self.actions.redo)
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        edit.addSeparator()
        edit.addAction("Trash\u2026", lambda: self.open_dialog("trash"))
        workbench = QMenu("&Workbench", window)
        workbench.setObjectName("workbenchMenu")
        menu_bar.insertMenu(help_menu, workbench)
        workbench.addAction("&Tags\u2026", lambda: self.open_dialog("tags"), QKeySequence("Ctrl+Shift+T"))
        workbench.addAction("&Collections\u2026", lambda: self.open_dialog("collections"))
        workbench.addAction("C&orrections\u2026", lambda: self.open_dialog("corrections"))
        workbench.addSeparator()
        workbench.addAction("&Export\u2026", self.open_export, QKeySequence("Ctrl+E"))
        workbench.addAction("Export &Annotations\u2026", self._export_annotations)
        workbench.addAction("&Import Annotations\u2026", self._import_annotations)
        workbench.addSeparator()
        workbench.addAction("&Save Search\u2026", self._save_search, QKeySequence("Ctrl+Shift+S"))
        workbench.addAction("Tag Selected\u2026", lambda: self.actions.tag(self.selected_ids()),
                            QKeySequence("Ctrl+T"))
        for action in (*edit.actions(), *workbench.actions()):
            if action.text() not in ("Trash\u2026", "&Tags\u2026", "&Collections\u2026", "C&orrections\u2026",
                                     "&Export\u2026", "Export &Annotations\u2026"):
                action.setEnabled(action.isEnabled() and self.controller.writable)
        self._update_undo()

    def open_dialog(self, which: str):
        """Shows (once, then raises) the tag or collection manager, the corrections or the trash."""
        library = self.window.library
        dialog = self.dialogs.get(which)
        if dialog is None:
            if which in ("tags", "collections"):
                labels = library.workbench.tags if which == "tags" else library.workbench.collections
                dialog = LabelManager(labels, self.controller, self.window)
            elif which == "corrections":
                dialog = CorrectionsDialog(library, self.controller, self.window)
            else:
                dialog = TrashDialog(library, self.controller, self.window)
            self.dialogs[which] = dialog
        else:
            dialog.reload()
        dialog.show()
        dialog.raise_()
        return dialog

    def _update_undo(self) -> None:
        journal = self.window.library.workbench.journal
        available = self.controller.writable
        undo = journal.next_undo() if available else None
        redo = journal.next_redo() if available else None
        self.undo_action.setText(f"&Undo {undo.label}" if undo else "&Undo")
        self.undo_action.setEnabled(undo is not None)
        self.redo_action.setText(f"&Redo {redo.label}" if redo else "&Redo")
        self.redo_action.setEnabled(redo is not None)

    # -- the results ------------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        """Ids of the selected results, in list order."""
        model = self.window.results_model
        rows = sorted(index.row() for index in self.window.results_view.selectionModel().selectedRows())
        return [doc_id for row in rows if (doc_id := model.doc_id(row))]

    def all_ids(self) -> list[str]:
        """Ids of every current result."""
        model = self.window.results_model
        return [model.doc_id(row) for row in range(model.rowCount())]

    def results_menu(self):
        """The context menu for the current selection (built, not shown: for tests and the right-click)."""
        selected = self.selected_ids()
        rows = self.window.library.rows(selected) if selected else {}
        return build_results_menu(self.window.results_view, self.actions, selected, self.all_ids(), rows)

    def _results_menu(self, pos: QPoint) -> None:
        self.results_menu().exec(self.window.results_view.viewport().mapToGlobal(pos))

    # -- exports ----------------------------------------------------------------------

    def open_export(self) -> ExportDialog:
        """Shows the Export dialog for the selection and the current results."""
        dialog = ExportDialog(self.window.library, self.selected_ids(), self.all_ids(), self.window)
        dialog.exported.connect(lambda result: self.window.statusBar().showMessage(
            "Export cancelled" if result.cancelled else f"Exported {result.written:,} statements", 8000))
        self.dialogs["export"] = dialog
        dialog.show()
        return dialog

    def _export_annotations(self) -> None:
        path = AnnotationFiles.ask_save(self.window)
        if path is None:
            return
        library = self.window.library
        worker = Worker(lambda: library.export_annotations(path))
        worker.signals.finished.connect(lambda result: self.window.statusBar().showMessage(
            f"Wrote the annotations of {result.written:,} statements to {path}", 10000))
        worker.signals.failed.connect(lambda message, _d: self.window.statusBar().showMessage(
            f"The annotations could not be written: {message}", 10000))
        self._file_pool.start(worker)

    def _import_annotations(self) -> None:
        path = AnnotationFiles.ask_open(self.window)
        if path is not None:
            self.controller.run("Imported annotations", lambda _p: self.window.library.import_annotations(path),
                                lambda report: AnnotationFiles.show_report(self.window, report))

    def cite(self, style: str, form: str) -> None:
        """Copies a citation of the open statement in a CSL style to the clipboard."""
        statement = self._statement()
        if statement is not None:
            self.window.searches.cite(statement.id, style, form,
                                      lambda text: (QApplication.clipboard().setText(text),
                                                    self.window.statusBar().showMessage("Citation copied", 4000)))

    # -- the document -----------------------------------------------------------------

    def _statement(self):
        return self.window.document_view.statement

    def _highlight(self, start: int, end: int, ask_note: bool) -> None:
        statement = self._statement()
        if statement is not None:
            self.actions.highlight(statement.id, statement.text, statement.content_hash, start, end, ask_note)

    def _correct(self, action: str, field: str, code: str, name: str) -> None:
        statement = self._statement()
        if action in ("merge", "rename", "never"):
            getattr(self.actions, action)(field, code, name)
        elif statement is not None:
            self.actions.correct(statement.id, action, field, code)

    def _add_entity(self, field: str) -> None:
        statement = self._statement()
        if statement is not None:
            self.actions.add_entity(statement.id, field)

    def _save_note(self, doc_id: str, text: str) -> None:
        statement = self._statement()
        self.actions.save_note(doc_id, text, statement.title if statement and statement.id == doc_id else "")

    def _show_workbench(self, doc_id: str, note: str, passages: list, history: list) -> None:
        statement = self._statement()
        if statement is not None and statement.id == doc_id:
            self.window.document_view.set_workbench(note, passages)
            self.window.document_view.notes.show_history(history)

    # -- saved searches and history ---------------------------------------------------

    def run_search(self, search) -> None:
        """Puts a saved or past search in the widgets and runs it."""
        window = self.window
        window.search_box.setText(search.query)
        index = window.sort_combo.findData(search.sort)
        if index >= 0:
            window.sort_combo.blockSignals(True)
            window.sort_combo.setCurrentIndex(index)
            window.sort_combo.blockSignals(False)
        window.facet_model.replace_filters(search.filters)  # announces the change: one search runs

    def _save_search(self) -> None:
        request = self.window.current_request()
        if not self.controller.writable:
            self.window.statusBar().showMessage(READ_ONLY, 8000)
            return
        self.actions.save_search(request.text, request.filters, request.sort)

    def _show_saved(self, saved: list, history: list) -> None:
        self.sidebar.set_saved(saved)
        self.sidebar.set_history(history)

    def _remember(self, result) -> None:
        request = result.request
        if not request.text.strip() and not request.filters:
            return
        past = self._last_remembered
        if past is not None and (past.text, past.filters, past.sort) == (request.text, request.filters, request.sort):
            return
        self._last_remembered = request
        if self.controller.writable:
            self.window.searches.remember(request)
            self.window.searches.saved_searches()

    # -- refresh ----------------------------------------------------------------------

    def _changed(self, label: str) -> None:
        """The workbench changed: show the new state everywhere."""
        window = self.window
        if not label and window.import_panel.busy:
            return  # our own import writes; it refreshes the window as each batch commits
        if label:
            window.statusBar().showMessage(label, 6000)
        self._update_undo()
        window.search_now()
        window.import_panel.start_grouping()  # a correction of central countries may join or part statements
        statement = self._statement()
        if statement is not None:
            window.searches.open_document(statement.id, window.results_model.terms)
        window.searches.saved_searches()

    def shutdown(self) -> None:
        """Stops watching and waits for a running action (the window is closing)."""
        self.controller.shutdown()


class AnnotationFiles:
    """The file questions and the report of sharing annotations (class methods, for tests to replace)."""

    @classmethod
    def ask_save(cls, parent) -> Path | None:
        """Where to write an annotations file."""
        path, _ = QFileDialog.getSaveFileName(parent, "Export Annotations", str(Path.home() / "annotations.json"),
                                              "Annotations (*.json)")
        return Path(path) if path else None

    @classmethod
    def ask_open(cls, parent) -> Path | None:
        """Which annotations file to import."""
        path, _ = QFileDialog.getOpenFileName(parent, "Import Annotations", str(Path.home()), "Annotations (*.json)")
        return Path(path) if path else None

    @classmethod
    def show_report(cls, parent, report) -> None:
        """Says what an import did, with what did not match in the details."""
        box = QMessageBox(QMessageBox.Icon.Information, "Annotations imported", report.summary(),
                          QMessageBox.StandardButton.Ok, parent)
        details = [*(f"Not in this library: {t}" for t in report.unmatched), *(f"Kept: {k}" for k in report.kept),
                   *(f"Problem: {p}" for p in report.problems)]
        if details:
            box.setDetailedText("\n".join(details))
        box.exec()
