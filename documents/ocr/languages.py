"""Which Tesseract languages read a page: the library's setting, the page's script, the page's language.

Tesseract reads best with the page's own language first (with ``eng`` first,
Turkish loses its ı, ş and ğ), and a model per language costs time, so a
page is not read with every language the library names. Without an override:

1. the script: when the library's languages span more than one script (Latin
   and Cyrillic, say), Tesseract's script detection looks at the first page,
   and again at any page read with low confidence;
2. the languages of that script the library names, with one first: at first
   the first one named, then the language the text of the last page was in;
3. after each page, Chancery's language detector reads its text; a page in
   another of the library's languages is read again with that one first, and
   the documents's later pages start with it.

An override (``tur+eng``, per import or per ``chancery ocr`` run) is used as given.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from documents.extract.language import LanguageDetector

# The languages the issue of record names, in the order a library starts with.
DEFAULT_LANGUAGES = ("eng", "tur", "rus", "fra", "deu", "spa")

# Tesseract's code for each ISO 639-1 code Chancery's language detector gives.
TESSERACT_CODES = {
    "en": "eng", "tr": "tur", "ru": "rus", "fr": "fra", "de": "deu", "es": "spa", "it": "ita", "pt": "por",
    "nl": "nld", "pl": "pol", "uk": "ukr", "kk": "kaz", "az": "aze", "uz": "uzb", "ky": "kir", "ar": "ara",
    "zh": "chi_sim", "ja": "jpn", "ko": "kor", "el": "ell", "bg": "bul", "sr": "srp", "fa": "fas",
}
ISO_CODES = {tesseract: iso for iso, tesseract in TESSERACT_CODES.items()}

# The script of each language, as Tesseract's script detection names scripts.
SCRIPTS = {
    "rus": "Cyrillic", "ukr": "Cyrillic", "bul": "Cyrillic", "srp": "Cyrillic", "kaz": "Cyrillic",
    "kir": "Cyrillic", "bel": "Cyrillic", "mkd": "Cyrillic", "ara": "Arabic", "fas": "Arabic", "ell": "Greek",
    "chi_sim": "Han", "chi_tra": "Han", "jpn": "Japanese", "kor": "Korean", "heb": "Hebrew",
}
LATIN = "Latin"


def script_of(language: str) -> str:
    """The script a Tesseract language is written in (Latin unless listed)."""
    return SCRIPTS.get(language, LATIN)


def parse_languages(spec: str) -> tuple[str, ...]:
    """``"tur+eng"`` (or ``"tur, eng"``) -> ``("tur", "eng")``, duplicates dropped."""
    parts = spec.replace(",", "+").replace(" ", "+").split("+")
    return tuple(dict.fromkeys(part.strip().lower() for part in parts if part.strip()))


def unknown_languages(spec: str, installed: tuple[str, ...]) -> list[str]:
    """The languages of ``spec`` that Tesseract has no data for."""
    return [language for language in parse_languages(spec) if language not in installed]


@dataclass
class LanguageChooser:
    """Chooses the languages for each page of one document (see the module notes).

    Args:
        installed: The languages Tesseract has.
        wanted: The library's languages (empty: :data:`DEFAULT_LANGUAGES`).
        override: Languages to use as given (``tur+eng``), or None.
    """

    installed: tuple[str, ...]
    wanted: tuple[str, ...] = ()
    override: str | None = None
    configured: tuple[str, ...] = field(init=False)
    script: str | None = field(init=False, default=None)
    _primary: dict[str, str] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        wanted = self.wanted or DEFAULT_LANGUAGES
        self.configured = tuple(lang for lang in wanted if lang in self.installed) or self.installed[:1]
        if self.override:
            self.override = "+".join(parse_languages(self.override))

    @property
    def request(self) -> str:
        """What the languages were chosen from, as the OCR cache keys it (``auto:eng+tur`` or ``tur+eng``)."""
        return self.override or "auto:" + "+".join(self.configured)

    @property
    def needs_script(self) -> bool:
        """Whether the script must be detected to choose (the languages span several scripts)."""
        return self.override is None and len({script_of(lang) for lang in self.configured}) > 1

    def languages(self) -> str:
        """The languages for the next page: the primary one of the script, then English if named."""
        if self.override:
            return self.override
        script = self.script or script_of(self.configured[0])
        of_script = [lang for lang in self.configured if script_of(lang) == script] or list(self.configured[:1])
        primary = self._primary.get(script, of_script[0])
        chosen = [primary]
        if primary != "eng" and "eng" in self.configured:
            chosen.append("eng")  # statements in any script cite English names and acronyms
        return "+".join(chosen)

    def learn(self, text: str, used: str) -> str | None:
        """Notes the language ``text`` (read with ``used``) is in.

        Returns:
            Better languages to read the page again with, or None when ``used`` was right.
        """
        if self.override or len(text) < 40:
            return None
        found = TESSERACT_CODES.get(_detector().detect(text))
        if found is None or found not in self.configured or found == used.split("+")[0]:
            return None
        self.script = script_of(found)
        self._primary[self.script] = found
        return self.languages()


_language_detector: LanguageDetector | None = None


def _detector() -> LanguageDetector:
    global _language_detector
    if _language_detector is None:
        _language_detector = LanguageDetector()
    return _language_detector
