"""The bundled sample archive, imported into an empty library on first use."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from documents.resources import resource_path
from index.ingest.importer import Importer
from index.ingest.report import ImportReport

if TYPE_CHECKING:
    from index.library import Library

SAMPLES_FOLDER = "samples"
_SEEDED_KEY = "samples_imported"


def samples_dir() -> Path:
    """The folder of bundled sample statements."""
    return resource_path(SAMPLES_FOLDER)


def _not_a_statement(path: Path) -> bool:
    return path.name.lower() == "readme.md" and path.parent == samples_dir()


def import_samples(library: Library, **options) -> ImportReport:
    """Imports the sample archive into ``library`` (``options`` as for :class:`Importer`)."""
    report = Importer(library, **options).run([samples_dir()], exclude=_not_a_statement, remember=False)
    library.catalogue.set_meta(_SEEDED_KEY, "1")
    return report


def was_seeded(library: Library) -> bool:
    """Whether the samples were imported into ``library`` once."""
    return bool(library.catalogue.get_meta(_SEEDED_KEY))


def seed_if_empty(library: Library) -> ImportReport | None:
    """Imports the samples into a library that is empty and was never seeded.

    A library whose user removed everything stays empty.
    """
    if library.read_only or library.count() or was_seeded(library):
        return None
    return import_samples(library)
