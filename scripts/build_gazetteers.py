"""Writes the generated gazetteers in resources/gazetteer/ from pycountry, CLDR (Babel) and the hand-kept extras.

Run from the repository root after editing ``resources/gazetteer/country_extras.toml`` or
``country_eras.toml``::

    python scripts/build_gazetteers.py

pycountry and Babel are needed here only; the application reads the JSON this writes.
Outputs:

* ``countries.json``: every ISO 3166-1 country plus the extra and historical codes, with
  names in English and the archive's other languages, the flat pattern list the
  extractor loads into its automata, and the era rules (which state a name or capital
  stood for on a given day), checked against ISO 3166-3's withdrawal dates.
* ``dates.json``: month names per language (CLDR).
* ``languages.json``: English display names of ISO 639-1 languages (CLDR).
"""

from __future__ import annotations

import gettext
import json
import sys
import tomllib
import unicodedata
from collections import defaultdict
from pathlib import Path

import babel
import pycountry
from babel import Locale
from babel.core import UnknownLocaleError

ROOT = Path(__file__).resolve().parents[1]
GAZETTEER = ROOT / "resources" / "gazetteer"

# Languages whose country names are generated besides English: the ones archives of
# diplomatic statements hold most (Turkish, Russian, French, Spanish, German first).
FOREIGN_LANGUAGES = ["tr", "ru", "fr", "es", "de", "pt", "it", "ar", "zh", "kk", "az", "uz", "uk"]
# Languages whose month names the date finder knows.
DATE_LANGUAGES = ["en", "tr", "ru", "fr", "es", "de", "pt", "it", "kk", "az", "uz", "uk", "ar"]
# Regional month names merged into their language (the Levant's "كانون الثاني", "نيسان").
DATE_VARIANTS = {"ar": ["ar_SY", "ar_MA"]}
_ARABIC_ALEFS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا"})
# CLDR names for these territories are clumsy ("Hong Kong SAR China"); pycountry's are kept.
CLDR_SKIP = {"HK", "MO", "UM", "PS"}
# Kinds in order of precedence when two codes claim the same form.
KIND_RANK = {"name": 0, "alias": 0, "former": 0, "part": 1, "demonym": 2, "capital": 3, "foreign": 4}
# Foreign names stripped of accents shorter than this read as other words ("Çin" -> "Cin").
_MIN_FOLDED = 6
_LOOSE_LATIN = {"az", "uz"}
LATIN_EXTRA_FOLDS = str.maketrans({"ı": "i", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss"})


def ascii_fold(text: str) -> str:
    """Strips accents from Latin letters ("Türkiye" -> "Turkiye"); other scripts are left as they are."""
    decomposed = unicodedata.normalize("NFKD", text.translate(LATIN_EXTRA_FOLDS))
    kept = []
    for ch in decomposed:
        if unicodedata.combining(ch):
            base = kept[-1] if kept else ""
            if base and base.isascii():
                continue  # drop accents on Latin letters only
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept))


_DESIGNATIONS = ("republic", "state", "federated", "united", "plurinational", "islamic", "bolivarian", "province",
                 "kingdom", "républi", "repúbli", "republik", "respubli", "repubbli", "república", "estado", "état",
                 "british", "u.s.", "the ")
_TRAILING_PARTICLES = (" of", " of the", " de", " del", " da", " do", " du", " des", " di", " de la", " the")


def flip_comma(name: str) -> list[str]:
    """"Korea, Republic of" -> ["Republic of Korea", "Korea"]; names without an inverted designation stay whole."""
    name = name.replace("، ", ", ")
    if ", " not in name:
        return [name]
    head, tail = name.split(", ", 1)
    lowered = tail.lower()
    if lowered.endswith(_TRAILING_PARTICLES) or any(word in lowered for word in _DESIGNATIONS):
        return [f"{tail} {head}", head]
    return [name, head]  # a list such as "Bonaire, Sint Eustatius and Saba"


def split_parentheses(name: str) -> list[str]:
    """"Myanmar (Burma)" -> ["Myanmar", "Burma"]."""
    for opening, closing in (("(", ")"), ("（", "）")):
        if opening in name and name.endswith(closing):
            outer, inner = name[:-1].split(opening, 1)
            if opening == "（":
                return [name]  # CJK keeps its full form: the bracket is part of the name
            return [outer.strip(), inner.strip()]
    return [name]


