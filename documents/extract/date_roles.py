"""Whose date is it: the statement's own (dateline, closing formula, signature...) or a cited instrument's.

A treaty's preamble recalls "the Agreement done at Marrakesh, 15 April 1994"
and its last line says "Done at Bangkok on the third day of April in the year
two thousand and seven"; a resolution cites "resolution 2200 A (XXI) of 16
December 1966". Each date is classified from the cue words around it (see
``date_cues``), its place in the text and the shape of its line. Rules are tried
from the most to the least specific; the first that applies decides.
Confidences are deliberately modest for the weak kinds: on the White House
releases a date in the opening lines that no cue explains was the release date
less than half of the time.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from documents.extract.date_cues import Cue, CueFinder
from documents.extract.matcher import PreparedText

if TYPE_CHECKING:
    from documents.extract.dates import FoundDate

# Kinds that are never the statement's own date.
EXCLUDED = frozenset({"reference", "period", "entry into force", "future"})
CONFIDENCE = {
    "closing formula": 0.9, "letter": 0.9, "dateline": 0.85, "press header": 0.85, "adopted": 0.8, "title": 0.8,
    "record header": 0.85, "signature": 0.75, "today": 0.7, "opening event": 0.55, "event": 0.45, "signed": 0.45,
    "opening": 0.25, "lead event": 0.25, "body": 0.15,
}
# Kinds a cue or a line's shape makes the statement's own; a month without a day counts
# for these only (elsewhere "in March 1992" is history far more often than a date).
_FRAMED = {"closing formula", "letter", "dateline", "press header", "adopted", "title", "record header"}
# A United Nations record's symbol ("A/70/PV.19") beside the day of the meeting it records.
_RECORD_SYMBOL = re.compile(r"\b[AS]/(?:[A-Z0-9.-]+/)*PV\.\d+")
_PLENARY = {"plenary meeting", "séance plénière", "sesión plenaria", "пленарном заседании"}
_BEFORE = 250  # characters of context read before a date
_AFTER = 200
_HEAD = 600  # a header ("Adopted on ...") stands within this many characters of the start
_TAIL = 800  # and a closing block within this many of the end
_DATELINE_SPAN = 250
_OPENING_SPAN = 400
_LEAD_SPAN = 1500
# Sentence ends inside the normalised text (which has no newlines left).
# Not after an initial or a title ("U.S. National Security Advisor", "Mr. Sullivan").
_BOUNDARY = re.compile(r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bNo)(?<!\bJr)"
                       r"[.!?]\s+(?=[^\sa-z\d,;])|[;:]\s|[\u3002\uff01\uff1f\uff1b]")
# A line that holds only a place, a weekday or a heading before its date ("ANKARA, ", "Bali, Indonesia, ").
_PLACE_LINE = re.compile(
    r"[\s*_#>|\-\u2013\u2014(]*(?:(?:[A-Z\u00c0-\u00de\u0410-\u042f\u0401\u011e\u0130\u015e][\w.'\u2019\-]*"
    r"|de|du|la|le|el|den|am|d\.c\.|г\.|\(\w+\))[\s,.]*){0,8}"
)
_COORDINATED = re.compile(r"\s*(?:,|and|et|y|und|и|ve|or|ou|o)?\s*(?:,|and|et|y|und|и|ve|or|ou|o)?\s*")
_LINK_REACH = 4  # "of" must stand right before the date
_FUTURE_NEAR = {"by", "before", "after"}  # future words that must stand right before the date
# "It was signed on", "This Agreement was signed at Ankara on": the text's own signature.
_SIGNED = re.compile(r"\b(?:[Ii]t|[Tt]his \w+|[Tt]he present \w+) (?:was|is|has been) signed\b")
# A place after a signature's date: "2019年6月5日于莫斯科", "15 January 2003, Ottawa".
_SIGNATURE_PLACE = re.compile(r"(?:[\u4e8e\u5728]\w{1,12}|,\s*[A-Z\u0410-\u042f][\w .'-]{1,24})[.\u3002]?")
_SENTENCE_STOP = re.compile(r"[.!?]\s|[\u3002\uff01\uff1f]")
# "the May 27, 2024 arrangement": a date standing as the adjective of a noun.
_MODIFIER = re.compile(r"(?:\b[Tt]he|\b[Tt]heir|\b[Ii]ts|\b[Oo]ur|\b[Hh]is|\b[Hh]er|'s) $")
_PROGRESSIVE = re.compile(r"\b(?:is|are|was|were|be|been) $")  # "is welcoming", not "Welcoming"
_AGO = {"ago", "il y a", "hace"}
_BLANK_END = re.compile(r"\n[^\S\n]*\n[^\S\n]*\Z")
_FIRST_SENTENCE_SPAN = 600
# Words that open a sentence, not a dateline ("On Friday, October 25, the Secretary met").
_NOT_PLACES = {"on", "in", "by", "since", "from", "until", "the", "as of", "at", "before", "after"}
_WITNESS = {"in witness whereof", "in faith whereof", "en foi de quoi", "en fe de lo cual", "zu urkund dessen",
            "в удостоверение чего", "bunu tasdiken"}
# Verbs by which a clause cites an instrument's date ("the Convention signed at Geneva on").
_CITING_VERBS = {"signed", "signing", "adopted", "adoption", "concluded", "conclusion", "done at", "done in",
                 "signed at", "signed in", "opened for signature", "adoptée", "adopté", "adoptado", "adoptada",
                 "aprobado", "angenommen", "fait à", "fait a", "hecho en", "firmado en", "подписано в",
                 "совершено в", "принят", "принята"}


def _clause_start(norm: str, position: int) -> int:
    """Start of the sentence or clause (after ". ", "; " or ": ") that ``position`` is in."""
    window_start = max(0, position - _BEFORE)
    last = window_start
    for m in _BOUNDARY.finditer(norm, window_start, position):
        last = m.end()
    return last


def _sentence_end(norm: str, position: int) -> int:
    """End of the sentence that ``position`` is in (initials and titles do not end one)."""
    m = _BOUNDARY.search(norm, position, position + _AFTER)
    return m.start() if m else min(len(norm), position + _AFTER)


def _opens_sentence(norm: str, position: int) -> bool:
    """True when only spaces and markup separate ``position`` from a sentence end or the start."""
    before = norm[max(0, position - 3) : position].rstrip(" *_#\"'(\u201c")
    return not before or before[-1] in ".!?:;\n"


class DateClassifier:
    """Gives each found date a kind and a confidence."""

    def __init__(self) -> None:
        self._cues = CueFinder()

    def classify(self, prepared: PreparedText, found: list[FoundDate], title: bool = False) -> list[FoundDate]:
        """The dates of ``found`` with their kind, confidence and the cue that decided.

        Args:
            prepared: The text the dates were found in (offsets into its normalised form).
            found: The dates, in order of position.
            title: The text is a title: a date that cites nothing is the statement's own.
        """
        classified: list[FoundDate] = []
        for item in found:
            kind, note = self._kind(prepared, item, found, title)
            confidence = CONFIDENCE.get(kind, 0.0)
            if len(item.value) == 7 and not item.value.startswith("--"):
                confidence *= 0.5 if kind in _FRAMED else 0.2  # a month without a day
            classified.append(replace(item, kind=kind, confidence=round(confidence, 3), note=note))
        # "the Arrangements of 12 May 1926 and 30 June 1928": a date coordinated with a cited one is cited too.
        norm = prepared.norm
        for i in range(1, len(classified)):
            previous, current = classified[i - 1], classified[i]
            if previous.kind in EXCLUDED and current.kind not in EXCLUDED:
                between = norm[previous.stop : current.start]
                if len(between) <= 8 and _COORDINATED.fullmatch(between):
                    classified[i] = replace(current, kind=previous.kind, confidence=0.0,
                                            note=f"coordinated with {previous.matched!r}")
        return classified

    def _kind(self, prepared: PreparedText, item: FoundDate, found: list[FoundDate], title: bool) -> tuple[str, str]:
        norm, lower = prepared.norm, prepared.lower
        start, stop = item.start, item.stop
        cues = self._cues.find(lower, start - _BEFORE, stop + _AFTER)
        clause = _clause_start(norm, start)
        before = [c for c in cues if c.end <= start and c.start >= clause]
        near_before = [c for c in cues if c.end <= start]
        after = [c for c in cues if c.start >= stop]

        decided = self._after_cues(norm, stop, after)
        if decided:
            return decided
        if "/" in item.matched and _RECORD_SYMBOL.search(norm, max(0, start - 30), stop + 30):
            return "record header", "beside the record's symbol"  # a page header: "30/09/2015 A/70/PV.19"
        sentence_end = _sentence_end(norm, stop)
        if any(c.phrase in _AGO and c.start < sentence_end and c.start - stop <= 30 for c in after):
            return "reference", "years ago"  # "On 20 September 1977, exactly 40 years ago"
        force = [c for c in near_before if c.kind == "force" and start - c.end <= 40]
        if force:
            return "entry into force", force[-1].phrase
        if title:
            return self._in_title(norm, start, before)
        closing = [c for c in near_before if c.kind == "closing" and start - c.end <= 200]
        if closing:
            cue = closing[-1]
            if any(cue.end <= d.start < start for d in found):
                pass  # the formula's date is the first after it; this one comes later
            elif cue.phrase in _WITNESS or norm[cue.start].isupper() or _opens_sentence(norm, cue.start):
                return "closing formula", cue.phrase
            elif any(c.kind == "instrument" for c in cues if clause <= c.start < cue.start):
                return "reference", f"an instrument {cue.phrase} earlier"
        adopted = [c for c in before if c.kind == "adopted" and start - c.end <= 150]
        first_in_clause = not any(clause <= d.start < start for d in found)
        in_frame = start < _HEAD or start > len(norm) - _TAIL
        if adopted and first_in_clause and in_frame:
            # "Adopted on 28 July 1951 by ...", "Adopted and opened for signature by resolution
            # 2200 A (XXI) of 16 December 1966" (a header); "71st plenary meeting 14 December 1991".
            first = adopted[0]
            if adopted[-1].phrase in _PLENARY and start - adopted[-1].end <= 40 and start > len(norm) - _TAIL:
                return "adopted", adopted[-1].phrase
            if norm[first.start].isupper() or _opens_sentence(norm, first.start):
                return "adopted", first.phrase
            # "A/RES/70/99 Resolution adopted by the General Assembly on 9 December 2015".
            heading = norm[clause : first.start].split()
            if len(heading) <= 2 and any(c.kind == "instrument" and c.end == first.start - 1 for c in before):
                return "adopted", first.phrase
        links = [c for c in near_before if c.kind == "link" and start - c.end <= _LINK_REACH]
        if links:
            return "reference", f"{links[-1].phrase} {item.matched}"
        preamble = [c for c in before if c.kind == "preamble" and not _PROGRESSIVE.search(norm, max(0, c.start - 8),
                                                                                          c.start)]
        if preamble:
            return "reference", f"{preamble[0].phrase} ..."
        instrument = [c for c in before if c.kind == "instrument"]
        acted = [c for c in before if c.kind in ("event", "adopted", "closing") and c.phrase in _CITING_VERBS]
        if instrument and acted and acted[-1].start > instrument[0].start:
            return "reference", f"{instrument[0].phrase} {acted[-1].phrase}"
        # "on 26 June 1945 the Charter was signed": the instrument and its verb follow.
        later = [c for c in after if c.start < min(sentence_end, stop + 80)]
        named_later = [c for c in later if c.kind == "instrument"]
        if named_later and any(c.phrase in _CITING_VERBS and c.start > named_later[0].start for c in later):
            return "reference", f"{named_later[0].phrase} ... {item.matched}"
        # "the signing on 13 September 1993 of the Declaration of Principles".
        acts = [c for c in before if c.phrase in _CITING_VERBS and start - c.end <= 60]
        if acts and any(c.start - stop <= 60 for c in named_later):
            return "reference", f"{acts[-1].phrase} ... {named_later[0].phrase}"
        # "the May 27, 2024 arrangement", "their September 22, 2021 bilateral meeting".
        if _MODIFIER.search(norm, max(0, start - 8), start) and norm[stop : stop + 1] != ",":
            return "reference", f"the {item.matched} ..."
        if any(c.kind == "future" and c.start - stop <= 20 and c.phrase not in _FUTURE_NEAR for c in after):
            return "future", "planned"
        letter = [c for c in near_before if c.kind == "letter" and start - c.end <= 20]
        if letter:
            return ("letter" if start < 300 else "reference"), letter[-1].phrase
        labels = [c for c in near_before if c.kind == "label" and start - c.end <= 5]
        if labels and self._opens_line(prepared, labels[-1].start):
            return "dateline", "date label"
        press = [c for c in near_before if c.kind == "press" and start - c.end <= 150]
        if press and start < 500:
            return "press header", press[-1].phrase
        if any(c.kind == "today" and start - c.end <= 15 for c in near_before):
            return "today", "today"
        for cue in reversed(near_before):
            if cue.kind == "period" and (start - cue.end <= 12 or (cue in before and start - cue.end <= 80)):
                return "period", cue.phrase
            if cue.kind == "future" and (start - cue.end <= 3 or (cue.phrase not in _FUTURE_NEAR and cue in before
                                                                    and start - cue.end <= 60)):
                return "future", cue.phrase
            if cue.kind == "anniversary" and start - cue.end <= 80 and not _SENTENCE_STOP.search(norm, cue.end, start):
                return "reference", cue.phrase  # "commemorate a historic date: 28 September 1958"
        return self._by_place(prepared, item, before, after)

    @staticmethod
    def _opens_line(prepared: PreparedText, position: int) -> bool:
        """True when only markup stands between the start of its line and ``position``."""
        original = prepared.original
        at = prepared.to_original(position)
        return not original[original.rfind("\n", 0, at) + 1 : at].strip(" \t*_#>|-")

    @staticmethod
    def _after_cues(norm: str, stop: int, after: list[Cue]) -> tuple[str, str] | None:
        """Turkish and Chinese name the act after the date ("... tarihinde imzalanmıştır", "...签订")."""
        for cue in after:
            if cue.start - stop > 4:
                break
            if cue.kind == "tarihinde":
                for later in after:
                    if later.start <= cue.start or later.start - cue.end > 200:
                        continue
                    if later.kind == "participle":
                        return "reference", later.phrase
                    if later.kind == "closing":
                        return "closing formula", f"tarihinde ... {later.phrase}"
            if cue.phrase == "tarihli":
                return "reference", "tarihli"
        for cue in after:
            if cue.start - stop > 60:
                break
            if cue.kind == "participle" and cue.phrase != "的":
                break
            if cue.kind == "closing" and cue.phrase.endswith(("ştır", "stir", "ldı")):
                return "closing formula", cue.phrase  # "... üçüncü günü Bakü'de imzalanmıştır"
        cjk = [c for c in after if c.start - stop <= 25]
        for cue in cjk:
            if cue.phrase == "的":
                return "reference", "的"
            if cue.kind == "closing" and "\u4e00" <= cue.phrase[0] <= "\u9fff":
                following = norm[cue.end : cue.end + 2]
                return ("reference", f"{cue.phrase}的") if following.startswith("的") else ("closing formula",
                                                                                          cue.phrase)
        return None

    @staticmethod
    def _in_title(norm: str, start: int, before: list[Cue]) -> tuple[str, str]:
        """A date in a title is the statement's own unless it cites another instrument."""
        letter = [c for c in before if c.kind == "letter"]
        if letter:
            return "letter", letter[-1].phrase
        if any(c.kind in ("preamble", "anniversary") for c in before):
            return "reference", "cited in the title"
        links = [c for c in before if c.kind == "link" and start - c.end <= _LINK_REACH]
        if links:
            # "Joint Communiqué of 13 October 2022" dates itself; "Protocol Additional to the Geneva
            # Conventions of 12 August 1949" cites the Conventions.
            named = [c for c in before if c.kind == "instrument" and c.end <= links[-1].start]
            leading = bool(named) and len(norm[: named[-1].start].split()) <= 2
            return ("title", "of the title's own document") if leading else ("reference", f"{links[-1].phrase} ...")
        return "title", "in the title"

    @staticmethod
    def _by_place(prepared: PreparedText, item: FoundDate, before: list[Cue], after: list[Cue]) -> tuple[str, str]:
        """Datelines, signature lines and reported events, told by where the date stands."""
        norm = prepared.norm
        start, stop = item.start, item.stop
        original = prepared.original
        o_start, o_stop = prepared.to_original(start), prepared.to_original(stop - 1) + 1
        line_start = original.rfind("\n", 0, o_start) + 1
        prefix = original[line_start:o_start]
        line_end = original.find("\n", o_stop)
        rest = original[o_stop : len(original) if line_end < 0 else line_end].strip(" \t*_")
        place_line = (len(prefix) <= 60 and _PLACE_LINE.fullmatch(prefix) is not None
                      and prefix.strip(" ,*").lower() not in _NOT_PLACES)
        # A dateline's line ends soon after its date or breaks off ("ANKARA, 13 October 2022 - Leaders met");
        # a date opening a line is one only at the head of a paragraph, not where hard-wrapped
        # prose happened to break ("... who gathered on\n26 June 1945 in").
        before_line = original[:line_start]
        previous_line = before_line.rstrip("\n").rsplit("\n", 1)[-1].strip()
        named_place = bool(prefix.strip(" \t*_#"))
        heads_paragraph = named_place or not before_line.strip() or _BLANK_END.search(before_line) is not None
        # A signature's date ends its line, under a place or a name ("THE WHITE HOUSE,\nMay 6, 2022.").
        under_name = (heads_paragraph or previous_line.endswith(",") or previous_line.isupper()
                      or (len(previous_line) <= 40 and _PLACE_LINE.fullmatch(previous_line) is not None))
        signature = start > len(norm) - 500 and place_line and under_name and (
            len(rest.strip(".)]")) <= 2 or _SIGNATURE_PLACE.fullmatch(rest) is not None)
        opening = start < min(_DATELINE_SPAN, len(norm) // 2)  # a short text's last line signs it
        if (opening and place_line and heads_paragraph
                and (len(rest) <= 40 or rest[:1] in "-\u2013\u2014:|(")):
            return "dateline", "opens the text"
        if signature:
            return "signature", "in the closing lines"
        if _SIGNED.search(norm, max(0, start - 40), start):
            return "signed", "it was signed on"
        sentence_end = _sentence_end(norm, stop)
        reported = any(c.kind == "event" for c in before) or any(
            c.kind == "event" and c.start < sentence_end for c in after)
        first_sentence = start < _FIRST_SENTENCE_SPAN and _BOUNDARY.search(norm, 0, start) is None
        if first_sentence and reported:
            return "opening event", "the first sentence reports it"
        if reported and start < _OPENING_SPAN:
            return "event", "the opening reports it"
        if reported and start < _LEAD_SPAN:
            return "lead event", "the lead reports it"
        if start < _OPENING_SPAN:
            return "opening", "near the start"
        return "body", "in the body"
