"""What the archivist can do to statements from the window: tag, collect, mark, note, highlight, correct.

Each action asks what it needs (through :mod:`desktop.workbench_dialogs`),
then runs on the workbench controller's thread; the window refreshes when
the controller says the action is done.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.workbench_controller import WorkbenchController
from desktop.workbench_dialogs import Confirm, NameDialog, TextDialog
from index import STATUSES, FacetFilter, Library

CONFIRM_ABOVE = 1000  # statements; asking first for more


def _count(n: int) -> str:
    return "1 statement" if n == 1 else f"{n:,} statements"


class WorkbenchActions:
    """The workbench actions of one window.

    Args:
        library: The open library.
        controller: Runs the actions off the GUI thread.
        parent: The window dialogs belong to.
    """

    def __init__(self, library: Library, controller: WorkbenchController, parent: QWidget) -> None:
        self.library = library
        self.controller = controller
        self.parent = parent
        self.open_export = None  # the Export dialog's opener, set by the window

    @property
    def writable(self) -> bool:
        """Whether the workbench can be changed."""
        return self.controller.writable

    def _names(self, labels) -> list[str]:
        try:
            return [info.path for info in labels.all()]
        except Exception:  # a library without a workbench
            return []

    def _many(self, ids: list[str], what: str) -> bool:
        return len(ids) <= CONFIRM_ABOVE or Confirm.ask(self.parent, "Chancery", f"{what} {_count(len(ids))}?")

    # -- tags and collections ---------------------------------------------------------

    def tag(self, ids: list[str]) -> None:
        """Asks for a tag and gives it to the statements."""
        name = NameDialog.ask(self.parent, "Tag", f"Tag {_count(len(ids))} with (use / to nest, as in "
                              "turkic/education):", self._names(self.library.workbench.tags))
        if name is not None and self._many(ids, f"Tag \u201c{name}\u201d on"):
            self.controller.run(f"Tagged \u201c{name}\u201d",
                                lambda progress: self.library.workbench.tags.add(ids, name, progress))

    def untag(self, ids: list[str], name: str) -> None:
        """Takes a tag off the statements."""
        self.controller.run(f"Removed tag \u201c{name}\u201d",
                            lambda progress: self.library.workbench.tags.remove(ids, name, progress))

    def collect(self, ids: list[str]) -> None:
        """Asks for a collection and adds the statements to it."""
        name = NameDialog.ask(self.parent, "Add to Collection", f"Add {_count(len(ids))} to the collection:",
                              self._names(self.library.workbench.collections))
        if name is not None and self._many(ids, f"Add to \u201c{name}\u201d"):
            self.controller.run(f"Added to \u201c{name}\u201d",
                                lambda progress: self.library.workbench.collections.add(ids, name, progress))

    def uncollect(self, ids: list[str], name: str) -> None:
        """Takes the statements out of a collection."""
        self.controller.run(f"Removed from \u201c{name}\u201d",
                            lambda progress: self.library.workbench.collections.remove(ids, name, progress))

    # -- marks ------------------------------------------------------------------------

    def set_status(self, ids: list[str], status: str) -> None:
        """Sets the review status (``""`` clears it)."""
        if self._many(ids, f"Mark as \u201c{STATUSES.get(status, 'no status')}\u201d"):
            self.controller.run(f"Marked {STATUSES.get(status, 'no status').lower()}",
                                lambda progress: self.library.workbench.marks.set_status(ids, status, progress))

    def star(self, ids: list[str], starred: bool = True) -> None:
        """Stars or unstars statements."""
        if self._many(ids, "Star" if starred else "Unstar"):
            self.controller.run("Starred" if starred else "Unstarred",
                                lambda progress: self.library.workbench.marks.star(ids, starred, progress))

    # -- notes and passages -----------------------------------------------------------

    def save_note(self, doc_id: str, text: str, title: str = "") -> None:
        """Writes a statement's note (an empty one deletes it)."""
        self.controller.run("Note saved", lambda _progress: self.library.workbench.notes.set_note(doc_id, text, title))

    def highlight(self, doc_id: str, text: str, content_hash: str, start: int, end: int, ask_note: bool) -> None:
        """Highlights a passage, asking for a note first if wanted."""
        note = ""
        if ask_note:
            note = TextDialog.ask(self.parent, "Highlight with Note", f"Note on \u201c{text[start:end][:80]}\u201d:")
            if note is None:
                return
        self.controller.run("Passage highlighted", lambda _progress: self.library.workbench.notes.add_passage(
            doc_id, text, content_hash, start, end, note))

    def edit_passage_note(self, passage) -> None:
        """Asks for a new note on a passage."""
        note = TextDialog.ask(self.parent, "Passage Note", f"Note on \u201c{passage.quote[:80]}\u201d:", passage.note)
        if note is not None:
            self.controller.run("Passage note saved",
                                lambda _p: self.library.workbench.notes.set_passage_note(passage.id, note))

    def delete_passage(self, passage_id: str) -> None:
        """Removes a highlight (to the trash)."""
        self.controller.run("Passage deleted", lambda _p: self.library.workbench.notes.delete_passage(passage_id))

    # -- saved searches ---------------------------------------------------------------

    def save_search(self, query: str, filters: tuple[FacetFilter, ...], sort: str) -> None:
        """Asks for a name and saves the current search under it."""
        existing = [s.name for s in self.library.workbench.saved.all()] if self.library.workbench.available else []
        name = NameDialog.ask(self.parent, "Save Search", "Save this search as:", existing, query[:60])
        if name is not None:
            self.controller.run(f"Saved search \u201c{name}\u201d",
                                lambda _p: self.library.workbench.saved.save(name, query, filters, sort))

    def delete_saved(self, name: str) -> None:
        """Deletes a saved search (to the trash)."""
        self.controller.run(f"Deleted search \u201c{name}\u201d", lambda _p: self.library.workbench.saved.delete(name))

    # -- corrections ------------------------------------------------------------------

    def correct(self, doc_id: str, action: str, field: str, code: str) -> None:
        """Corrects one value of one statement (remove, central, mentioned)."""
        self.controller.run("Corrected", lambda _p: self.library.correct(doc_id, action, field, code))

    def add_entity(self, doc_id: str, field: str) -> None:
        """Asks for a country, organisation or topic the statement should carry, and adds it."""
        choices = _vocabulary_names(field)
        name = NameDialog.ask(self.parent, f"Add {field.capitalize()}", f"Add a {field} to this statement:",
                              sorted(choices))
        if name is None or not name.strip():
            return
        code = choices.get(name) or self._code(field, name)
        self.controller.run(f"Added {name}", lambda _p: self.library.correct(doc_id, "add", field, code))

    def merge(self, field: str, code: str, name: str) -> None:
        """Asks what a value is the same as, and merges it into that across the library."""
        target = NameDialog.ask(self.parent, "Merge", f"Across the whole library, \u201c{name}\u201d is the same "
                                f"{field} as:", sorted(_vocabulary_names(field)))
        if target:
            code_into = _vocabulary_names(field).get(target) or self._code(field, target)
            self.controller.run(f"Merged {name} into {target}",
                                lambda progress: self.library.correct_library("merge", field, code, code_into,
                                                                              progress))

    def rename(self, field: str, code: str, name: str) -> None:
        """Asks for the name a value should be shown under, across the library."""
        new = NameDialog.ask(self.parent, "Rename", f"Show \u201c{name}\u201d everywhere as:", [], name)
        if new and new.strip() and new != name:
            self.controller.run(f"Renamed {name}",
                                lambda _p: self.library.correct_library("rename", field, code, new.strip()))

    def never(self, field: str, code: str, name: str) -> None:
        """Stops a value from being extracted anywhere (noise)."""
        if Confirm.ask(self.parent, "Never Extract", f"Remove \u201c{name}\u201d from every statement, now and in "
                       "future imports? (Undo brings it back.)"):
            self.controller.run(f"{name} is no longer extracted",
                                lambda progress: self.library.correct_library("never", field, code, None, progress))

    def _code(self, field: str, name: str) -> str:
        try:
            return self.library.resolve_filter(field, name).value
        except ValueError:
            return name

    def export(self) -> None:
        """Opens the Export dialog (set by the window's wiring)."""
        if self.open_export is not None:
            self.open_export()

    # -- undo -------------------------------------------------------------------------

    def undo(self) -> None:
        """Undoes the last workbench action."""
        self.controller.run("Undone", lambda progress: self.library.undo(progress))

    def redo(self) -> None:
        """Applies the last undone action again."""
        self.controller.run("Redone", lambda progress: self.library.redo(progress))


def _vocabulary_names(field: str) -> dict[str, str]:
    """Display name -> code of every known value of a field (for choosing one)."""
    from documents.extract import vocabulary

    vocab = vocabulary()
    pairs = {"country": vocab.all_countries, "organisation": vocab.all_organisations,
             "topic": vocab.all_topics}[field]()
    return {name: code for code, name in pairs}