def variants(form: str) -> set[str]:
    """Spelling variants of one English or Latin-script form."""
    out = {form}
    if form.lower().startswith("the "):
        out.add(form[4:])
    for item in list(out):
        if " & " in item:
            out.add(item.replace(" & ", " and "))
        if item.startswith("Saint "):
            out.add("St. " + item[6:])
            out.add("St " + item[6:])
        if item.startswith("St. "):
            out.add("Saint " + item[4:])
        if "-" in item and not item.startswith("-"):
            out.add(item.replace("-", " "))
            out.add(item.replace("-", "- "))  # a hyphen broken across lines: "Guinea-\nBissau"
        if "ё" in item or "Ё" in item:
            out.add(item.replace("ё", "е").replace("Ё", "Е"))
    for item in list(out):
        folded = ascii_fold(item)
        if folded != item:
            out.add(folded)
    return {o.strip() for o in out if o.strip()}


def plural(word: str) -> str | None:
    """English plural of a demonym noun, or None where it has none ("Swiss", "Japanese")."""
    last = word.split()[-1]
    if last.endswith(("s", "x", "z", "sh", "ese", "ch")) and last not in ("Czech",):
        return None
    return word + "s"


_RU_VOWELS = "аеёиоуыэюя"


def russian_cases(name: str) -> set[str]:
    """Case forms of a one-word Russian or Ukrainian country name ("Турция" -> "Турции", "Турцию"...).

    Only regular first- and second-declension endings are generated; indeclinable names
    (ending in о, и, у, е, ю) come back alone.
    """
    forms = {name}
    if " " in name or "-" in name or len(name) < 4 or name.isupper():
        return forms
    last = name[-1]
    if name.endswith("ия"):
        stem = name[:-1]
        forms |= {stem + e for e in ("и", "ю", "ей", "ею")}
    elif last == "я":
        stem = name[:-1]
        forms |= {stem + e for e in ("и", "ю", "ей", "е")}
    elif last == "а":
        stem = name[:-1]
        soft = stem[-1] in "кгхжшчщ"
        forms |= {stem + e for e in (("и" if soft else "ы"), "е", "у", "ой", "ою")}
    elif last == "ы":
        stem = name[:-1]
        forms |= {stem + e for e in ("ов", "ам", "ами", "ах")}
    elif last == "й" or last == "ь":
        stem = name[:-1]
        forms |= {stem + e for e in ("я", "ю", "ем", "е")}
    elif last not in _RU_VOWELS and last.isalpha():
        forms |= {name + e for e in ("а", "у", "ом", "е")}
    return forms


def _is_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def german_genitive(name: str) -> set[str]:
    """"Russland" -> {"Russland", "Russlands"}; names ending in a sibilant stay alone."""
    if " " in name or name.endswith(("s", "x", "z", "ß", "sch")) or name.endswith("e"):
        return {name}
    return {name, name + "s"}


def is_acronym(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(form.replace(".", "").replace(" ", "")) <= 6


def english_names(country) -> list[str]:
    names: list[str] = []
    for attr in ("name", "official_name", "common_name"):
        value = getattr(country, attr, None)
        if not value:
            continue
        if country.alpha_3 == "TWN" and attr != "common_name":
            continue  # "Taiwan, Province of China" is no name anyone writes
        for part in split_parentheses(value):
            names.extend(flip_comma(part))
    cldr = Locale("en").territories.get(country.alpha_2)
    if cldr and country.alpha_2 not in CLDR_SKIP and " - " not in cldr:
        for part in split_parentheses(cldr.replace("’", "'")):
            names.append(part)
    return names


def foreign_names(
    alpha2: str, english: list[str], translators: dict[str, gettext.NullTranslations]
) -> dict[str, set[str]]:
    """Names of one territory in each foreign language, from CLDR and pycountry's translations."""
    out: dict[str, set[str]] = {}
    for lang in FOREIGN_LANGUAGES:
        found: set[str] = set()
        cldr = Locale.parse(lang).territories.get(alpha2)
        if cldr and alpha2 not in CLDR_SKIP and " - " not in cldr and " – " not in cldr:
            # A foreign bracket is a qualifier ("San Martín (Francia)"), not another name.
            found.add(split_parentheses(cldr.replace("’", "'").replace("ʼ", "'"))[0])
        translator = translators.get(lang)
        if translator is not None:
            for source in english:
                translated = translator.gettext(source)
                if translated == source:
                    continue  # untranslated in that language
                found.update(flip_comma(split_parentheses(translated)[0]))
        expanded: set[str] = set()
        for form in found:
            cjk = any("\u3040" <= ch <= "\u9fff" for ch in form)
            if len(form) < (2 if cjk else 4):
                continue
            if lang in _LOOSE_LATIN and len(form) < 6:
                continue  # short Azerbaijani and Uzbek forms read as other words ("Qana", "Misr")
            if lang == "ru":
                expanded |= russian_cases(form)
            elif lang == "de":
                expanded |= german_genitive(form)
            else:
                expanded.add(form)
        out[lang] = set()
        for form in expanded:
            out[lang] |= {v for v in variants(form) if v == form or len(v) >= _MIN_FOLDED}
    return out


def load_translators() -> dict[str, gettext.NullTranslations]:
    translators = {}
    for lang in FOREIGN_LANGUAGES:
        code = "zh_CN" if lang == "zh" else lang
        try:
            translators[lang] = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[code])
        except OSError:
            continue
    # pycountry's Arabic file carries comma-inverted official names that read badly; CLDR suffices.
    translators.pop("ar", None)
    return translators


