"""The words around a date that tell whose date it is: closing formulas, datelines, citations of other instruments.

One Aho-Corasick automaton finds every cue in the lower-cased text in one pass;
the classifier (``date_roles``) then reads the cues near each date. Each cue
has a kind:

* ``closing``: "Done at", "Fait à", "Совершено в", "IN WITNESS WHEREOF" — the
  statement's own date follows when the cue opens a sentence;
* ``adopted``: "Adopted on", "opened for signature", "plenary meeting";
* ``letter``: "Letter dated"; ``press``: "For immediate release", "issued on";
  ``label``: "Date:"; ``today``: "Today,";
* ``instrument``: nouns that name a document ("agreement", "resolution",
  "соглашени", "anlaşma"), so that "the Agreement done at Marrakesh, 15 April
  1994" or "resolution 2200 A (XXI) of 16 December 1966" cite another date;
* ``preamble``: "Recalling", "Considérant", "Ссылаясь", "hatırlatarak";
* ``anniversary``, ``period`` ("since", "until"), ``force`` ("entry into force"),
  ``future`` ("will", "next");
* ``link``: "of", "dated", "du", "vom", "от", which tie a date to the noun before it;
* ``event``: verbs that report what the statement is about ("met", "signed",
  "held talks").

Russian and Turkish words are listed as stems (they match inside longer words)
because their endings vary; the others match as whole words.
"""

from __future__ import annotations

from dataclasses import dataclass

import ahocorasick

_WHOLE_WORDS: dict[str, tuple[str, ...]] = {
    "closing": (
        "done at", "done in", "done this", "done on", "signed at", "signed in", "signed this", "in witness whereof",
        "in faith whereof",
        "fait à", "fait a", "fait en", "en foi de quoi", "hecho en", "firmado en", "en fe de lo cual", "feito em",
        "fatto a", "geschehen zu", "geschehen in", "geschehen am", "unterzeichnet in", "unterzeichnet zu",
        "zu urkund dessen", "совершено в", "совершено", "подписано в", "в удостоверение чего", "bunu tasdiken",
        "حرر في", "حرر ب", "حررت", "وقع في",
    ),
    "adopted": (
        "adopted", "adoptée", "adopté", "adoptado", "adoptada", "aprobado", "aprobada", "angenommen",
        "opened for signature", "ouvert à la signature", "plenary meeting", "séance plénière", "sesión plenaria",
        "пленарном заседании", "принята", "принят", "принято",
    ),
    "letter": ("letter dated", "lettre datée du", "lettre en date du", "carta de fecha", "письмо от", "note dated",
               "note verbale dated"),
    "press": (
        "for immediate release", "press release", "news release", "media release", "communiqué de presse",
        "comunicado de prensa", "pressemitteilung", "basın bülteni", "пресс-релиз", "released on", "issued on",
        "published on", "posted on", "release date",
    ),
    "label": ("date:", "dated:", "дата:", "tarih:", "fecha:", "datum:"),
    "today": ("today", "tonight", "this evening", "this morning", "this afternoon", "aujourd'hui", "hoy", "heute",
              "сегодня", "bugün"),
    "instrument": (
        "agreement", "agreements", "treaty", "treaties", "convention", "conventions", "protocol", "protocols",
        "declaration", "declarations", "resolution", "resolutions", "decision", "decisions", "charter", "covenant",
        "arrangement", "arrangements", "accord", "accords", "memorandum", "communiqué", "communique", "statement",
        "act", "final act", "statute", "law", "decree", "exchange of notes", "note", "notes", "letter", "letters",
        "constitution", "regulation", "directive", "order", "proclamation", "report", "understanding", "road map",
        "roadmap",
        "instrument", "amendment", "principles", "framework", "code", "programme", "program", "plan",
        "traité", "traités", "protocole", "déclaration", "résolution", "décision", "charte", "pacte",
        "loi", "décret", "mémorandum", "acte", "statut", "règlement", "acuerdo", "acuerdos", "tratado", "tratados",
        "convenio", "convenios", "convención", "protocolo", "declaración", "resolución", "decisión", "carta",
        "pacto", "ley", "decreto", "memorando", "acta", "estatuto", "abkommen", "vertrag", "verträge",
        "übereinkommen", "protokoll", "erklärung", "beschluss", "charta", "gesetz", "vereinbarung", "verordnung",
        "schlussakte", "satzung",
    ),
    "preamble": (
        "recalling", "noting", "considering", "reaffirming", "bearing in mind", "having regard", "welcoming",
        "mindful", "guided by", "taking into account", "acknowledging", "recognizing", "recognising", "whereas",
        "referring to", "taking note", "recall", "recalls", "recalled", "recalling that", "reminded",
        "rappelant", "considérant", "reconnaissant", "notant", "réaffirmant",
        "ayant à l'esprit", "tenant compte", "se référant", "recordando", "considerando", "reconociendo",
        "reafirmando", "tomando nota", "teniendo en cuenta", "eingedenk", "in anbetracht", "unter hinweis",
        "in erwägung", "bekräftigend", "in bekräftigung",
    ),
    "anniversary": ("anniversary", "anniversaire", "aniversario", "jahrestag", "commemorate", "commemorating",
                    "commemoration", "remember", "remembrance", "ago", "il y a", "hace", "previous", "previously",
                    "earlier", "former", "history", "historic date", "on this day"),
    "period": ("since", "until", "till", "as of", "as from", "beyond", "following", "depuis", "jusqu'au", "desde",
               "hasta", "seit", "bis zum"),
    "force": ("entry into force", "entered into force", "enter into force", "enters into force", "in force",
              "into effect", "took effect", "take effect", "takes effect", "came into force",
              "entrée en vigueur", "entrada en vigor", "inkrafttreten", "effective"),
    "future": ("will", "shall", "next", "upcoming", "scheduled", "planned", "expected", "expect", "expects",
               "attend", "intend", "intends", "by", "before", "after",
               "prochain", "prochaine", "próximo", "próxima", "nächste", "nächsten"),
    "link": ("of", "dated", "du", "en date du", "del", "de fecha", "vom", "от"),
    "event": (
        "met", "meet", "meets", "meeting", "spoke", "speak", "held", "hold", "holds", "hosted", "hosts",
        "welcomed", "welcomes", "visited", "visit", "visits", "signed", "signing", "convened", "gathered",
        "took place", "discussed", "announced", "announces", "received", "concluded", "opened", "launched",
        "talked", "called", "agreed", "came together", "issued", "adopted", "adoption", "conclusion", "summit",
        "talks", "session",
        "se sont réunis", "a reçu", "se reunieron", "trafen", "встретились", "провели", "görüştü", "bir araya",
    ),
}
# Stems that match inside longer words (Russian and Turkish inflect; Chinese has no spaces).
_STEMS: dict[str, tuple[str, ...]] = {
    "instrument": (
        "соглашени", "договор", "конвенци", "протокол", "декларац", "резолюц", "решени", "устав", "закон", "указ",
        "меморандум", "пакт", "хартии", "хартия", "anlaşma", "antlaşma", "sözleşme", "protokol", "bildirge",
        "beyanname", "kararı", "kararname", "kanun", "yasası", "mutabakat", "deklarasyon", "协定", "条约", "條約",
        "公约", "公約", "议定书", "宣言", "决议", "決議", "اتفاق", "معاهدة", "بروتوكول", "إعلان", "قرار",
    ),
    "preamble": ("ссылаясь", "напоминая", "признавая", "принимая во внимание", "учитывая", "подтверждая",
                 "отмечая", "hatırlatarak", "anımsayarak", "dikkate alarak", "göz önünde", "teyit ederek",
                 "kabul ederek", "atıfta bulunarak", "回顾", "忆及", "注意到", "إذ تشير", "إذ يشير"),
    "anniversary": ("годовщин", "yıldönüm", "yıl dönüm", "周年"),
    "force": ("вступлени", "вступил", "вступит", "yürürlüğ", "生效"),
    "period": ("itibaren",),
    "closing": ("imzalanmıştır", "imzalanmistir", "imza edilmiştir", "imza altına alınmıştır", "akdedilmiştir",
                "düzenlenmiştir", "imzalandı", "签订", "签署", "签字", "订立", "缔结", "簽訂", "簽署"),
    "participle": ("imzalanan", "kabul edilen", "yapılan", "tarihli", "подписанн", "заключенн", "принят", "的"),
    "tarihinde": ("tarihinde",),
}
_CJK_CHARS = ("\u3040", "\u9fff")


