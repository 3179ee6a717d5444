"""A small archive for the research views: statements whose pairs, phrases, years and near-identical twins are known.

- Türkiye and Kazakhstan are central to two joint statements (2019, 2021), Türkiye and Azerbaijan to one
  readout (2021); a 2020 statement on Norway and Japan mentions Türkiye in passing.
- "strategic partnership" occurs once in 2019, twice in 2021 (one statement) and nowhere else.
- Two notices on Lebanon (2021, 2022) differ in their year only: near-identical. A notice on Libya
  shares their form but not their substance: not near-identical.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

_NOTICE = (
    "On {date}, the President issued a notice stating that the national emergency with respect to {country} "
    "declared in Executive Order {order} is to continue in effect beyond {until}. {reason} For this reason "
    "the national emergency must continue in effect and the measures adopted to deal with it remain in force. "
    "This notice shall be published in the Federal Register and transmitted to the Congress as the law "
    "requires, together with a report on the administration of the measures and the expenses incurred. "
    "The Secretary of the Treasury, in consultation with the Secretary of State, is authorized to take "
    "such actions, including the promulgation of rules and regulations, and to employ all powers granted "
    "to the President as may be necessary to carry out the purposes of the order, and all agencies of the "
    "executive branch shall take all appropriate measures within their authority to carry out its provisions."
)
_LEBANON = ("Certain ongoing activities, such as continuing arms transfers to Hizballah that include increasingly "
            "sophisticated weapons systems, serve to undermine Lebanese sovereignty and contribute to "
            "political and economic instability in the region.")
_LIBYA = ("The situation in Libya continues to pose an unusual and extraordinary threat to national security "
          "and foreign policy, since armed groups and their backers have blocked every attempt at a political "
          "settlement, diverted the revenues of the oil sector and attacked civilians and institutions.")

STATEMENTS: dict[str, tuple[str, str, str]] = {
    "tr-kz-2019": (
        "Joint Statement of Türkiye and Kazakhstan", "2019-05-14",
        "Türkiye and Kazakhstan agreed to deepen their strategic partnership in energy and trade.\n\n"
        "The two sides will meet again in Ankara next year to review the transport corridor and the "
        "cooperation of their universities.",
    ),
    "tr-kz-2021": (
        "Joint Declaration of Türkiye and Kazakhstan", "2021-03-02",
        "Türkiye and Kazakhstan reaffirmed the strategic partnership between their peoples.\n\n"
        "They welcomed the progress of the strategic partnership since 2019 and signed an agreement on "
        "education and on the transport corridor across the Caspian Sea.",
    ),
    "tr-az-2021": (
        "Readout of the call between Türkiye and Azerbaijan", "2021-06-10",
        "Türkiye and Azerbaijan discussed regional security and the territorial integrity of states.\n\n"
        "The ministers agreed to keep in close contact on energy and on the transport corridor.",
    ),
    "no-jp-2020": (
        "Norway and Japan discuss Arctic research", "2020-01-15",
        "Norway and Japan agreed to share data from their Arctic research stations, and the research "
        "councils of Norway and Japan will fund four joint projects on sea ice and on the ocean currents.\n\n"
        "Their scientists will meet in Tromsø and in Sapporo.\n\n"
        "Observers from many countries, Türkiye among them, were invited to the first meeting.",
    ),
    "lebanon-2021": (
        "Notice on the Continuation of the National Emergency with Respect to Lebanon", "2021-07-20",
        _NOTICE.format(date="July 20, 2021", country="Lebanon", order="13441", until="August 1, 2021",
                       reason=_LEBANON),
    ),
    "lebanon-2022": (
        "Notice on the Continuation of the National Emergency with Respect to Lebanon", "2022-07-28",
        _NOTICE.format(date="July 28, 2022", country="Lebanon", order="13441", until="August 1, 2022",
                       reason=_LEBANON),
    ),
    "libya-2022": (
        "Notice on the Continuation of the National Emergency with Respect to Libya", "2022-02-22",
        _NOTICE.format(date="February 22, 2022", country="Libya", order="13566", until="February 25, 2022",
                       reason=_LIBYA),
    ),
}


def write_archive(folder: Path) -> Path:
    """Writes the statements as Markdown files with front matter; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (title, date, text) in STATEMENTS.items():
        (folder / f"{name}.md").write_text(f"---\ntitle: {title}\ndate: {date}\n---\n{text}\n", encoding="utf-8")
    return folder


def ids_by_name(library) -> dict[str, str]:
    """File name (without extension) -> statement id, for the archive imported into ``library``."""
    found = {}
    for statement in library.statements():
        found[Path(statement.source_path).stem] = statement.id
    return found


def build_library(tmp_path_factory, name: str) -> Path:
    """Imports the archive into a library of its own, once per test module; returns its folder."""
    from index import Library

    folder = tmp_path_factory.mktemp(name) / "library"
    with Library.open(folder) as library:
        library.import_paths([write_archive(tmp_path_factory.mktemp(f"{name}-archive"))])
    return folder


def copy_of(folder: Path, tmp_path: Path) -> Path:
    """A copy of a library built by :func:`build_library`, for one test to change."""
    copy = tmp_path / "library"
    shutil.copytree(folder, copy)
    return copy


def as_earlier_release(folder: Path) -> None:
    """Makes a library's catalogue what the release before near-identical grouping left (no signatures)."""
    conn = sqlite3.connect(folder / "catalogue.sqlite3")
    with conn:
        conn.execute("DROP TABLE near_signatures")
        conn.execute("DROP TABLE near_groups")
        conn.execute("DELETE FROM meta WHERE key LIKE 'near_%'")
        conn.execute("UPDATE meta SET value = '4' WHERE key = 'catalogue_version'")
    conn.close()
