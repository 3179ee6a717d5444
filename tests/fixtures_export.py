"""Records the export tests share: a treaty, a speech, a joint statement, and one full of hostile text."""

from __future__ import annotations

from collections.abc import Iterator

from index.export.records import (
    AnnotatedStatement,
    CorrectionRecord,
    EntityRef,
    ExportRecord,
    PassageRecord,
)

TUR = EntityRef("TUR", "Türkiye", central=True)
KAZ = EntityRef("KAZ", "Kazakhstan", central=True)
OTS = EntityRef("OTS", "Organization of Turkic States")
TRADE = EntityRef("trade", "Trade")

TREATY = ExportRecord(
    id="a1b2c3d4e5f60001",
    title="Treaty on Eternal Friendship and Comprehensive Strategic Partnership between the Republic of Türkiye "
          "and the Republic of Kazakhstan",
    date="2022-10-13", doc_type="treaty", doc_type_label="Treaty or agreement", language="en",
    countries=(TUR, KAZ), organisations=(OTS,), topics=(TRADE,),
    issuer="Ministry of Foreign Affairs of the Republic of Türkiye",
    tags=("turkic", "turkic/treaties"), collections=("Central Asia",), status="relevant", starred=True,
    note="Signed in Astana.\nRatified 2023.",
    passages=(PassageRecord(id="p1", quote="eternal friendship", prefix="Treaty on ", suffix=" and comprehensive",
                            start=10, end=28, note="The key phrase.", created="2025-01-02T03:04:05+00:00"),),
    path="/archive/tr/treaty.md", source_url="https://www.mfa.gov.tr/treaty", content_hash="ab" * 32,
    archive="Chancery", archive_location="tr/treaty.md",
)

SPEECH = ExportRecord(
    id="a1b2c3d4e5f60002", title="Address to the General Assembly", date="2022-09-20", doc_type="speech",
    doc_type_label="Speech or address", language="en", countries=(KAZ,), topics=(TRADE,),
    issuer="United Nations", speaker="Guterres, António", speaker_post="Secretary-General",
    tags=("un",), collections=("Speeches", "Central Asia"), status="to_read",
    path="/archive/un/sg.txt", source_url="https://www.un.org/sg/speech", content_hash="cd" * 32,
    archive="Chancery", archive_location="un/sg.txt", pages=4,
)

JOINT_STATEMENT = ExportRecord(
    id="a1b2c3d4e5f60003", title="Joint Statement of the Presidents of Türkiye and Kazakhstan", date="2022-10",
    doc_type="joint_statement", doc_type_label="Joint statement", language="en", countries=(TUR, KAZ),
    organisations=(OTS,), issuer="Ministry of Foreign Affairs, Japan", path="/archive/tr-kz.md",
    content_hash="ef" * 32, archive="Chancery", archive_location="tr-kz.md",
)

UNDATED = ExportRecord(
    id="a1b2c3d4e5f60004", title="Readout of a call", date=None, doc_type="readout", doc_type_label="Readout",
    language="und", path="/archive/readout.txt", content_hash="34" * 32, archive="Chancery",
    archive_location="readout.txt",
)

YEAR_ONLY = ExportRecord(
    id="a1b2c3d4e5f60005", title="Communiqué", date="2021", doc_type="communique", doc_type_label="Communiqué",
    language="fr", issuer="Press Office, Ministry of Foreign Affairs, Republic of Türkiye", path="/archive/c.txt",
    content_hash="56" * 32, archive="Chancery", archive_location="c.txt", tags=("one, with comma",),
)

ARABIC = "بيان مشترك بشأن التعاون"
HEBREW = "הצהרה משותפת"
HOSTILE_TEXT = ("Line one\nER  - \nTY  - JOUR\n\ttabbed \"quoted\" 'single' ; semi, comma\r\n"
                f"{ARABIC} — {HEBREW}\n\n=HYPERLINK(\"http://evil\") <script>alert(1)</script> & *star* # [x](y)")

HOSTILE = ExportRecord(
    id="a1b2c3d4e5f60006", title=f"ER  - hostile\n\"Title\"\twith {ARABIC}", date="2020-02-29",
    doc_type="letter", doc_type_label="Letter", language="ar", countries=(EntityRef("ISR", HEBREW),),
    issuer="Office of the Spokesperson, U.S. Department of State", tags=(f"tag {HEBREW}", "ER  - tag"),
    collections=("=cmd|' /C calc'!A0",), note=HOSTILE_TEXT,
    passages=(PassageRecord(id="p9", quote=f"ER  - \n{ARABIC}", prefix="x\n", suffix="\ny", start=5, end=30,
                            note=HOSTILE_TEXT, anchored=False),),
    path="/archive/h\tostile.txt", source_url="javascript:alert(1)", content_hash="12" * 32, archive="Chancery",
    archive_location="h\tostile.txt",
)

SAMPLES = (TREATY, SPEECH, JOINT_STATEMENT, UNDATED, YEAR_ONLY, HOSTILE)


def many_records(count: int) -> Iterator[ExportRecord]:
    """``count`` small distinct records, made one at a time (a generator, as the library hands them)."""
    for index in range(count):
        yield ExportRecord(
            id=f"{index:016x}", title=f"Joint statement number {index}", date=f"20{index % 25:02d}-0{index % 9 + 1}",
            doc_type="joint_statement", doc_type_label="Joint statement", language="en", countries=(TUR, KAZ),
            tags=("bulk",), collections=(f"batch {index % 7}",), note=f"Note {index}", path=f"/archive/{index}.txt",
            content_hash=f"{index:064x}", archive="Chancery", archive_location=f"{index}.txt",
        )


def annotated(record: ExportRecord) -> AnnotatedStatement:
    """The archivist's work on a record, as the annotations file carries it."""
    corrections = (CorrectionRecord("remove", "country", "KAZ", doc_id=record.id, content_hash=record.content_hash,
                                    created="2025-01-01T00:00:00+00:00"),)
    return AnnotatedStatement(id=record.id, content_hash=record.content_hash, title=record.title, tags=record.tags,
                              collections=record.collections, status=record.status, starred=record.starred,
                              note=record.note, passages=record.passages, corrections=corrections)


LIBRARY_CORRECTIONS = (
    CorrectionRecord("merge", "organisation", "TURKSOY", target="OTS", created="2025-01-01T00:00:00+00:00"),
    CorrectionRecord("never", "topic", "sport"),
)