def pycountry_sources(country) -> list[str]:
    return [v for v in (getattr(country, a, None) for a in ("name", "official_name", "common_name")) if v]


def build_countries(extras: dict) -> dict:
    translators = load_translators()
    display = extras.get("display", {})
    per_country = extras.get("countries", {})
    records: dict[str, dict] = {}

    def record(code: str, alpha2: str, name: str, official: str | None, historical: bool, successor: str | None):
        records[code] = {
            "name": display.get(code, name),
            "official": official or name,
            "alpha2": alpha2,
            "historical": historical,
            "successor": successor,
            "forms": defaultdict(set),
        }
        return records[code]

    for country in pycountry.countries:
        code = country.alpha_3
        plain = getattr(country, "common_name", None) or country.name
        if "," in plain:
            plain = flip_comma(plain)[0]
        rec = record(code, country.alpha_2, plain, getattr(country, "official_name", None), False, None)
        english = english_names(country)
        for form in english:
            rec["forms"]["name"] |= variants(form)
        # pycountry's other names for Taiwan are a political designation, not a name in use.
        sources = [country.common_name] if code == "TWN" else pycountry_sources(country)
        for lang, forms in foreign_names(country.alpha_2, sources, translators).items():
            rec["forms"]["foreign:" + lang] |= forms

    for code, info in extras.get("extra_codes", {}).items():
        rec = record(code, info["alpha2"], info["name"], info.get("official"), False, None)
        rec["forms"]["name"] |= variants(info["name"]) | variants(info.get("official", info["name"]))
        for lang, forms in foreign_names(info["cldr"], [], translators).items():
            rec["forms"]["foreign:" + lang] |= forms

    for code, info in extras.get("historical", {}).items():
        historic = pycountry.historic_countries.get(alpha_3=code)
        alpha2 = historic.alpha_2 if historic else ""
        rec = record(code, alpha2, info["name"], None, True, info["successor"])
        for form in info.get("aliases", []):
            rec["forms"]["name"] |= variants(form)
        for form in info.get("demonyms", []):
            rec["forms"]["demonym"] |= variants(form)
        rec["forms"]["abbreviation"] |= set(info.get("abbreviations", []))
        for form in info.get("foreign", []):
            cases = russian_cases(form) if _is_cyrillic(form) else {form}
            rec["forms"]["foreign:xx"] |= {v for case in cases for v in variants(case)}

    for code, info in per_country.items():
        if code not in records:
            raise SystemExit(f"country_extras.toml: unknown country code {code!r}")
        forms = records[code]["forms"]
        for key, kind in (("aliases", "alias"), ("former", "former"), ("parts", "part"), ("capitals", "capital")):
            for form in info.get(key, []):
                forms[kind] |= variants(form)
        for form in info.get("demonyms", []):
            forms["demonym"] |= variants(form)
            many = plural(form)
            if many:
                forms["demonym"] |= variants(many)
        forms["abbreviation"] |= set(info.get("abbreviations", []))
    return records


