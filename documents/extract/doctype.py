"""The kind of document, read from its title or, failing that, its opening lines."""

from __future__ import annotations

import re

DOC_TYPES = {
    "joint_statement": "Joint statement",
    "joint_declaration": "Joint declaration",
    "communique": "Communiqué",
    "readout": "Readout",
    "press_release": "Press release",
    "speech": "Speech or address",
    "treaty": "Treaty or agreement",
    "mou": "Memorandum of understanding",
    "letter": "Letter",
    "fact_sheet": "Fact sheet",
    "statement": "Statement",
    "other": "Other",
}

# Title keywords. A specific kind (fact sheet, joint statement, readout...) wins over the
# generic words statement, agreement and speech, unless a generic word opens the title:
# "The Wilmington Declaration Joint Statement" is a joint statement, but "Statement by the
# President on the Joint Declaration of ..." is a statement. Among specific kinds the
# leftmost wins ("FACT SHEET: Joint Statement ..." is a fact sheet); within one position,
# earlier rows win.
_TITLE_SIGNS: list[tuple[str, str]] = [
    ("fact_sheet", r"fact\s*sheet"),
    ("joint_declaration", r"joint\s+(?:political\s+)?declaration|ortak\s+deklarasyon|совместная\s+декларация"
     r"|déclaration\s+commune|declaración\s+conjunta|gemeinsame\s+erklärung"),
    ("joint_statement", r"joint\s+(?:[\w'’-]+\s+){0,2}statement|leaders['’]?\s+statement|ortak\s+(?:bildiri|açıklama)"
     r"|совместное\s+заявление|déclaration\s+conjointe|comunicado\s+conjunto|gemeinsame\s+stellungnahme"),
    ("communique", r"communiqu[ée]|коммюнике|tebliğ|comunicado"),
    ("readout", r"read-?out"),
    ("press_release", r"press\s+release|news\s+release|media\s+release|basın\s+bülteni|пресс-релиз"),
    ("mou", r"memorandum\s+of\s+(?:understanding|cooperation)|\bmou\b|mutabakat\s+zaptı|меморандум"),
    ("treaty", r"\btreaty\b|\bagreement\b|\bconvention\b|\bprotocol\b|\baccord\b|anlaşma|antlaşma|договор|соглашение"
     r"|traité|tratado|vertrag|abkommen"),
    ("letter", r"\bletter\b|\bmessage\s+to\b|\bmektup\b|\bписьмо\b|\blettre\b|\bcarta\b"),
    ("speech", r"\bremarks\b|\bspeech\b|\baddress\b|\bkonuşma|\bвыступление|\bречь\b|\bdiscours\b|\bdiscurso\b"
     r"|\brede\b"),
    ("statement", r"\bstatement\b|\bdeclaration\b|\baçıklama|\bзаявление\b|\bdéclaration\b|\bdeclaración\b"
     r"|\berklärung\b"),
]
_TITLE_PATTERN = re.compile("|".join(f"(?P<{code}>{sign})" for code, sign in _TITLE_SIGNS), re.IGNORECASE)

# Opening-line signs, for texts without a title: stricter phrases, since the body
# names other documents freely.
_OPENING_SIGNS: list[tuple[str, str]] = [
    ("fact_sheet", r"^\s*fact\s*sheet"),
    ("joint_declaration", r"(?:issued|adopted|signed)\s+(?:a|the)\s+joint\s+declaration|^\s*joint\s+declaration"),
    ("joint_statement", r"(?:issued|adopted|released)\s+(?:a|the)\s+joint\s+statement|^\s*joint\s+statement"),
    ("communique", r"(?:issued|adopted)\s+(?:a|the|this)\s+(?:joint\s+|final\s+)?communiqu[ée]"
     r"|^\s*(?:joint\s+|final\s+)?communiqu[ée]"),
    ("readout", r"^\s*read-?out"),
    ("press_release", r"^\s*(?:for\s+immediate\s+release|press\s+release|news\s+release)"),
    ("mou", r"^\s*memorandum\s+of\s+understanding"),
    ("treaty", r"^\s*(?:treaty|agreement|convention|protocol)\s+(?:between|on|of)"
     r"|the\s+(?:high\s+)?contracting\s+parties"),
    ("letter", r"^\s*(?:dear\s+\w|excellency,)"),
    ("speech", r"^\s*(?:mr\.?|madam|madame|mister)\s+(?:president|chairman|chair|secretary|speaker)"
     r"|^\s*(?:ladies\s+and\s+gentlemen|excellenc(?:y|ies)|distinguished\s+(?:delegates|guests))"
     r"|^\s*(?:-|–)?\s*(?:your|his|her)\s+(?:excellency|majesty|highness)"
     r"|^\s*(?:thank\s+you|good\s+(?:morning|afternoon|evening))"),
    ("statement", r"^\s*statement\s+(?:by|of|from|on)"),
]
_OPENING_PATTERN = re.compile(
    "|".join(f"(?P<{code}>{sign})" for code, sign in _OPENING_SIGNS), re.IGNORECASE | re.MULTILINE
)
_OPENING_SPAN = 600


_GENERIC = {"statement", "treaty", "speech"}
_OPENING_WORDS = 2  # a generic word opening the title (at most one word before it) decides


def _code_of(match: re.Match[str]) -> str:
    return next(code for code, value in match.groupdict().items() if value is not None)


def _first_sign(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return _code_of(match) if match is not None else None


def _title_sign(title: str) -> str | None:
    matches = list(_TITLE_PATTERN.finditer(title))
    if not matches:
        return None
    first = _code_of(matches[0])
    if first in _GENERIC and len(title[: matches[0].start()].split()) < _OPENING_WORDS:
        return first
    specific = next((_code_of(m) for m in matches if _code_of(m) not in _GENERIC), None)
    return specific or first


def detect_doc_type(title: str | None, text: str) -> str:
    """Classifies a statement from its title, then its opening lines.

    Args:
        title: The title, if known.
        text: The body text.

    Returns:
        One of the codes in :data:`DOC_TYPES`.
    """
    if title:
        found = _title_sign(title)
        if found:
            return found
    opening = text[:_OPENING_SPAN]
    found = _first_sign(_OPENING_PATTERN, opening)
    if found:
        return found
    if not title:
        # Without a title the first line often is one.
        first_line = opening.strip().split("\n", 1)[0][:200]
        found = _title_sign(first_line) if len(first_line) < 160 else None
        if found:
            return found
    return "other"
