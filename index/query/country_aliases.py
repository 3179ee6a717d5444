"""Country-aware search: a country's name also searches its other names and demonyms.

"Turkey" finds statements that only say "Türkiye" or "Turkish". Only names,
aliases and abbreviations start an expansion; demonyms and capitals do not
("Turkish" stays a word, "Ankara" means the city). Abbreviations count only
when typed as written ("US" is the country, "us" is not). The forms added
are pruned to those that add something: forms folding or stemming to one
already searched, phrases that contain a shorter form ("Republic of Turkey"
holds "Turkey"), and, with a searcher at hand, forms no document contains.
"""

from __future__ import annotations

from dataclasses import dataclass

from whoosh import query as wq

from documents.extract import vocabulary
from documents.extract.gazetteer import load_countries
from index.backend.analysis import fold
from index.backend.schema import folding_analyzer, stemming_analyzer

# "United Kingdom of Great Britain and Northern Ireland" is the longest name people type.
MAX_NAME_WORDS = 8

_stem = stemming_analyzer()
_exact = folding_analyzer()


@dataclass(frozen=True)
class Expansion:
    """A run of typed words naming a country and the other forms searched with it.

    Attributes:
        first: Index of the first word of the run.
        last: Index just past its last word.
        code: The country code.
        forms: Other names searched too, as the gazetteer spells them.
    """

    first: int
    last: int
    code: str
    forms: tuple[str, ...]


_TRIGGERS: list = [None, None]  # [the gazetteer they come from, (names, abbreviations)]


def _triggers() -> tuple[dict[str, str], dict[str, str]]:
    """(folded name or alias -> code, abbreviation as written -> code), rebuilt when the gazetteer is reloaded."""
    gazetteer = load_countries()
    if _TRIGGERS[0] is not gazetteer:
        names: dict[str, str] = {}
        abbreviations: dict[str, str] = {}
        for code, info in gazetteer.countries.items():
            for form in (info.name, *info.aliases):
                names.setdefault(fold(form), code)
            for form in info.abbreviations:
                abbreviations.setdefault(form, code)
        _TRIGGERS[:] = [gazetteer, (names, abbreviations)]
    return _TRIGGERS[1]


def country_named(text: str) -> str | None:
    """The code of the country ``text`` names by name, alias or abbreviation, else None."""
    names, abbreviations = _triggers()
    return abbreviations.get(text) or names.get(fold(text))


def _stems(form: str) -> tuple[str, ...]:
    return tuple(token.text for token in _stem(form))


def name_words(form: str) -> tuple[str, ...]:
    """The exact forms (folded words) a name is indexed as: "U. S." is one, ("us",)."""
    return tuple(token.text for token in _exact(form))


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    size = len(shorter)
    return size < len(longer) and any(longer[i : i + size] == shorter for i in range(len(longer) - size + 1))


def _present(form: str, searcher) -> bool:
    """True when some document holds the form (a word in any inflection, or the exact phrase)."""
    words = name_words(form)
    if len(words) == 1:
        stems = _stems(form)
        reader = searcher.reader()
        return bool(stems) and any(reader.doc_frequency(f, stems[0]) for f in ("body", "title"))
    matcher = wq.Phrase("exact", list(words)).matcher(searcher)
    return matcher.is_active()


def other_forms(code: str, typed: str, searcher=None) -> tuple[str, ...]:
    """The forms to search besides ``typed`` for the country ``code``.

    Args:
        code: Country code.
        typed: The words as the user typed them.
        searcher: When given, forms that no document contains are left out.
    """
    typed_words = name_words(typed)
    seen_stems = {_stems(typed)}
    kept: list[tuple[str, tuple[str, ...]]] = []
    for form in vocabulary().country_aliases(code):
        stems = _stems(form)
        if not stems or stems in seen_stems:
            continue  # a stop word ("US") or the same word inflected ("Turks" after "Turk")
        seen_stems.add(stems)
        kept.append((form, name_words(form)))
    basis = [typed_words] + [words for _form, words in kept]
    forms = [form for form, words in kept if not any(_contains(words, other) for other in basis)]
    if searcher is not None:
        forms = [form for form in forms if _present(form, searcher)]
    return tuple(forms)


def find_expansions(words: list[str], searcher=None) -> list[Expansion]:
    """Finds country names in a run of typed words, longest names first, left to right.

    Args:
        words: Consecutive plain words as typed.
        searcher: Passed to :func:`other_forms`.
    """
    found = []
    index = 0
    while index < len(words):
        for size in range(min(MAX_NAME_WORDS, len(words) - index), 0, -1):
            typed = " ".join(words[index : index + size])
            code = country_named(typed)
            if code:
                found.append(Expansion(index, index + size, code, other_forms(code, typed, searcher)))
                index += size
                break
        else:
            index += 1
    return found
