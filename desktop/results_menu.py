"""The results' context menu: workbench actions for the selected statements, or for all results."""

from __future__ import annotations

from PySide6.QtWidgets import QMenu, QWidget

from desktop.workbench_actions import WorkbenchActions
from index import STATUSES


def _status_menu(menu: QMenu, actions: WorkbenchActions, ids: list[str]) -> None:
    status = menu.addMenu("Review Status")
    status.setObjectName("statusMenu")
    for code, name in STATUSES.items():
        status.addAction(name, lambda c=code: actions.set_status(ids, c))
    status.addSeparator()
    status.addAction("No Status", lambda: actions.set_status(ids, ""))


def _actions_for(menu: QMenu, actions: WorkbenchActions, ids: list[str], rows) -> None:
    """Adds the actions that apply to ``ids``; ``rows`` (their display rows) name their tags and collections."""
    menu.addAction("Tag\u2026", lambda: actions.tag(ids)).setObjectName("tagAction")
    tags = sorted({tag for row in rows for tag in row.tags})
    if tags:
        untag = menu.addMenu("Remove Tag")
        for tag in tags:
            untag.addAction(tag, lambda t=tag: actions.untag(ids, t))
    menu.addAction("Add to Collection\u2026", lambda: actions.collect(ids)).setObjectName("collectAction")
    collections = sorted({c for row in rows for c in row.collections})
    if collections:
        out = menu.addMenu("Remove from Collection")
        for collection in collections:
            out.addAction(collection, lambda c=collection: actions.uncollect(ids, c))
    _status_menu(menu, actions, ids)
    if rows and all(row.starred for row in rows):
        menu.addAction("Unstar", lambda: actions.star(ids, False))
    else:
        menu.addAction("Star", lambda: actions.star(ids, True)).setObjectName("starAction")


def build_results_menu(parent: QWidget, actions: WorkbenchActions, selected: list[str], every: list[str],
                       rows: dict) -> QMenu:
    """The menu for a right-click on the results.

    Args:
        parent: The results view.
        actions: The window's workbench actions.
        selected: Ids of the selected statements.
        every: Ids of all current results.
        rows: Display rows of the selected statements (for their tags and collections).
    """
    menu = QMenu(parent)
    menu.setObjectName("resultsMenu")
    if not actions.writable:
        menu.addAction("This library is open read-only").setEnabled(False)
        menu.addAction("Export\u2026", actions.export).setObjectName("exportAction")
        return menu
    if selected:
        heading = menu.addAction(f"{len(selected):,} selected")
        heading.setEnabled(False)
        _actions_for(menu, actions, selected, [rows[i] for i in selected if i in rows])
    if selected:
        menu.addSeparator()
        menu.addAction("Export\u2026", actions.export).setObjectName("exportAction")
    if len(every) > len(selected):
        menu.addSeparator()
        bulk = menu.addMenu(f"Apply to All {len(every):,} Results")
        bulk.setObjectName("applyToAll")
        bulk.addAction("Tag\u2026", lambda: actions.tag(every)).setObjectName("tagAllAction")
        bulk.addAction("Add to Collection\u2026", lambda: actions.collect(every))
        _status_menu(bulk, actions, every)
        bulk.addAction("Star", lambda: actions.star(every, True))
    return menu