def flatten_patterns(records: dict, extras: dict) -> tuple[list[list], list[list], list[str]]:
    """Turns every record's forms into (form, code, kind) rows, dropping clashes.

    Returns:
        Case-insensitive rows, case-sensitive rows (abbreviations), and warnings.
    """
    contextual = {form.casefold() for form in extras.get("contextual", {})}
    foreign_excluded = {f.casefold() for f in extras.get("foreign_exclusions", {}).get("forms", [])}
    capital_excluded = {f.casefold() for f in extras.get("capital_exclusions", {}).get("forms", [])}
    blocked = {f.casefold() for f in extras.get("not_countries", {}).get("phrases", [])}
    claims: dict[str, list[tuple[int, str, str, str]]] = defaultdict(list)
    cs_rows: list[list] = []
    warnings: list[str] = []
    for code, rec in records.items():
        for kind_key, forms in rec["forms"].items():
            if kind_key == "abbreviation":
                cs_rows.extend([form, code, "abbreviation"] for form in sorted(forms))
                continue
            kind = "foreign" if kind_key.startswith("foreign:") else kind_key
            for form in forms:
                key = form.casefold()
                if key in contextual or key in blocked:
                    continue
                if kind == "foreign" and key in foreign_excluded:
                    continue
                if kind == "capital" and key in capital_excluded:
                    continue
                if kind == "foreign" and is_acronym(form):
                    cs_rows.append([form, code, "abbreviation"])
                    continue
                rank = KIND_RANK[kind] + (0 if not rec["historical"] or kind != "foreign" else -1)
                claims[key].append((rank, code, kind, form))
    ci_rows: list[list] = []
    for key, options in sorted(claims.items()):
        best = min(rank for rank, *_ in options)
        winners = {(code, kind) for rank, code, kind, _ in options if rank == best}
        codes = {code for code, _ in winners}
        if len(codes) > 1:
            warnings.append(f"dropped {key!r}: claimed by {sorted(codes)}")
            continue
        code = codes.pop()
        kind = sorted(kind for c, kind in winners)[0]
        form = sorted(f for rank, c, k, f in options if rank == best)[0]
        ci_rows.append([form, code, kind])
    for form, spec in extras.get("contextual", {}).items():
        candidates = spec["candidates"] if isinstance(spec, dict) else spec
        ci_rows.append([form, "|".join(candidates), "contextual"])
    for phrase in extras.get("not_countries", {}).get("phrases", []):
        ci_rows.append([phrase, "", "block"])
    return ci_rows, sorted(cs_rows), warnings


def build_dates() -> dict:
    months: dict[str, dict[str, int]] = {}
    weekdays: dict[str, dict[str, int]] = {}
    for lang in DATE_LANGUAGES:
        locale = Locale.parse(lang)
        names: dict[str, int] = {}
        for variant in [lang, *DATE_VARIANTS.get(lang, [])]:
            for context in ("format", "stand-alone"):
                for width in ("wide", "abbreviated"):
                    for number, label in Locale.parse(variant).months[context][width].items():
                        label = label.strip().rstrip(".").lower()
                        if len(label) >= 3:
                            names.setdefault(label, number)
                            if lang == "ar":
                                names.setdefault(label.translate(_ARABIC_ALEFS), number)
        months[lang] = names
        days: dict[str, int] = {}
        for context in ("format", "stand-alone"):
            for number, label in locale.days[context]["wide"].items():
                days[label.lower()] = number
        weekdays[lang] = days
    return {"months": months, "weekdays": weekdays}


def _day(value: str, where: str) -> int:
    """``1991-12-26`` -> 19911226."""
    try:
        year, month, day = (int(part) for part in value.split("-"))
    except ValueError as exc:
        raise SystemExit(f"country_eras.toml: {where}: {value!r} is not an ISO day") from exc
    return year * 10000 + month * 100 + day


_OPEN_START, _OPEN_END = 0, 99999999


def _territory_forms(alpha2: str) -> set[str]:
    """The CLDR short names of a territory in the archive's languages, with their case forms."""
    forms: set[str] = set()
    for lang in FOREIGN_LANGUAGES:
        try:
            name = Locale.parse(lang).territories.get(alpha2)
        except UnknownLocaleError:
            continue
        if not name:
            continue
        name = split_parentheses(name)[0]
        cases = russian_cases(name) if lang in ("ru", "uk") else german_genitive(name) if lang == "de" else {name}
        forms |= {v for case in cases for v in variants(case)}
    return forms


