"""A statement's dict form, as the catalogue stores it, is exactly what ``dataclasses.asdict`` gives."""

from __future__ import annotations

import json
from dataclasses import asdict

from documents.build import BuildContext, statements_from_file
from documents.extract import default_extractor
from documents.resources import resource_path
from documents.statement import OcrPage, Statement


def test_to_dict_is_asdict_for_every_sample_and_reads_back():
    context = BuildContext(default_extractor())
    samples = sorted(p for p in resource_path("samples").iterdir() if p.suffix in (".md", ".txt"))
    assert len(samples) >= 10
    mentions = 0
    for path in samples:
        for statement in statements_from_file(path, "0" * 64, context):
            data = statement.to_dict()
            assert data == asdict(statement), path.name
            mentions += sum(len(e.offsets) for e in statement.countries)
            again = Statement.from_dict(json.loads(json.dumps(data)))
            assert json.dumps(again.to_dict()) == json.dumps(data)
    assert mentions > 50


def test_to_dict_copies_what_a_caller_may_change():
    statement = statements_from_file(sorted(resource_path("samples").glob("*.md"))[0], "0" * 64,
                                     BuildContext(default_extractor()))[0]
    statement.extra["nested"] = {"a": [1]}
    statement.ocr.append(OcrPage(1, "scanned", low=[(0, 4)]))
    data = statement.to_dict()
    assert data == asdict(statement)
    data["extra"]["nested"]["a"].append(2)
    data["countries"].clear()
    data["provenance"]["paths"].append("elsewhere")
    data["ocr"][0]["low"].append((5, 9))
    assert statement.extra["nested"] == {"a": [1]} and statement.countries
    assert "elsewhere" not in statement.provenance.paths and statement.ocr[0].low == [(0, 4)]
