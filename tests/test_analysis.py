"""The fused analyzers give exactly the terms and positions of Whoosh's stock chain."""

from __future__ import annotations

import pytest
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.support.charset import accent_map

from index.backend.analysis import TOKEN_PATTERN
from index.backend.schema import folding_analyzer, stemming_analyzer

TEXTS = [
    "On the occasion of the 30th anniversary of Türkiye-Kazakhstan diplomatic relations, President Erdoğan visited.",
    "The U.S. and the U.K. agreed; a G20 meeting in São Paulo — negotiations, negotiated, negotiating!",
    "It is a pleasure. Déclaration conjointe des ministres des Affaires étrangères, à Genève.",
    "",
    "a I x 1 22 333",
]


def _chain(stem: bool):
    chain = RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)
    return chain | StopFilter() | StemFilter() if stem else chain


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("stem", [True, False])
def test_fused_analysis_equals_the_whoosh_chain(text, stem):
    fused = stemming_analyzer() if stem else folding_analyzer()
    expected = [(t.text, t.pos, t.startchar, t.endchar) for t in _chain(stem)(text, positions=True, chars=True)]
    got = [(t.text, t.pos, t.startchar, t.endchar) for t in fused(text, positions=True, chars=True)]
    assert got == expected
