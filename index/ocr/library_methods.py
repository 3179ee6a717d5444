"""The library's OCR methods: its languages, what the machine's Tesseract offers, and OCR of scanned statements.

:class:`OcrMethods` is a part of :class:`~index.library.Library`, kept apart
so each module stays readable. Running OCR on statements imported without
it is an import of their files again (``reread``): the same worker
processes, progress per page, cancel, batches and OCR cache as any import.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from documents.ocr import DEFAULT_LANGUAGES, OcrSettings, find_engine, missing_reason, parse_languages
from documents.ocr import unknown_languages as _unknown
from index.errors import LibraryReadOnly, OcrUnavailable
from index.ingest.importer import Importer
from index.ingest.report import ImportProblem, ImportReport
from index.ocr.cache import CatalogueOcrCache

LANGUAGES_KEY = "ocr_languages"

# Statements with a scanned page not read (no Tesseract then, a page that failed, a time limit).
_UNREAD_SQL = (
    "SELECT d.id, d.parent_id FROM documents d WHERE instr(unpacked(d.data), '\"ocr\": [{') > 0 AND EXISTS"
    " (SELECT 1 FROM json_each(unpacked(d.data), '$.ocr') p"
    "  WHERE json_extract(p.value, '$.status') IN ('scanned', 'failed'))"
    " ORDER BY d.rowid"
)


@dataclass(frozen=True)
class OcrStatus:
    """What OCR can do in this library on this machine.

    Attributes:
        engine: ``Tesseract 5.3.0 at /usr/bin/tesseract``, or "" when there is none.
        reason: Why there is none ("" when there is).
        installed: The languages Tesseract has data for.
        languages: The library's languages (what pages are read with, by script).
        script_detection: Whether Tesseract can detect scripts and orientation.
        unread_statements: Statements with scanned pages not read.
        cached_pages: Pages in the OCR cache.
    """

    engine: str
    reason: str
    installed: tuple[str, ...]
    languages: tuple[str, ...]
    script_detection: bool
    unread_statements: int
    cached_pages: int


class OcrMethods:
    """The library's OCR (mixed into :class:`~index.library.Library`)."""

    def ocr_languages(self) -> tuple[str, ...]:
        """The library's OCR languages (its setting; by default those of :data:`DEFAULT_LANGUAGES` installed)."""
        stored = self.catalogue.get_meta(LANGUAGES_KEY) if not self.read_only else None
        if stored:
            return parse_languages(stored)
        engine = find_engine()
        installed = engine.languages if engine else DEFAULT_LANGUAGES
        return tuple(lang for lang in DEFAULT_LANGUAGES if lang in installed) or installed[:1]

    def set_ocr_languages(self, spec: str) -> tuple[str, ...]:
        """Sets the library's OCR languages (``eng+tur+rus``); returns them.

        Raises:
            ValueError: No language given, or one Tesseract has no data for.
            LibraryReadOnly: The library is open read-only.
        """
        if self.read_only:
            raise LibraryReadOnly("The library is open read-only; its OCR languages cannot be changed.")
        languages = parse_languages(spec)
        if not languages:
            raise ValueError("give at least one Tesseract language, such as eng+tur")
        self._check_languages("+".join(languages))
        self.catalogue.set_meta(LANGUAGES_KEY, "+".join(languages))
        return languages

    def _check_languages(self, spec: str) -> None:
        engine = find_engine()
        if engine is None:
            return  # kept for when Tesseract is installed
        unknown = _unknown(spec, engine.languages)
        if unknown:
            raise ValueError(f"Tesseract has no data for {', '.join(unknown)} (installed: "
                             f"{', '.join(engine.languages)}); install the language, e.g. tesseract-ocr-"
                             f"{unknown[0]} on Debian or Ubuntu")

    def ocr_settings(self, override: str | None = None) -> OcrSettings:
        """The settings an import reads scans with: the library's languages, or ``override`` (``tur+eng``).

        Raises:
            ValueError: ``override`` names a language Tesseract has no data for.
        """
        if override:
            self._check_languages(override)
        return OcrSettings(languages=self.ocr_languages(), override=override or None)

    def ocr_status(self) -> OcrStatus:
        """The machine's Tesseract, the library's languages and how many statements wait for OCR."""
        engine = find_engine()
        cache = CatalogueOcrCache(self.catalogue.path, writable=False)
        try:
            cached = cache.count()
        finally:
            cache.close()
        return OcrStatus(
            engine=f"Tesseract {engine.version} at {engine.path}" if engine else "",
            reason="" if engine else missing_reason(), installed=engine.languages if engine else (),
            languages=self.ocr_languages(), script_detection=bool(engine and engine.script_detection),
            unread_statements=len(self.unread_ids()), cached_pages=cached)

    def unread_ids(self) -> list[str]:
        """Ids of the statements with scanned pages not read (marked "no text (scanned)")."""
        return [row[0] for row in self.catalogue.transaction().execute(_UNREAD_SQL)]

    def run_ocr(self, languages: str | None = None, ids: list[str] | None = None,
                progress: Callable | None = None, cancelled: Callable[[], bool] | None = None,
                on_commit: Callable[[int], None] | None = None) -> ImportReport:
        """Reads the scanned pages of statements imported without OCR (or whose pages failed).

        Args:
            languages: Tesseract languages for this run (``tur+eng``); None
                chooses from the library's languages page by page.
            ids: The statements (default: every one marked scanned).
            progress, cancelled, on_commit: As for :meth:`import_paths`.

        Raises:
            OcrUnavailable: Tesseract is not installed, or lacks a language asked for.
            LibraryReadOnly: The library is open read-only.
        """
        if self.read_only:
            raise LibraryReadOnly("The library is open read-only; OCR cannot be run.")
        if find_engine(refresh=True) is None:
            raise OcrUnavailable(f"OCR cannot run: {missing_reason()}. Install Tesseract (see the README, "
                                 "\u201cOCR\u201d) and run it again.")
        try:
            self._check_languages(languages or "")
        except ValueError as exc:
            raise OcrUnavailable(str(exc)) from exc
        paths, problems = self._files_to_read(ids if ids is not None else self.unread_ids())
        importer = Importer(self, progress=progress, cancelled=cancelled, on_commit=on_commit,
                            ocr_languages=languages, reread=True)
        report = importer.run(paths, remember=False) if paths else ImportReport()
        report.problems[:0] = problems
        return report

    def _files_to_read(self, ids: list[str]) -> tuple[list[Path], list[ImportProblem]]:
        """The file of each statement (an attachment's: its message's), and the statements whose file is gone."""
        paths: dict[str, Path] = {}
        problems = []
        conn = self.catalogue.transaction()
        for doc_id in ids:
            row = conn.execute("SELECT parent_id FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                continue
            owner = row[0] or doc_id
            present = [loc for loc in self.catalogue.locations(doc_id=owner)
                       if not loc.missing and "#" not in loc.path and Path(loc.path).is_file()]
            if present:
                paths.setdefault(owner, Path(sorted(present, key=lambda loc: loc.path)[0].path))
            else:
                statement = self.catalogue.get(doc_id, corrected=False)
                where = statement.source_path if statement else doc_id
                problems.append(ImportProblem(where, "the file is missing, and OCR reads the original: import it "
                                                     "again from where it is now"))
        return list(paths.values()), problems
