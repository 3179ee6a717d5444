"""Offline language identification: the script first, then documented stop-word profiles."""

# Why not a library: the well-kept pure-Python detectors (langdetect and its ports) carry
# megabytes of n-gram profiles and sample at random; the fast ones (fastText, lingua,
# py3langid) bring native code or numpy into the bundle. Statements are long, formal
# prose in a handful of languages; counting the commonest function words tells those
# apart reliably and explainably, and the profiles are a file an archivist can read
# (resources/gazetteer/language_profiles.toml).

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from documents.extract.gazetteer import GazetteerError, parse_toml
from documents.extract.matcher import fold_case
from documents.resources import read_text

PROFILES_FILE = "gazetteer/language_profiles.toml"
_SAMPLE = 6_000  # characters read: a thousand words settle the language, and long texts cost no more
_MIN_WORDS = 5
_MIN_SHARE = 0.08  # stop words make a quarter to a half of ordinary prose; 8% rules out noise
_WORD = re.compile(r"[^\W\d_]+(?:['ʻ‘’][^\W\d_]+)?")

_SCRIPT_SAMPLE = 2_000  # characters whose script is counted
# Scripts recognised by Unicode block; the name is the language when the script has
# just one, else the profile script to compare within.
_SCRIPTS = {
    "latin": "A-Za-z\u00c0-\u024f\u1e00-\u1eff",
    "cyrillic": "\u0400-\u052f",
    "arabic": "\u0600-\u06ff\u0750-\u077f",
    "el": "\u0370-\u03ff",
    "he": "\u0590-\u05ff",
    "ka": "\u10a0-\u10ff",
    "hy": "\u0530-\u058f",
    "hi": "\u0900-\u097f",
    "th": "\u0e00-\u0e7f",
    "ja": "\u3040-\u30ff",
    "ko": "\uac00-\ud7af\u1100-\u11ff",
    "zh": "\u4e00-\u9fff\u3400-\u4dbf",
}
_SCRIPT_PATTERNS = {name: re.compile(f"[{chars}]") for name, chars in _SCRIPTS.items()}


@dataclass(slots=True)
class _Profile:
    code: str
    script: str
    words: frozenset[str]
    letters: str


def _script_counts(sample: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for name, pattern in _SCRIPT_PATTERNS.items():
        found = len(pattern.findall(sample))
        if found:
            counts[name] = found
    return counts


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
            text: Any text; only its first 6,000 characters are read.
        """
        sample = text[:_SAMPLE]
        scripts = _script_counts(sample[:_SCRIPT_SAMPLE])
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
            hits = sum(map(counts.__getitem__, profile.words & counts.keys()))
            letters = sum(map(sample.count, profile.letters)) if profile.letters else 0
            scored.append((hits / len(words) + min(letters / max(len(sample), 1), 0.05), profile.code, hits))
        scored.sort(reverse=True)
        _, code, hits = scored[0]
        if hits / len(words) < _MIN_SHARE:
            return "und"
        return code
