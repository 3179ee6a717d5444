"""Deciding which matched country names really name a country: context rules and shared names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from documents.extract.eras import EraRules
from documents.extract.gazetteer import CountryGazetteer, Entry
from documents.extract.matcher import Match, PreparedText

_WORD = re.compile(r"[\w'.-]+")
_SENTENCE_END = ".!?:;\"'(\u201c\u00ab[-"
_LOOK = 120  # characters of context read on each side of a mention
# Titles that make the next word part of a person's name ("Mr. Jordan", "Sen. Chad ...").
_TITLES = {"Mr.", "Mrs.", "Ms.", "Dr.", "Sen.", "Rep.", "Gov.", "Gen.", "Lt.", "Col.", "Capt.", "Prof.", "St."}


@dataclass(slots=True)
class Mention:
    """One accepted mention of an entity, in normalised-text offsets.

    ``fallback`` and ``within`` override the gazetteer's settling of a shared form
    for this mention (an era rule: bare "Korea" in 1961 is no state when neither is
    named nearby); ``era`` says which rule changed the reading.
    """

    start: int
    end: int
    code: str
    surface: str
    kind: str
    form: str = ""
    fallback: str | None = None
    within: int | None = None
    era: str = ""
    today: str = ""  # the code (or candidates) today's reading gives, when an era rule changed it


def _words_before(norm: str, start: int, count: int) -> list[str]:
    return _WORD.findall(norm[max(0, start - _LOOK) : start])[-count:] if count else []


def _words_after(norm: str, end: int, count: int) -> list[str]:
    return _WORD.findall(norm[end : end + _LOOK])[:count] if count else []


def _clean(word: str) -> str:
    return word.strip(".'-").lower()


def _glued_word_before(norm: str, start: int) -> tuple[str, bool] | None:
    """The word directly before ``start`` when only one space separates them, and whether it opens a sentence.

    A word ending in a full stop ends a sentence (so the mention opens the next one)
    unless it is a title such as "Mr." or "Sen.", which belongs to a name.
    """
    if start < 2 or norm[start - 1] != " " or not (norm[start - 2].isalnum() or norm[start - 2] == "."):
        return None
    match = re.search(r"([\w'.-]+) $", norm[max(0, start - 60) : start])
    if not match:
        return None
    word = match.group(1)
    if word.endswith(".") and word not in _TITLES:
        return None
    before = norm[: start - len(word) - 1].rstrip()
    opens_sentence = not before or before[-1] in _SENTENCE_END
    return word, opens_sentence


def _glued_word_after(norm: str, end: int) -> str | None:
    """The word directly after ``end`` when only one space separates them."""
    if end + 1 >= len(norm) or norm[end] != " ":
        return None
    match = re.match(r"[\w'-]+", norm[end + 1 : end + 60])
    return match.group(0) if match else None


def _is_capitalised(word: str) -> bool:
    return bool(word) and word[0].isupper() and not word.isupper()


class CountryRules:
    """The hand-kept rules of ``country_extras.toml`` applied to candidate mentions.

    Args:
        gazetteer: The loaded country gazetteer.
    """

    def __init__(self, gazetteer: CountryGazetteer) -> None:
        rules = gazetteer.rules
        self._ambiguous = {
            form.casefold(): {
                "before": {w.lower() for w in rule.get("reject_before", [])},
                "after": {w.lower() for w in rule.get("reject_after", [])},
                "near": {w.lower() for w in rule.get("reject_near", [])},
                "accept": {w.lower() for w in rule.get("accept_near", [])},
                "window": int(rule.get("window", 0)),
                "us_states": bool(rule.get("near_us_states", False)),
                "person": bool(rule.get("person_name", False)),
            }
            for form, rule in rules.get("ambiguous", {}).items()
        }
        context = rules.get("capital_context", {})
        self._capital_following = {w.lower() for w in context.get("following_words", [])}
        nouns = "|".join(re.escape(w) for w in context.get("preceding_nouns", []))
        self._capital_preceding = re.compile(rf"\b(?:{nouns}) of (?:the )?$", re.IGNORECASE) if nouns else None
        states = "|".join(re.escape(s) for s in rules.get("us_states", []))
        self._us_states = re.compile(rf"\b(?:{states})\b") if states else None
        self._us_state_after = re.compile(rf",? (?:{states})\b") if states else None
        self.contextual_within = {form.casefold(): int(n) for form, n in rules.get("contextual_within", {}).items()}
        language = rules.get("language_context", {})
        self._language_after = {w.lower() for w in language.get("after", [])}
        self._language_before = {w.lower() for w in language.get("before", [])}
        self._language_window = int(language.get("window", 0))
        allowed = rules.get("person_name_allowed", {})
        self._allowed_before = set(allowed.get("before", []))
        self._allowed_after = set(allowed.get("after", []))

    def accepts(self, norm: str, match: Match, entry: Entry) -> bool:
        """True when the mention stands for the country, by the rules for its form and kind."""
        rule = self._ambiguous.get(entry.form.casefold())
        if rule is not None and not self._passes_ambiguity_rule(norm, match, rule):
            return False
        if entry.kind == "demonym" and self._names_a_language(norm, match):
            return False
        return entry.kind != "capital" or self._capital_stands_for_state(norm, match)

    def _names_a_language(self, norm: str, match: Match) -> bool:
        """"The French text", "Spanish-speaking", "in four languages (English, Thai and Vietnamese)"."""
        after = re.match(r"[ -]?([\w']+)", norm[match.end : match.end + 40])
        if after and after.group(1).lower() in self._language_after:
            return True
        before = _words_before(norm, match.start, self._language_window)
        return any(_clean(w) in self._language_before for w in before)

    def _passes_ambiguity_rule(self, norm: str, match: Match, rule: dict) -> bool:
        before = _words_before(norm, match.start, max(1, rule["window"]))
        after = _words_after(norm, match.end, max(1, rule["window"]))
        if rule["accept"] and any(_clean(w) in rule["accept"] for w in before + after):
            return True
        if before and _clean(before[-1]) in rule["before"]:
            return False
        if after and _clean(after[0]) in rule["after"]:
            return False
        if rule["window"] and rule["near"] and any(_clean(w) in rule["near"] for w in before + after):
            return False
        if rule["us_states"] and self._us_states is not None:
            window = norm[max(0, match.start - 80) : match.end + 80]
            if self._us_states.search(window):
                return False
        return not (rule["person"] and self._looks_like_person(norm, match))

    def _looks_like_person(self, norm: str, match: Match) -> bool:
        """"Michael Jordan", "Chad Wolf": glued to another capitalised name word."""
        glued = _glued_word_before(norm, match.start)
        if glued:
            word, opens_sentence = glued
            if _is_capitalised(word) and not opens_sentence and word not in self._allowed_before:
                return True
        after = _glued_word_after(norm, match.end)
        return bool(after and _is_capitalised(after) and after not in self._allowed_after)

    def _capital_stands_for_state(self, norm: str, match: Match) -> bool:
        if self._us_state_after is not None and self._us_state_after.match(norm, match.end):
            return False  # "Lisbon, Ohio", "Athens, Georgia"
        after = _glued_word_after(norm, match.end)
        if after:
            if after.lower() in self._capital_following:
                return False
            if _is_capitalised(after) and after not in self._allowed_after:
                return False  # "Beijing Platform", "Astana International Forum"
            # One word between: "the Helsinki humanitarian basket", "the Minsk peace process".
            second = _glued_word_after(norm, match.end + 1 + len(after))
            if after.islower() and second and second.lower() in self._capital_following:
                return False
        preceding = norm[max(0, match.start - 40) : match.start]
        if self._capital_preceding is not None and self._capital_preceding.search(preceding):
            return False  # "the Treaty of Rome"
        glued = _glued_word_before(norm, match.start)
        if glued:
            word, opens_sentence = glued
            if _is_capitalised(word) and not opens_sentence and word not in self._allowed_before:
                return False  # "George Washington", "Greater London"
        return True


def resolve_contextual(
    mentions: list[Mention], elsewhere: tuple[str, ...] = (), within: dict[str, int] | None = None,
    readings: list[str] | None = None,
) -> list[Mention]:
    """Settles forms shared by two states ("Korea", "Congo") by the document's explicit mentions.

    Each goes to the candidate named explicitly nearest before it, else nearest after
    it, else the first candidate named elsewhere in the document (``elsewhere``: the
    body's codes when resolving the title), else the first candidate listed. A form
    listed in ``within`` only looks that many characters either side. A mention read
    by an era rule may have no fallback: it is then dropped, and ``readings`` says so.
    """
    within = within or {}
    explicit = [m for m in mentions if "|" not in m.code]
    resolved: list[Mention] = []
    for mention in mentions:
        if "|" not in mention.code:
            resolved.append(mention)
            continue
        candidates = mention.code.split("|")
        reach = mention.within if mention.within is not None else within.get(mention.form.casefold())
        near = [
            m
            for m in explicit
            if m.code in candidates and (reach is None or abs(m.start - mention.start) <= reach)
        ]
        before = [m for m in near if m.start < mention.start]
        after = [m for m in near if m.start > mention.start]
        if before:
            code = before[-1].code
        elif after:
            code = after[0].code
        elif mention.fallback is not None:
            code = mention.fallback
            if not code:
                if readings is not None:
                    readings.append(f"{mention.era}: no single state")
                continue  # the form named no single state then ("Korea", the divided peninsula)
        elif reach is not None:
            code = candidates[0]
        else:
            code = next((c for c in elsewhere if c in candidates), candidates[0])
        resolved.append(Mention(mention.start, mention.end, code, mention.surface, mention.kind, mention.form,
                                era=mention.era, today=mention.today))
    return resolved


def _period(start: int, end: int) -> str:
    """"1918-2003", "before 1949", "since 1990"."""
    if not start:
        return f"before {end // 10000}"
    if end >= 99999999:
        return f"since {start // 10000}"
    return f"{start // 10000}-{end // 10000}"


def _as_of(mention: Mention, eras: EraRules, day: int) -> Mention | None:
    """The mention as read on ``day`` (None when the form named no state then)."""
    rule = eras.rule(mention.form, day)
    if rule is None:
        return mention
    mention.era = f"{mention.surface}, {_period(rule.start, rule.end)}"
    mention.today = mention.code
    if not rule.codes:
        return None
    if len(rule.codes) == 1:
        mention.code = rule.codes[0]
    else:
        mention.code = "|".join(rule.codes)
        mention.fallback = rule.fallback
        mention.within = rule.within or None
    return mention


def country_mentions(
    prepared: PreparedText,
    matches: list[tuple[Match, Entry]],
    rules: CountryRules,
    elsewhere: tuple[str, ...] = (),
    eras: EraRules | None = None,
    day: int | None = None,
    readings: list[str] | None = None,
) -> list[Mention]:
    """The country mentions among the text's accepted matches, ambiguity settled.

    Args:
        prepared: The text.
        matches: Non-overlapping matches of every vocabulary, in text order.
        rules: The ambiguity rules.
        elsewhere: Codes named elsewhere in the document, for shared forms.
        eras: The era rules; with ``day``, names and capitals are read as of that day.
        day: The statement's date as ``YYYYMMDD``.
        readings: Collects a note for each mention an era rule read as no state.
    """
    found: list[Mention] = []
    for match, entry in matches:
        if entry.group != "country":
            continue
        if not rules.accepts(prepared.norm, match, entry):
            continue
        surface = prepared.norm[match.start : match.end]
        mention = Mention(match.start, match.end, entry.code, surface, entry.kind, entry.form)
        if eras is not None and day is not None:
            read = _as_of(mention, eras, day)
            if read is None:
                if readings is not None:
                    readings.append(f"{mention.era}: no single state")
                continue
            mention = read
        found.append(mention)
    return resolve_contextual(found, elsewhere, rules.contextual_within, readings)
