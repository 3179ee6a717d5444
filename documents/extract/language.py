"""Offline language identification: the script first, then documented stop-word profiles.

Why not a library: the well-kept pure-Python detectors (langdetect and its ports) carry
megabytes of n-gram profiles and random sampling, the fast ones (fastText, lingua,
py3langid) bring native code or numpy into the bundle. Statements are long, formal
prose in a handful of languages; counting the commonest function words tells those
apart reliably and explainably, and the profiles are a file an archivist can read
(``resources/gazetteer/language_profiles.toml``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from documents.extract.gazetteer import GazetteerError, parse_toml
from documents.extract.matcher import fold_case
from documents.resources import read_text

PROFILES_FILE = "gazetteer/language_profiles.toml"
_SAMPLE = 20_000  # characters read: plenty to settle the language, cheap on long texts
_MIN_WORDS = 5
_MIN_SHARE = 0.08  # stop words make a quarter to a half of ordinary prose; 8% rules out noise
_WORD = re.compile(r"[^\W\d_]+(?:['ʻ‘’][^\W\d_]+)?")

# Scripts recognised by Unicode block; the value is the language when the script has
# just one, else the profile script to compare within.
_SCRIPTS = [
    ((0x0400, 0x052F), "cyrillic"),
    ((0x0600, 0x06FF), "arabic"),
    ((0x0750, 0x077F), "arabic"),
    ((0x0370, 0x03FF), "el"),
    ((0x0590, 0x05FF), "he"),
    ((0x10A0, 0x10FF), "ka"),
    ((0x0530, 0x058F), "hy"),
    ((0x0900, 0x097F), "hi"),
    ((0x0E00, 0x0E7F), "th"),
    ((0x3040, 0x30FF), "ja"),
    ((0xAC00, 0xD7AF), "ko"),
    ((0x1100, 0x11FF), "ko"),
    ((0x4E00, 0x9FFF), "zh"),
    ((0x3400, 0x4DBF), "zh"),
]


@dataclass(slots=True)
class _Profile:
    code: str
    script: str
    words: frozenset[str]
    letters: str


def _script_of(ch: str) -> str | None:
    point = ord(ch)
    if point < 0x0250:
        return "latin" if ch.isalpha() else None
    for (low, high), script in _SCRIPTS:
        if low <= point <= high:
            return script
    if ch.isalpha() and "LATIN" in unicodedata.name(ch, ""):
        return "latin"
    return None


class LanguageDetector:
    """Tells the language of a text from its script and stop-word profiles."""

    def __init__(self, raw: str | None = None) -> None:
        data = parse_toml(read_text(PROFILES_FILE) if raw is None else raw, PROFILES_FILE)
        self._profiles: list[_Profile] = []
        for code, body in data.items():
            if not isinstance(body, dict) or "script" not in body or not body.get("words"):
                raise GazetteerError(f"{PROFILES_FILE}: [{code}] needs 'script' and 'words'")
            self._profiles.append(
                _Profile(code, body["script"], frozenset(w.lower() for w in body["words"]), body.get("letters", ""))
            )

    def detect(self, text: str) -> str:
        """The ISO 639-1 code of the text's language, or ``und`` when it cannot tell.

        Args:
            text: Any text; only its first 20,000 characters are read.
        """
        sample = text[:_SAMPLE]
        scripts = Counter(s for s in map(_script_of, sample) if s)
        if not scripts:
            return "und"
        # Japanese mixes kana with Chinese characters: any kana settles it.
        if scripts.get("ja", 0) > 10:
            return "ja"
        script = scripts.most_common(1)[0][0]
        candidates = [p for p in self._profiles if p.script == script]
        if not candidates:
            return script if len(script) == 2 else "und"
        words = _WORD.findall(fold_case(sample))
        if len(words) < _MIN_WORDS:
            return "und"
        counts = Counter(words)
        scored = []
        for profile in candidates:
            hits = sum(n for w, n in counts.items() if w in profile.words)
            letters = sum(sample.count(ch) for ch in profile.letters) if profile.letters else 0
            scored.append((hits / len(words) + min(letters / max(len(sample), 1), 0.05), profile.code, hits))
        scored.sort(reverse=True)
        share, code, hits = scored[0]
        if hits / len(words) < _MIN_SHARE:
            return "und"
        return code
