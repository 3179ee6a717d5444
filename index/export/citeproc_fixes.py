"""Three gaps of citeproc-py that the Chicago style exposes, closed here in one place.

citeproc-py is the maintained Python CSL processor (volunteer-run, released
through 2026), but it implements CSL 1.0 with gaps its README lists. Two of
them change every Chicago citation of a person or a quoted title:

1. ``initialize="false"`` on ``cs:name`` (CSL 1.0.1) is ignored, so a style
   that sets ``initialize-with`` on its root (Chicago does, for short forms)
   initialises every given name: "A. Guterres" where Chicago prints
   "António Guterres". :func:`install` wraps ``citeproc.model.Name.initialize``
   to leave given names whole when the element says ``initialize="false"``.
   This relies on ``Name.initialize(self, given, mark, context)``, a private
   method; ``tests/test_export_citations.py`` fails if an upgrade changes it.
2. ``punctuation-in-quote`` (the en-US locale sets it: American usage puts a
   comma or full stop inside the closing quotation mark) is not applied.
   :func:`punctuation_inside_quotes` moves it on the rendered text.
3. A variable rendered in place of a missing author (``cs:substitute``) must
   not appear again in the entry. citeproc-py suppresses it only when the
   substitute's child is a ``cs:text variable=…`` itself; Chicago reaches the
   title through ``cs:choose`` and macros, so a statement with no author read
   "“Joint Statement.” “Joint Statement.” …". :func:`install` records the
   variables a substitute actually rendered and suppresses those.
"""

from __future__ import annotations

import re

from citeproc import model

_CLOSE_QUOTE_THEN_PUNCTUATION = re.compile(r"”([.,])")
_installed = False
_substituting: list[list[tuple[str, str]]] = []  # (tag, variable) rendered inside each open cs:substitute


def install() -> None:
    """Makes citeproc-py honour ``initialize="false"`` (idempotent)."""
    global _installed
    if _installed:
        return
    original = model.Name.initialize

    def initialize(self: model.Name, given: str, mark: str, context: object) -> str:
        if (self.get("initialize") or "true").lower() == "false":
            return given
        return original(self, given, mark, context)

    model.Name.initialize = initialize
    _suppress_substituted()
    _installed = True


def _suppress_substituted() -> None:
    render, variable = model.Substitute.render, model.Text._variable

    def recorded_variable(self: model.Text, item: object, context: object):
        text = variable(self, item, context)
        if text and _substituting:
            _substituting[-1].append((self.tag, self.get("variable")))
        return text

    def substitute_render(self: model.Substitute, item: object, context: object = None, **kwargs):
        _substituting.append([])
        try:
            text = render(self, item, context=context, **kwargs)
        finally:
            rendered = _substituting.pop()
        if text and context is not None:
            repressed = context.get_layout().repressed
            for tag, name in rendered:
                repressed.setdefault(tag, []).append(name)
        return text

    model.Text._variable = recorded_variable
    model.Substitute.render = substitute_render


def punctuation_inside_quotes(text: str) -> str:
    """``“Title”,`` → ``“Title,”`` as the en-US locale's ``punctuation-in-quote`` asks."""
    return _CLOSE_QUOTE_THEN_PUNCTUATION.sub(r"\1”", text)