def build_eras(eras: dict, records: dict, ci_rows: list[list]) -> tuple[list[list], list[list], list[str]]:
    """The era rules, and the capitals that only a past state's period makes countries.

    Returns:
        Rules as ``[form, from, until, codes, fallback, within]`` (``fallback`` None: the
        first code; "": no state), new pattern rows, and warnings.
    """
    claimed = {row[0].casefold() for row in ci_rows}
    rules: list[list] = []
    new_rows: list[list] = []
    warnings: list[str] = []

    def outside(form: str, start: int, end: int, fallback: str | None) -> None:
        codes = [fallback] if fallback else []
        rules.append([form.casefold(), _OPEN_START, start, codes, None, 0])
        rules.append([form.casefold(), end, _OPEN_END, codes, None, 0])

    for code, spec in eras.get("states", {}).items():
        if code not in records:
            raise SystemExit(f"country_eras.toml: [states] {code} is not a known code")
        start, end = _day(spec["from"], code), _day(spec["until"], code)
        historic = pycountry.historic_countries.get(alpha_3=code)
        withdrawn = getattr(historic, "withdrawal_date", None) if historic else None
        if withdrawn:
            limit = _day(withdrawn, code) if len(withdrawn) == 10 else (int(withdrawn[:4]) + 1) * 10000 + 101
            if end > limit:
                warnings.append(f"{code}: until {spec['until']} is after ISO 3166-3's withdrawal ({withdrawn})")
        for form in spec.get("capitals", []):
            rules.append([form.casefold(), start, end, [code], None, 0])
            if form.casefold() not in claimed:
                new_rows.append([form, code, "capital"])
                claimed.add(form.casefold())
                outside(form, start, end, None)
    for spec in eras.get("capitals", []):
        start, end = _day(spec["from"], str(spec["forms"])), _day(spec["until"], str(spec["forms"]))
        for form in spec["forms"]:
            rules.append([form.casefold(), start, end, [spec["code"]], None, 0])
            if form.casefold() not in claimed:
                new_rows.append([form, spec["code"], "capital"])
                claimed.add(form.casefold())
            outside(form, start, end, spec.get("otherwise"))
    for spec in eras.get("names", []):
        where = str(spec["forms"][:1])
        start, end = _day(spec["from"], where), _day(spec["until"], where)
        codes = spec.get("candidates", [])
        for code in [*codes, spec.get("otherwise") or ""]:
            if code and code not in records:
                raise SystemExit(f"country_eras.toml: {where}: unknown code {code!r}")
        forms = set(spec["forms"]) | (_territory_forms(spec["territory"]) if "territory" in spec else set())
        for form in sorted(forms):
            if form.casefold() not in claimed:
                if form in spec["forms"]:
                    warnings.append(f"era form {form!r} is in no pattern")
                continue
            rules.append([form.casefold(), start, end, codes, spec.get("otherwise"), int(spec.get("within", 0))])
    return sorted(rules), new_rows, warnings


def build_languages() -> dict[str, str]:
    english = Locale("en").languages
    return {code: name for code, name in sorted(english.items()) if len(code) == 2 and code.isalpha()}


def main() -> int:
    extras = tomllib.loads((GAZETTEER / "country_extras.toml").read_text(encoding="utf-8"))
    eras = tomllib.loads((GAZETTEER / "country_eras.toml").read_text(encoding="utf-8"))
    records = build_countries(extras)
    ci_rows, cs_rows, warnings = flatten_patterns(records, extras)
    era_rules, era_rows, era_warnings = build_eras(eras, records, ci_rows)
    ci_rows += era_rows
    warnings += era_warnings
    for form, code, _kind in era_rows:
        records[code]["forms"]["capital"].add(form)
    countries = {
        code: {k: v for k, v in rec.items() if k != "forms"}
        | {"aliases": sorted({f for kind in ("name", "alias", "former") for f in rec["forms"].get(kind, ())})}
        | {"demonyms": sorted(rec["forms"].get("demonym", ()))}
        | {"abbreviations": sorted(rec["forms"].get("abbreviation", ()))}
        | {"capitals": sorted(rec["forms"].get("capital", ()))}
        for code, rec in sorted(records.items())
    }
    document = {
        "generated_by": "scripts/build_gazetteers.py",
        "sources": {"pycountry": getattr(pycountry, "__version__", ""), "babel": babel.__version__},
        "countries": countries,
        "patterns_ci": ci_rows,
        "patterns_cs": cs_rows,
        "eras": era_rules,
        "rules": {
            "ambiguous": extras.get("ambiguous", {}),
            "contextual_within": {
                form: spec["within"]
                for form, spec in extras.get("contextual", {}).items()
                if isinstance(spec, dict) and "within" in spec
            },
            "capital_context": extras.get("capital_context", {}),
            "us_states": extras.get("us_states", {}).get("names", []),
            "language_context": extras.get("language_context", {}),
            "person_name_allowed": extras.get("person_name_allowed", {}),
        },
    }
    def write(name: str, data: object, **layout) -> None:
        (GAZETTEER / name).write_text(json.dumps(data, ensure_ascii=False, **layout), encoding="utf-8")

    write("countries.json", document, separators=(",", ":"))
    write("dates.json", build_dates(), indent=1)
    write("languages.json", build_languages(), indent=1)
    for line in warnings:
        print("note:", line, file=sys.stderr)
    print(f"countries.json: {len(countries)} entities, {len(ci_rows)} names, {len(cs_rows)} abbreviations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
