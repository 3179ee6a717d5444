"""Citations in Chicago (notes and bibliography) and APA, rendered by citeproc-py from the official CSL styles.

The style files are the Citation Style Language project's own
(``resources/csl/``, CC BY-SA 3.0), found through the one resource resolver
so they load from a checkout and from the bundle alike. A record becomes a
CSL item through :func:`csl_item`, the mapping the CSL-JSON export uses, so a
citation Chancery renders and one Zotero renders from that export start from
the same data. citeproc-py's en-US locale comes with the package (the bundle
carries it, see ``chancery.spec``); ``citeproc_fixes`` closes the two gaps in
citeproc-py that Chicago would show.

Importing citeproc takes about half a second, so ``index.export`` does not
import this module: callers do, when a citation is asked for. A
:class:`Citer` parses its style once and then renders a Chicago citation in
about 20 ms and an APA one in about 4 ms (on the 2-core machine). It keeps
citeproc state, so each thread needs its own.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from citeproc import VARIABLES as CITEPROC_VARIABLES
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from documents.resources import resource_path

from . import citeproc_fixes
from .csl_json import csl_item
from .records import ExportRecord
from .values import one_line

LOCALE = "en-US"
OUTPUTS = ("text", "html")
FORMS = ("note", "bibliography")
# What a style could print but a citation should not carry: the archivist's
# note and tags. (``custom`` is unknown to citeproc-py and dropped with the rest.)
_NOT_CITED = {"note", "keyword"}


@dataclass(frozen=True)
class CitationStyle:
    """A citation style Chancery offers.

    Attributes:
        name: Short name for menus and the command line (``chicago``, ``apa``).
        title: The style's full title.
        resource: The CSL file inside ``resources/``.
        notes: True for a note style (the citation is a footnote), False for
            an author-date style (the citation is in the text).
    """

    name: str
    title: str
    resource: str
    notes: bool


STYLES: dict[str, CitationStyle] = {
    "chicago": CitationStyle("chicago", "Chicago Manual of Style 18th edition (notes and bibliography)",
                             "csl/chicago-notes-bibliography.csl", notes=True),
    "apa": CitationStyle("apa", "APA Style 7th edition", "csl/apa.csl", notes=False),
}


def citation_style(name: str) -> CitationStyle:
    """The style of that name.

    Raises:
        ValueError: No such style; the message lists the ones there are.
    """
    try:
        return STYLES[name]
    except KeyError:
        raise ValueError(f"Unknown citation style {name!r}; choose one of {', '.join(STYLES)}.") from None


def _citeproc_item(record: ExportRecord, key: str) -> dict[str, Any]:
    item = csl_item(record)
    cited: dict[str, Any] = {"id": key, "type": item["type"], "title": one_line(record.title)}
    for name, value in item.items():
        if name not in cited and name not in _NOT_CITED and name.replace("-", "_") in CITEPROC_VARIABLES:
            cited[name] = value
    return cited


class Citer:
    """Renders citations and bibliographies of one style.

    Args:
        style: A name from :data:`STYLES`.

    Raises:
        ValueError: Unknown style.
        documents.resources.ResourceError: The style file is missing.
    """

    def __init__(self, style: str = "chicago") -> None:
        self.style = citation_style(style)
        citeproc_fixes.install()
        path = resource_path(self.style.resource)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self._csl = CitationStylesStyle(str(path), locale=LOCALE, validate=False)

    def _render(self, records: list[ExportRecord], output: str, form: str) -> list[str]:
        if output not in OUTPUTS:
            raise ValueError(f"Unknown citation output {output!r}; choose text or html.")
        keys = [f"r{index}" for index in range(len(records))]
        items = [_citeproc_item(record, key) for record, key in zip(records, keys, strict=True)]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            bibliography = CitationStylesBibliography(
                self._csl, CiteProcJSON(items), formatter.html if output == "html" else formatter.plain)
            citations = [Citation([CitationItem(key)]) for key in keys]
            for citation in citations:
                bibliography.register(citation)
            if form == "note":
                rendered = [str(bibliography.cite(citation, _ignore)) for citation in citations]
            else:
                bibliography.sort()
                rendered = [str(entry) for entry in bibliography.bibliography()]
        return [citeproc_fixes.punctuation_inside_quotes(text) for text in rendered]

    def citation(self, record: ExportRecord, output: str = "text") -> str:
        """The citation as the style defines it: a full note for Chicago, "(Author, year)" for APA.

        Args:
            record: The statement.
            output: ``text`` or ``html``.
        """
        return self._render([record], output, "note")[0]

    def bibliography_entry(self, record: ExportRecord, output: str = "text") -> str:
        """The statement's entry in a bibliography, or "" when the style leaves it out.

        Chicago omits unpublished documents and speeches that name no archive,
        publisher or URL (CMOS 14.114–14.118); Chancery's records name their
        archive, so in practice every statement has an entry.
        """
        entries = self._render([record], output, "bibliography")
        return entries[0] if entries else ""

    def bibliography(self, records: Iterable[ExportRecord], output: str = "text") -> list[str]:
        """A bibliography of many statements, in the style's order (author, then title, for both styles).

        Args:
            records: The statements; held in memory, as sorting needs them all.
            output: ``text`` or ``html``.
        """
        return self._render(list(records), output, "bibliography")


def _ignore(_item: object) -> None:
    """citeproc-py calls this for a cited key missing from the source (never, here)."""


_CITERS: dict[str, Citer] = {}


def cite(record: ExportRecord, style: str = "chicago", form: str = "note", output: str = "text") -> str:
    """One citation, for "Copy citation".

    Uses a shared :class:`Citer` per style: call it from one thread (the GUI
    thread or one worker), or give each thread its own ``Citer``.

    Args:
        record: The statement.
        style: ``chicago`` or ``apa``.
        form: ``note`` (the style's citation) or ``bibliography`` (its entry).
        output: ``text`` or ``html``.

    Raises:
        ValueError: Unknown style, form or output.
    """
    if form not in FORMS:
        raise ValueError(f"Unknown citation form {form!r}; choose note or bibliography.")
    citer = _CITERS.get(style) or _CITERS.setdefault(style, Citer(style))
    return citer.citation(record, output) if form == "note" else citer.bibliography_entry(record, output)
