"""The main window's menus: File (libraries, adding statements, rescans) and Help."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog

from desktop.library_menu import install_library_menu


def install_main_menus(window) -> tuple[QAction, ...]:
    """Builds the menu bar of a :class:`~desktop.main_window.MainWindow`.

    Returns:
        The actions that change the library (disabled when it is open read-only).
    """
    file_menu = window.menuBar().addMenu("&File")
    install_library_menu(window, file_menu)  # Open Library…, Open Recent; desktop/app.py switches
    panel = window.import_panel
    add_folder = _action(window, "Add &Folder…", "Ctrl+Shift+O", lambda: _add_folder(window))
    add_files = _action(window, "Add F&iles…", QKeySequence.StandardKey.Open, lambda: _add_files(window))
    rescan = _action(window, "&Rescan Library", "F5", panel.start_rescan)
    remove_missing = QAction("Remove Statements Whose Files Are Gone", window)
    remove_missing.setObjectName("removeMissing")
    remove_missing.setCheckable(True)
    remove_missing.setChecked(window.settings.get("import/missing") == "remove")
    remove_missing.setToolTip("On import and rescan, remove statements whose files were deleted "
                              "(otherwise they stay searchable, marked missing)")

    def set_missing_policy(remove: bool) -> None:
        policy = "remove" if remove else "mark"
        window.settings.set("import/missing", policy)
        panel.missing_policy = policy

    remove_missing.toggled.connect(set_missing_policy)
    set_missing_policy(remove_missing.isChecked())
    changing = (add_folder, add_files, rescan, remove_missing)
    for action in changing:
        file_menu.addAction(action)
        action.setEnabled(not window.library.read_only)  # read-only: searched, never changed
    file_menu.addSeparator()
    file_menu.addAction(_action(window, "&Quit", QKeySequence.StandardKey.Quit, window.close))

    find = _action(window, "&Search", "Ctrl+L", window.focus_search)
    window.addAction(find)
    help_menu = window.menuBar().addMenu("&Help")
    help_menu.addAction(_action(window, "&About Chancery", None, lambda: _about(window)))
    return changing


def _action(window, text: str, shortcut, slot) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda _checked=False: slot())
    return action


def _add_folder(window) -> None:
    folder = QFileDialog.getExistingDirectory(window, "Add a folder of statements")
    if folder:
        window.import_panel.start_import([Path(folder)])


def _add_files(window) -> None:
    files, _ = QFileDialog.getOpenFileNames(window, "Add statements")
    if files:
        window.import_panel.start_import([Path(f) for f in files])


def _about(window) -> None:
    from desktop.about_dialog import AboutDialog

    AboutDialog.show_for(window)
