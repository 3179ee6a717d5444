"""Metadata kept beside documents: ``<name>.meta.json`` sidecars and ``metadata.csv`` manifests.

What an archivist wrote down beside a file wins over what Chancery extracts.

Sidecar and manifest fields (all optional):
    ``title``, ``date`` (ISO), ``year`` (when no ``date`` is known), ``country_iso3`` (one code or a list; in a CSV
    separated by ``;`` or ``,``), ``doc_type`` or ``doc_kind``, ``language``,
    ``source_url``, ``organisation``, ``speaker``. A manifest row names its file
    in ``file``, ``path`` or ``source_path`` (relative to the CSV's folder), or
    by ``id`` equal to the file name without extension.
"""

from __future__ import annotations

import csv
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger("chancery.documents")

SIDECAR_SUFFIX = ".meta.json"
MANIFEST_NAME = "metadata.csv"
_PATH_COLUMNS = ("file", "path", "source_path", "filename")
_MANIFEST_LIMIT = 50 * 1024 * 1024

# Free-text document kinds -> type codes, checked in order.
_KIND_WORDS = (
    ("joint statement", "joint_statement"),
    ("joint declaration", "joint_declaration"),
    ("communiqu", "communique"),
    ("readout", "readout"),
    ("press release", "press_release"),
    ("fact sheet", "fact_sheet"),
    ("fact_sheet", "fact_sheet"),
    ("memorandum", "mou"),
    ("mou", "mou"),
    ("treaty", "treaty"),
    ("agreement", "treaty"),
    ("letter", "letter"),
    ("speech", "speech"),
    ("address", "speech"),
    ("remarks", "speech"),
    ("general debate", "speech"),
    ("statement", "statement"),
)


def doc_type_code(kind: str) -> str:
    """Maps a free-text kind (``"UN General Assembly general debate statement"``) to a type code."""
    low = kind.casefold().replace("_", " ")
    if low.replace(" ", "_") in {code for _, code in _KIND_WORDS} | {"other"}:
        return low.replace(" ", "_")
    for words, code in _KIND_WORDS:
        if words in low:
            # "general debate statement" is a speech, not a plain statement.
            return "speech" if code == "statement" and "debate" in low else code
    return "other"


@dataclass
class BesideMetadata:
    """Metadata found beside one file, with where each field came from."""

    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def put(self, key: str, value: Any, source: str) -> None:
        """Sets a field unless a stronger source already set it."""
        if value in (None, "", []) or key in self.values:
            return
        self.values[key] = value
        self.sources[key] = source


def _split_codes(value: Any) -> list[str]:
    items = value if isinstance(value, list) else re.split(r"[;,|]", str(value))
    return [str(item).strip().upper() for item in items if str(item).strip()]


def _normalise(raw: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("title", "date", "language", "source_url", "organisation", "speaker", "speaker_post"):
        if raw.get(key) not in (None, ""):
            out[key] = str(raw[key]).strip()
    year = str(raw.get("year") or "").strip()
    if re.fullmatch(r"\d{4}", year):
        out["year"] = year
    if raw.get("country_iso3"):
        out["countries"] = _split_codes(raw["country_iso3"])
    kind = raw.get("doc_type") or raw.get("doc_kind")
    if kind:
        out["doc_type"] = doc_type_code(str(kind))
    return out


def read_sidecar(path: Path) -> tuple[dict[str, Any], str | None]:
    """Reads ``<name>.meta.json`` beside ``path``.

    Returns:
        ``(fields, warning)``: normalised fields (empty if none) and a warning
        when the sidecar exists but is broken.
    """
    sidecar = path.with_name(path.stem + SIDECAR_SUFFIX)
    try:
        if not sidecar.is_file():
            return {}, None
    except OSError:  # a name that is long already has no room for ".meta.json": no sidecar
        return {}, None
    try:
        raw = json.loads(sidecar.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return {}, f"sidecar {sidecar.name} could not be read ({exc}); it was ignored"
    if not isinstance(raw, dict):
        return {}, f"sidecar {sidecar.name} is not a JSON object; it was ignored"
    return _normalise(raw), None


class ManifestCache:
    """Parses each ``metadata.csv`` once per import and finds a file's row."""

    def __init__(self) -> None:
        self._manifests: dict[Path, tuple[dict[str, dict], dict[str, dict], str | None]] = {}

    def _load(self, folder: Path) -> tuple[dict[str, dict], dict[str, dict], str | None]:
        if folder in self._manifests:
            return self._manifests[folder]
        by_path: dict[str, dict] = {}
        by_id: dict[str, dict] = {}
        warning = None
        manifest = folder / MANIFEST_NAME
        if manifest.is_file():
            try:
                if manifest.stat().st_size > _MANIFEST_LIMIT:
                    raise ValueError("it is larger than 50 MB")
                with manifest.open(encoding="utf-8-sig", newline="") as handle:
                    for row in csv.DictReader(handle):
                        for column in _PATH_COLUMNS:
                            if row.get(column):
                                by_path[Path(row[column]).as_posix()] = row
                                break
                        if row.get("id"):
                            by_id[row["id"]] = row
            except (OSError, UnicodeDecodeError, csv.Error, ValueError) as exc:
                warning = f"manifest {manifest} could not be read ({exc}); it was ignored"
                log.warning(warning)
        self._manifests[folder] = (by_path, by_id, warning)
        return self._manifests[folder]

    def lookup(self, path: Path, root: Path | None = None) -> tuple[dict[str, Any], str | None]:
        """Finds the manifest row for ``path`` in its folder or any folder up to ``root``."""
        folder = path.parent
        while True:
            by_path, by_id, warning = self._load(folder)
            if by_path or by_id:
                relative = path.relative_to(folder).as_posix()
                row = by_path.get(relative) or by_id.get(path.stem)
                if row is not None:
                    return _normalise(row), warning
            if root is None or folder == root or folder.parent == folder or root not in folder.parents:
                return {}, warning
            folder = folder.parent


def metadata_beside(path: Path, manifests: ManifestCache, root: Path | None = None) -> BesideMetadata:
    """Collects sidecar (strongest) then manifest metadata for ``path``."""
    found = BesideMetadata()
    sidecar, warning = read_sidecar(path)
    if warning:
        found.warnings.append(warning)
    for key, value in sidecar.items():
        found.put(key, value, "sidecar")
    row, warning = manifests.lookup(path, root)
    if warning and warning not in found.warnings:
        found.warnings.append(warning)
    for key, value in row.items():
        found.put(key, value, "manifest")
    return found
