"""The tag manager (and the collection manager): the nested labels with their counts, to rename, merge,
move and delete."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QPushButton, QTreeView, QVBoxLayout

from desktop.workbench_controller import WorkbenchController
from desktop.workbench_dialogs import Confirm, NameDialog
from index import LabelInfo

PathRole = Qt.ItemDataRole.UserRole + 1


class _Node:
    __slots__ = ("children", "info", "parent", "path")

    def __init__(self, path: str, info: LabelInfo | None, parent: _Node | None) -> None:
        self.path = path
        self.info = info
        self.parent = parent
        self.children: list[_Node] = []


class LabelTreeModel(QAbstractItemModel):
    """Labels as a tree by ``/``; columns: name (the last level), statements (with those below)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._root = _Node("", None, None)

    def set_labels(self, infos: list[LabelInfo]) -> None:
        """Replaces the tree (levels missing from the list are shown as plain branches)."""
        self.beginResetModel()
        self._root = _Node("", None, None)
        nodes: dict[str, _Node] = {"": self._root}
        for info in sorted(infos, key=lambda i: i.path.casefold()):
            parts = info.path.split("/")
            for depth in range(1, len(parts) + 1):
                path = "/".join(parts[:depth])
                if path not in nodes:
                    parent = nodes["/".join(parts[:depth - 1])]
                    nodes[path] = _Node(path, None, parent)
                    parent.children.append(nodes[path])
            nodes[info.path].info = info
        self.endResetModel()

    def _node(self, index: QModelIndex | QPersistentModelIndex) -> _Node:
        return index.internalPointer() if index.isValid() else self._root

    def index_of(self, path: str) -> QModelIndex:
        """The index of a label's name cell, or an invalid index."""
        def find(node: _Node, parent: QModelIndex) -> QModelIndex:
            for row, child in enumerate(node.children):
                index = self.index(row, 0, parent)
                if child.path.casefold() == path.casefold():
                    return index
                found = find(child, index)
                if found.isValid():
                    return found
            return QModelIndex()
        return find(self._root, QModelIndex())

    # Qt API
    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()):  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, self._node(parent).children[row])

    # Qt API
    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()):  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        parent = index.internalPointer().parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.parent.children.index(parent), 0, parent)

    # Qt API
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    # Qt API
    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 2

    # Qt API
    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Name", "Statements")[section] if 0 <= section < 2 else None
        return None

    # Qt API
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node = index.internalPointer()
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return node.path.rsplit("/", 1)[-1]
            total = node.info.total if node.info else 0
            return f"{total:,}"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and node.info:
            own = node.info.count
            return f"{node.path}: {node.info.total:,} statements ({own:,} tagged with it itself)"
        if role == PathRole:
            return node.path
        return None


class LabelManager(QDialog):
    """Rename, merge, move and delete tags (or collections); every change can be undone.

    Args:
        labels: ``library.workbench.tags`` or ``.collections``.
        controller: Runs the changes off the GUI thread.
        parent: The window.
    """

    def __init__(self, labels, controller: WorkbenchController, parent=None) -> None:
        super().__init__(parent)
        self.labels = labels
        self.controller = controller
        noun = labels.kind.noun
        self.setObjectName(f"{noun}Manager")
        self.setWindowTitle(f"{labels.kind.plural.capitalize()} \u2014 Chancery")
        self.model = LabelTreeModel(self)
        self.tree = QTreeView(self)
        self.tree.setObjectName("labelTree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.buttons = {}
        row = QHBoxLayout()
        for key, text in (("rename", "Rename\u2026"), ("merge", "Merge into\u2026"), ("move", "Move under\u2026"),
                          ("delete", "Delete")):
            button = QPushButton(text, self)
            button.setObjectName(f"{key}Label")
            button.clicked.connect(lambda _=False, k=key: self._act(k))
            button.setEnabled(controller.writable)
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addLayout(row)
        layout.addWidget(close)
        self.resize(520, 440)
        controller.changed.connect(lambda _label: self.reload())
        self.reload()

    def reload(self) -> None:
        """Reads the labels and their counts again."""
        selected = self.selected()
        self.model.set_labels(self.labels.all())
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        if selected:
            self.select(selected)

    def selected(self) -> str | None:
        """The full name of the selected label."""
        index = self.tree.currentIndex()
        return index.siblingAtColumn(0).data(PathRole) if index.isValid() else None

    def select(self, path: str) -> None:
        """Selects a label by its full name."""
        index = self.model.index_of(path)
        if index.isValid():
            self.tree.setCurrentIndex(index)

    def _act(self, action: str) -> None:
        path = self.selected()
        if not path:
            return
        noun = self.labels.kind.noun
        others = [info.path for info in self.labels.all() if info.path != path]
        if action == "rename":
            new = NameDialog.ask(self, f"Rename {noun.capitalize()}", f"New name for \u201c{path}\u201d "
                                 "(use / to place it under another):", [], path)
            if new and new != path:
                self.controller.run(f"Renamed {noun} \u201c{path}\u201d", lambda _p: self.labels.rename(path, new))
        elif action == "merge":
            into = NameDialog.ask(self, f"Merge {noun.capitalize()}", f"Merge \u201c{path}\u201d (and what is under "
                                  f"it) into:", others)
            if into:
                self.controller.run(f"Merged {noun} \u201c{path}\u201d", lambda _p: self.labels.merge(path, into))
        elif action == "move":
            parent = NameDialog.ask(self, f"Move {noun.capitalize()}", f"Put \u201c{path}\u201d under (leave empty "
                                    "for the top level):", others)
            if parent is not None:
                self.controller.run(f"Moved {noun} \u201c{path}\u201d",
                                    lambda _p: self.labels.move_under(path, parent or None))
        elif Confirm.ask(self, f"Delete {noun.capitalize()}", f"Delete \u201c{path}\u201d and everything under it? "
                         "It goes to the trash, and Undo brings it back."):
            self.controller.run(f"Deleted {noun} \u201c{path}\u201d", lambda _p: self.labels.delete(path))
