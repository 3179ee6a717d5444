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
    ("joint_declaration", r"joint\s+(?:political\s+)?declaration|ortak\s+(?:deklarasyon|beyan)|совместная\s+декларация"
     r"|déclaration\s+commune|declaración\s+conjunta|gemeinsame\s+erklärung|联合宣言|聯合宣言|إعلان\s+مشترك"),
    ("joint_statement", r"joint\s+(?:[\w'’-]+\s+){0,2}statement|leaders['’]?\s+statement|ortak\s+(?:bildiri|açıklama)"
     r"|совместное\s+заявление|déclaration\s+conjointe|comunicado\s+conjunto|gemeinsame\s+stellungnahme"
     r"|联合声明|聯合聲明|بيان\s+مشترك|البيان\s+المشترك"),
    ("communique", r"communiqu[ée](?!\s+de\s+presse)|коммюнике|tebliğ|comunicado(?!\s+de\s+prensa)|kommuniqué"
     r"|公报|公報"),
    ("readout", r"read-?out"),
    ("press_release", r"press\s+release|news\s+release|media\s+release|basın\s+(?:bülteni|açıklaması)|пресс-релиз"
     r"|communiqué\s+de\s+presse|comunicado\s+de\s+prensa|pressemitteilung|新闻稿|新聞稿|بيان\s+صحفي"),
    ("mou", r"memorandum\s+of\s+(?:understanding|cooperation)|\bmou\b|mutabakat\s+zaptı|меморандум"
     r"|m[ée]morandum\s+d['’]entente|protocole\s+d['’]accord|memorando\s+de\s+entendimiento|absichtserklärung"
     r"|谅解备忘录|諒解備忘錄|备忘录|مذكرة\s+تفاهم"),
    # Treaties, in the languages archives hold them: "Convention", "公約", "Конвенция", "Anlaşma", "اتفاقية".
    ("treaty", r"\btreaty\b|\bagreement\b|\bconvention\b|\bprotocol\b|\baccord\b|\bcovenant\b|\bcharter\b"
     r"|anlaşma|antlaşma|sözleşme|\bprotokol|договор|соглашени|конвенци|\bпротокол|\bпакт\b|\bхарти"
     r"|traité|\bconvention\b|\bprotocole\b|\bpacte\b|tratado|convenio|convención|\bacuerdo\b|\bprotocolo\b"
     r"|vertrag|abkommen|übereinkommen|vereinbarung|\bprotokoll\b|公约|公約|条约|條約|协定|協定|议定书|議定書"
     r"|اتفاقية|معاهدة|اتفاق|بروتوكول"),
    ("letter", r"\bletter\b|\bmessage\s+to\b|\bmektup\b|\bписьмо\b|\blettre\b|\bcarta\b|信函|致函|رسالة"),
    ("speech", r"\bremarks\b|\bspeech\b|\baddress\b|\bkonuşma|\bвыступление|\bречь\b|\bdiscours\b|\bdiscurso\b"
     r"|\brede\b|\ballocution\b|\bansprache\b|讲话|講話|致辞|致辭|演讲|演講|كلمة|خطاب"),
    ("statement", r"\bstatement\b|\bdeclaration\b|\baçıklama|\bзаявление\b|\bdéclaration\b|\bdeclaración\b"
     r"|\berklärung\b|声明|聲明|\bبيان\b"),
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
     r"|the\s+(?:high\s+)?contracting\s+parties|les\s+(?:hautes\s+)?parties\s+contractantes"
     r"|las\s+(?:altas\s+)?partes\s+contratantes|(?:высокие\s+)?договаривающиеся\s+стороны|akit\s+taraflar"
     r"|die\s+(?:hohen\s+)?vertragsparteien|缔约[国方各]|締約[國方]|الأطراف\s+المتعاقدة"),
    ("letter", r"^\s*(?:dear\s+\w|excellency,)"),
    ("speech", r"^\s*(?:mr\.?|madam|madame|mister)\s+(?:president|chairman|chair|secretary|speaker)"
     r"|^\s*(?:ladies\s+and\s+gentlemen|excellenc(?:y|ies)|distinguished\s+(?:delegates|guests))"
     r"|^\s*(?:-|–)?\s*(?:your|his|her)\s+(?:excellency|majesty|highness)"
     r"|^\s*(?:thank\s+you|good\s+(?:morning|afternoon|evening))"
     # How General Debate speeches open ("At the outset, ...", "Allow me to congratulate ...").
     r"|^\W*(?:at\s+the\s+outset|allow\s+me|permit\s+me|on\s+behalf\s+of\s+(?:my|the\s+(?:delegation|people"
     r"|government))|let\s+me\s+(?:begin|first|start|congratulate|take)"
     r"|i\s+(?:would|should|wish)\s+(?:like\s+)?(?:first\s+|at\s+the\s+outset\s+)?to\s+(?:congratulate|thank"
     r"|begin|express|join|extend|start|pay|convey)|it\s+(?:gives|is)\s+(?:me\s+)?(?:a\s+|my\s+|great\s+)*"
     r"(?:pleasure|honour|honor|privilege)|i\s+am\s+(?:honoured|honored|pleased|delighted)|i\s+congratulate"
     r"|i\s+have\s+the\s+(?:honour|honor|privilege)\s+to\s+(?:address|speak)|first\s+of\s+all,)"),
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


# The formulas that carry a treaty's operative part, wherever its preamble ends. Looked for
# as plain phrases in the lower-cased text with its spaces made uniform: a regular
# expression over the first pages of every statement cost more than the rest of this module.
TREATY_FORMULAS = (
    "have agreed as follows", "in witness whereof", "sont convenus de ce qui suit", "sont convenues de ce qui suit",
    "en foi de quoi", "han convenido lo siguiente", "han convenido en lo siguiente", "en fe de lo cual",
    "согласились о нижеследующем", "в удостоверение чего", "aşağıdaki hususlarda anlaşmışlardır",
    "aşağıdaki hususlarda mutabık", "sind wie folgt übereingekommen", "haben folgendes vereinbart",
    "zu urkund dessen", "达成协议如下", "兹协议如下", "議定如下", "اتفقتا على ما يلي", "اتفقت على ما يلي",
)
_FORMULA_SPAN = 20000
_SPACES = re.compile(r"\s+")


def detect_doc_type(title: str | None, text: str, lower: str | None = None) -> str:
    """Classifies a statement from its title, then its opening lines, then a treaty's formulas.

    Args:
        title: The title, if known.
        text: The body text.
        lower: The text lower-cased with uniform spaces, when the caller has it.

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
    head = lower[:_FORMULA_SPAN] if lower is not None else _SPACES.sub(" ", text[:_FORMULA_SPAN].lower())
    if any(formula in head for formula in TREATY_FORMULAS):
        return "treaty"
    return "other"
