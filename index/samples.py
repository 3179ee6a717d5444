"""The bundled sample archive, imported into an empty library on first use."""

from __future__ import annotations

from pathlib import Path

from documents.resources import resource_path
from index.importer import ImportReport, import_paths
from index.library import Library

SAMPLES_FOLDER = "samples"
_SEEDED_KEY = "samples_imported"


def samples_dir() -> Path:
    """The folder of bundled sample statements."""
    return resource_path(SAMPLES_FOLDER)


def _not_a_statement(path: Path) -> bool:
    return path.name.lower() == "readme.md" and path.parent == samples_dir()


def import_samples(library: Library, **kwargs) -> ImportReport:
    """Imports the sample archive into ``library``."""
    report = import_paths(library, [samples_dir()], exclude=_not_a_statement, remember=False, **kwargs)
    library.catalogue.set_meta(_SEEDED_KEY, "1")
    return report


def seed_if_empty(library: Library) -> ImportReport | None:
    """Imports the samples into a library that is empty and was never seeded.

    A library whose user removed everything stays empty.
    """
    if library.read_only or library.count() or library.catalogue.get_meta(_SEEDED_KEY):
        return None
    return import_samples(library)
