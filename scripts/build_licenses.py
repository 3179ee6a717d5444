"""Writes the licences of the third-party components the bundle carries.

The list is the closure of Chancery's runtime requirements (``[project]
dependencies`` in pyproject.toml, without extras), read from the installed
distributions' metadata, plus the Python interpreter itself. Each entry has
name, version, licence and the licence texts the distribution ships.

Usage::

    python scripts/build_licenses.py            # writes resources/licenses/THIRD_PARTY.{json,txt}
    python scripts/build_licenses.py --check    # exits 1 when the committed files are stale

``chancery.spec`` refuses to build when a bundled distribution is missing
from the file, so a bundle never ships without its licences.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import sys
import sysconfig
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "resources" / "licenses"
LICENSE_NAME = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", re.IGNORECASE)
# Texts for licences whose distributions ship none (PySide6 and shiboken6 do not),
# taken from the build machine; Debian-based hosts have them in this folder.
COMMON_LICENSES = Path("/usr/share/common-licenses")
SPDX_TEXTS = {"LGPL-3.0-only": ["LGPL-3", "GPL-3"], "GPL-3.0-only": ["GPL-3"], "GPL-2.0-only": ["GPL-2"]}
NOTES = {
    "pyside6-essentials": "Includes the Qt 6 libraries and plugins (Qt is used under LGPL-3.0; "
                          "sources at https://download.qt.io/official_releases/qt/) and ICU (Unicode licence).",
}


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_distributions(pyproject: Path = ROOT / "pyproject.toml") -> list[metadata.Distribution]:
    """Distributions the application needs at run time, dependencies included.

    Args:
        pyproject: The project file whose ``[project] dependencies`` are the roots.

    Returns:
        The installed distributions, sorted by name.

    Raises:
        metadata.PackageNotFoundError: A required distribution is not installed.
    """
    roots = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    environment = {**default_environment(), "extra": ""}
    found: dict[str, metadata.Distribution] = {}
    queue = [Requirement(r) for r in roots]
    while queue:
        requirement = queue.pop()
        if requirement.marker is not None and not requirement.marker.evaluate(environment):
            continue
        key = _key(requirement.name)
        if key in found:
            continue
        dist = metadata.distribution(requirement.name)
        found[key] = dist
        queue.extend(Requirement(r) for r in dist.requires or [])
    return sorted(found.values(), key=lambda d: _key(d.metadata["Name"]))


def _licence_of(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return expression
    declared = (meta.get("License") or "").strip()
    if declared and "\n" not in declared and len(declared) < 120:
        return declared
    classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    return " / ".join(classifiers) or "see licence text"


def _texts_of(dist: metadata.Distribution, licence: str) -> tuple[list[dict], str]:
    texts = []
    for file in dist.files or []:
        path = str(file).replace("\\", "/")
        # PEP 639 keeps licence files in .dist-info/licenses/ under any name (pypdfium2: LICENSES/Apache-2.0.txt);
        # pypdfium2's BUILD_LICENSES are those of the libraries PDFium's build uses, for every platform.
        shipped = "dist-info/licenses/" in path and "BUILD_LICENSES" not in path
        if (LICENSE_NAME.search(file.name) or shipped) and "dist-info" in path:
            text = Path(file.locate()).read_text(encoding="utf-8", errors="replace")
            if text.strip():
                texts.append({"file": file.name, "text": text.strip()})
    if texts:
        return texts, "distribution"
    for spdx in re.split(r"\s+OR\s+", licence):
        for name in SPDX_TEXTS.get(spdx.strip(), []):
            path = COMMON_LICENSES / name
            if path.exists():
                texts.append({"file": name, "text": path.read_text(encoding="utf-8").strip()})
        if texts:
            return texts, f"{COMMON_LICENSES} ({spdx.strip()}, the option Chancery uses)"
    return texts, "none shipped"


def _python_entry() -> dict:
    candidates = [Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt", Path(sys.base_prefix) / "LICENSE.txt"]
    texts = [{"file": "LICENSE.txt", "text": p.read_text(encoding="utf-8").strip()} for p in candidates[:2]
             if p.exists()][:1]
    return {
        "name": "Python",
        "version": platform.python_version(),
        "license": "PSF-2.0",
        "summary": "The Python interpreter and standard library",
        "homepage": "https://www.python.org/",
        "note": "",
        "text_source": "interpreter" if texts else "none shipped",
        "texts": texts,
    }


def _previous_texts(folder: Path) -> dict[tuple[str, str], tuple[list[dict], str]]:
    """Texts already committed, so a build machine without a text source keeps them."""
    try:
        document = json.loads((folder / "THIRD_PARTY.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {(c["name"], c["license"]): (c["texts"], c["text_source"]) for c in document.get("components", [])
            if c.get("texts")}


def collect(previous: Path = OUTPUT) -> dict:
    """The licences document: one entry per bundled component, sorted by name.

    Args:
        previous: Folder of the committed licences file; its texts are reused for a component
            whose text this machine cannot find (Windows and macOS have no common-licenses).
    """
    earlier = _previous_texts(previous)
    components = [_python_entry()]
    for dist in runtime_distributions():
        meta = dist.metadata
        licence = _licence_of(dist)
        texts, source = _texts_of(dist, licence)
        if not texts and (meta["Name"], licence) in earlier:
            texts, source = earlier[meta["Name"], licence]
        urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL") or [] if ", " in u)
        homepage = meta.get("Home-page") or urls.get("Homepage") or next(iter(urls.values()), "")
        components.append({
            "name": meta["Name"],
            "version": dist.version,
            "license": licence,
            "summary": meta.get("Summary") or "",
            "homepage": homepage,
            "note": NOTES.get(_key(meta["Name"]), ""),
            "text_source": source,
            "texts": texts,
        })
    components.sort(key=lambda c: c["name"].lower())
    return {"format": 1, "generated_by": "scripts/build_licenses.py", "components": components}


def as_text(document: dict) -> str:
    """A plain-text rendering for people browsing the bundle folder."""
    lines = ["Chancery bundles the following third-party components.", ""]
    lines += [f"  {c['name']} {c['version']}: {c['license']}" for c in document["components"]]
    for component in document["components"]:
        lines += ["", "=" * 78, f"{component['name']} {component['version']} — {component['license']}"]
        if component["homepage"]:
            lines.append(component["homepage"])
        if component["note"]:
            lines.append(component["note"])
        lines.append("=" * 78)
        for text in component["texts"]:
            lines += ["", f"--- {text['file']} ---", "", text["text"]]
        if not component["texts"]:
            lines += ["", "(the distribution ships no licence text)"]
    return "\n".join(lines) + "\n"


def render(document: dict) -> dict[str, str]:
    """File name -> content of every output file."""
    return {
        "THIRD_PARTY.json": json.dumps(document, ensure_ascii=False, indent=1) + "\n",
        "THIRD_PARTY.txt": as_text(document),
    }


def main(argv: list[str] | None = None) -> int:
    """Writes (or with ``--check`` compares) the licences files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"folder to write (default {OUTPUT})")
    parser.add_argument("--check", action="store_true", help="compare with the files on disk instead of writing")
    args = parser.parse_args(argv)
    files = render(collect(args.output))
    if args.check:
        stale = [n for n, content in files.items()
                 if not (args.output / n).exists() or (args.output / n).read_text(encoding="utf-8") != content]
        if stale:
            print(f"stale: {', '.join(stale)} (run scripts/build_licenses.py)", file=sys.stderr)
            return 1
        print("licences up to date")
        return 0
    args.output.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (args.output / name).write_text(content, encoding="utf-8")
    count = len(json.loads(files["THIRD_PARTY.json"])["components"])
    print(f"wrote {count} components to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