@dataclass(frozen=True, slots=True)
class Cue:
    """One cue word found in a text.

    Attributes:
        start: Offset in the searched (normalised) text.
        end: Offset just past it.
        kind: One of the kinds listed in the module notes.
        phrase: The cue as the lexicon spells it.
    """

    start: int
    end: int
    kind: str
    phrase: str


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class CueFinder:
    """Finds every cue of the lexicon in a lower-cased text in one pass."""

    def __init__(self) -> None:
        self._automaton = ahocorasick.Automaton()
        for whole, table in ((True, _WHOLE_WORDS), (False, _STEMS)):
            for kind, phrases in table.items():
                for phrase in phrases:
                    key = phrase.lower()
                    if key in self._automaton:
                        continue
                    self._automaton.add_word(key, (len(key), kind, phrase, whole))
        self._automaton.make_automaton()

    def find(self, lower: str, start: int = 0, end: int | None = None) -> list[Cue]:
        """The cues in ``lower[start:end]`` (lower-cased text), in order; whole words only at word boundaries.

        Common words such as "of" are cues, so only windows around dates are searched.
        """
        found: list[Cue] = []
        limit = len(lower)
        end = limit if end is None else min(end, limit)
        if start >= end:
            return found
        for end_index, (length, kind, phrase, whole) in self._automaton.iter(lower, max(0, start), end):
            first = end_index - length + 1
            stop = end_index + 1
            if whole:
                if first > 0 and _is_word(lower[first - 1]) and _is_word(lower[first]):
                    continue
                if stop < limit and _is_word(lower[stop]) and _is_word(lower[stop - 1]):
                    continue
            elif not _CJK_CHARS[0] <= phrase[0] <= _CJK_CHARS[1] and first > 0 and _is_word(lower[first - 1]):
                continue  # a stem still begins a word
            found.append(Cue(first, stop, kind, phrase))
        found.sort(key=lambda c: (c.start, c.start - c.end))
        return found


# Phrases after (or, for Turkish and Chinese, before) which a date may be spelled out in
# words; the whole text is searched for these alone, since they are rare.
WORD_DATE_TRIGGERS = (
    *_WHOLE_WORDS["closing"], "day of", "días del mes", "jour d", "jour de", "tarihinde", "yılı",
    *_STEMS["closing"],
)


class TriggerFinder:
    """Finds where a spelled-out date may follow, in one pass over the whole lower-cased text."""

    def __init__(self) -> None:
        self._automaton = ahocorasick.Automaton()
        for phrase in WORD_DATE_TRIGGERS:
            if phrase not in self._automaton:
                self._automaton.add_word(phrase, len(phrase))
        self._automaton.make_automaton()

    def find(self, lower: str) -> list[int]:
        """Start offsets of every trigger phrase in ``lower``."""
        return [end - length + 1 for end, length in self._automaton.iter(lower)]
