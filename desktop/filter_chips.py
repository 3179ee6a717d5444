"""Active filters as removable chips above the results."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from index import FacetFilter, facet_field

_STYLE_INCLUDE = "QToolButton { background: #e3f1e4; border: 1px solid #9cc79f; border-radius: 9px; padding: 1px 6px; }"
_STYLE_EXCLUDE = "QToolButton { background: #fbe3e3; border: 1px solid #e0a0a0; border-radius: 9px; padding: 1px 6px; }"


class FilterChips(QWidget):
    """One chip per active filter; clicking a chip's button removes that filter."""

    remove_requested = Signal(str, str)  # field, value
    clear_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("filterChips")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self.chips: list[QToolButton] = []
        self.hide()

    def set_filters(self, filters: tuple[FacetFilter, ...], label_for) -> None:
        """Shows ``filters``; ``label_for(field, value)`` gives display names."""
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.chips = []
        if not filters:
            self.hide()
            return
        self._layout.addWidget(QLabel("Filters:", self))
        for flt in filters:
            field = facet_field(flt.field)
            section = field.label if field else flt.field
            prefix = "not " if flt.exclude else ""
            chip = QToolButton(self)
            chip.setObjectName("filterChip")
            # A button reads "&" as a shortcut mark: "R&D" would show as "RD" with the D underlined.
            text = f"{prefix}{section}: {label_for(flt.field, flt.value)}  \u2715"
            chip.setText(text.replace("&", "&&"))
            chip.setToolTip("Remove this filter")
            chip.setStyleSheet(_STYLE_EXCLUDE if flt.exclude else _STYLE_INCLUDE)
            chip.clicked.connect(lambda _=False, f=flt: self.remove_requested.emit(f.field, f.value))
            self._layout.addWidget(chip)
            self.chips.append(chip)
        clear = QToolButton(self)
        clear.setText("Clear all")
        clear.setAutoRaise(True)
        clear.clicked.connect(self.clear_requested)
        self._layout.addWidget(clear)
        self._layout.addStretch(1)
        self.show()
