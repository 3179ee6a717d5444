"""The one home of GUI settings: a QSettings wrapper with declared defaults."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "Chancery"
APPLICATION = "Chancery"

DEFAULTS = {
    "window/geometry": QByteArray(),
    "window/state": QByteArray(),
    "window/splitter": QByteArray(),
    "search/sort": "relevance",
    "import/missing": "mark",
    "library/recent": [],
}


class Settings:
    """Typed access to the settings file; tests point it at a temporary file."""

    def __init__(self, path: str | None = None) -> None:
        if path:
            self._qs = QSettings(path, QSettings.Format.IniFormat)
        else:
            self._qs = QSettings(ORGANISATION, APPLICATION)

    def get(self, key: str):
        """Reads a value, falling back to its declared default."""
        default = DEFAULTS[key]
        value = self._qs.value(key, default)
        if isinstance(default, list):
            if value in (None, ""):
                return []
            return value if isinstance(value, list) else [value]
        return value if value is not None else default

    def set(self, key: str, value) -> None:
        """Writes a value (the key must be declared in DEFAULTS)."""
        if key not in DEFAULTS:
            raise KeyError(key)
        self._qs.setValue(key, value)

    def sync(self) -> None:
        """Flushes to disk."""
        self._qs.sync()
