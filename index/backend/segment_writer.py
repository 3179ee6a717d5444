"""A Whoosh segment writer that indexes Chancery's text fields several times faster.

It writes the very same segment files as Whoosh's ``SegmentWriter`` (a test
compares every posting, length and stored value), and changes only how it
gets there:

- text fields analysed by :class:`~index.backend.analysis.FoldingTokenizer` are
  turned into postings in one pass, without a token object per word;
- postings are gathered per term (:mod:`index.backend.postings_pool`) instead of one
  tuple each, so the commit sorts terms, not postings;
- at commit each term's postings are written whole (:mod:`index.backend.term_blocks`),
  with the field lengths read once per field instead of once per posting.

Every other field, and segments merged in from other readers, take Whoosh's
ordinary path. The writer relies on internals of the pinned whoosh3 codec
(``W3FieldWriter`` and ``W3PostingsWriter``); the equivalence tests guard
an upgrade.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from pickle import dumps

from whoosh.codec.whoosh3 import W3Codec
from whoosh.formats import Existence, Frequency, Positions
from whoosh.system import pack_uint, pack_ushort
from whoosh.writing import SegmentWriter

from index.backend import block_writes
from index.backend.analysis import FoldingTokenizer
from index.backend.positions import GapPositions, encode_positions
from index.backend.postings_pool import PostingsPool
from index.backend.term_blocks import term_postings

# zlib level for posting blocks. Readers decompress any level (or none); level 1
# takes half the time of Whoosh's 3 on position blocks and stores them a few per
# cent larger. Terms with only a few postings, most terms of a segment, are not
# worth compressing: zlib's set-up costs more than the bytes it saves.
COMPRESSION = 1
COMPRESS_FROM = 4  # postings

block_writes.install()  # blocks' values joined and whole-number weights as integers, in every writer


@dataclass
class StagedSegment:
    """A finished segment written outside the index, waiting to be committed into it.

    Attributes:
        segment: Whoosh's segment object (picklable).
        files: The segment's files.
    """

    segment: object
    files: list[Path]


_FORMATS = (Positions, GapPositions, Frequency, Existence)


class _FastField:
    """Turns one text field's value into postings, as its Whoosh format would encode them."""

    def __init__(self, field) -> None:
        self.analyzer: FoldingTokenizer = field.analyzer
        self.form = type(field.format)
        self.boost = field.format.field_boost
        self.scorable = field.scorable
        self._weights: dict[int, float] = {}
        self._single: dict[int, bytes] = {}  # position -> value of a term seen once
        self._counts: dict[int, bytes] = {}

    @staticmethod
    def supports(field) -> bool:
        """True when this fast path gives exactly what Whoosh would for ``field``."""
        return (isinstance(field.analyzer, FoldingTokenizer) and type(field.format) in _FORMATS
                and not field.vector and not field.separate_spelling())

    def postings(self, value: str) -> tuple[list[tuple[bytes, float, bytes]], int]:
        """``(term, weight, encoded value)`` for every term of ``value``, and the field length.

        The value is what the field's format encodes: Whoosh's
        ``Positions.encode`` (count, then pickled position deltas),
        :class:`~index.backend.positions.GapPositions`' gaps, ``Frequency``'s
        packed count, or nothing (``Existence``, whose weight is its boost).
        """
        weights, singles, counts = self._weights, self._single, self._counts
        boost, form = self.boost, self.form
        if form is Frequency:
            tally, length = self.analyzer.term_counts(value)
            for freq in set(tally.values()).difference(counts):
                weights[freq] = freq * boost
                counts[freq] = pack_uint(freq)
            return [(term, weights[freq], counts[freq]) for term, freq in tally.items()], length
        if form is Existence:
            found, length = self.analyzer.term_set(value)
            return [(term, boost, b"") for term in found], length
        found, length = self.analyzer.term_positions(value)
        out = []
        for term, places in found.items():
            freq = len(places)
            weight = weights.get(freq)
            if weight is None:
                weight = weights[freq] = freq * boost
            if freq == 1:
                encoded = singles.get(places[0])
                if encoded is None:
                    encoded = singles[places[0]] = encode_positions(places) if form is GapPositions \
                        else pack_uint(1) + dumps(places, 2)
            elif form is GapPositions:
                encoded = encode_positions(places)
            else:
                deltas = [places[0]]
                deltas.extend(b - a for a, b in pairwise(places))
                encoded = pack_uint(freq) + dumps(deltas, 2)
            out.append((term, weight, encoded))
        return out, length


class FastSegmentWriter(SegmentWriter):
    """``SegmentWriter`` with a fast path for Chancery's text fields (see the module notes).

    Takes the same arguments as Whoosh's writer, from ``ix.writer()``.
    """

    def __init__(self, ix, **kwargs) -> None:
        for name, field in ix.schema.items():
            if field.separate_spelling() or field.vector:
                raise NotImplementedError(f"field {name!r}: spelling and vector fields are not supported")
        limitmb = kwargs.get("limitmb", 128)
        super().__init__(ix, **kwargs)
        self.pool = PostingsPool(limitmb=limitmb)
        self._fast = {name: _FastField(field) for name, field in self.schema.items() if _FastField.supports(field)}

    def add_document(self, **fields) -> None:
        """Adds a document, like Whoosh's, with text fields analysed on the fast path."""
        self._check_state()
        schema = self.schema
        docnum = self.docnum
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdoc = self.perdocwriter
        pool = self.pool
        new_terms = new_postings = 0
        perdoc.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                fast = self._fast.get(fieldname)
                if fast is not None and docboost == 1.0 and isinstance(value, str) \
                        and self._field_boost(fields, fieldname, docboost) == 1.0:
                    found, length = fast.postings(value)
                    terms = pool.field(fieldname)
                    for tbytes, weight, encoded in found:
                        postings = terms.get(tbytes)
                        if postings is None:
                            terms[tbytes] = [docnum, weight, encoded]
                            new_terms += 1
                        else:
                            postings += (docnum, weight, encoded)
                    new_postings += len(found)
                    if not fast.scorable:
                        length = 0
                elif field.indexed:
                    fieldboost = self._field_boost(fields, fieldname, docboost)
                    for tbytes, freq, weight, vbytes in field.index(value):
                        if field.scorable:
                            length += freq
                        pool.add((fieldname, tbytes, docnum, weight * fieldboost, vbytes))
                stored = fields.get(f"_stored_{fieldname}", value)
                perdoc.add_field(fieldname, field, stored if field.stored else None, length)
                column = field.column_type
                if column and stored is not None:
                    perdoc.add_column_value(fieldname, column, field.to_column_value(stored))
        except ValueError:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        pool.grew(new_terms, new_postings)
        self._added = True
        self.docnum += 1

    def finish_staged(self) -> StagedSegment | None:
        """Writes the documents added so far as a finished segment, without committing it.

        For a writer opened with ``_lk=False`` on a staging index: the caller
        hands the segment to :meth:`commit_with_segments` of the real index.

        Returns:
            The segment, or None if nothing was added.
        """
        try:
            if not self._added:
                self._close_segment()
                return None
            segment = self._finalize_segment()
            folder = Path(self.storage.folder)
            return StagedSegment(segment, [folder / name for name in segment.list_files(self.storage)])
        finally:
            self._finish()

    def commit_with_segments(self, segments: list, replacing: frozenset[str] = frozenset()) -> None:
        """Commits this writer's own work (deletions, documents) plus ``segments`` from elsewhere.

        The segment files must already be in the index folder. Nothing is
        merged; the segments named in ``replacing`` (by segment id) leave the
        index in the same commit: ``segments`` hold their documents again.
        """
        self._check_state()
        try:
            final = [segment for segment in self._merge_segments(None, None, False)
                     if segment.segment_id() not in replacing]
            if self._added:
                final.append(self._finalize_segment())
            else:
                self._close_segment()
            self._commit_toc(final + list(segments))
        finally:
            self._finish()

    def _flush_segment(self) -> None:
        """Writes the gathered postings: a block of postings at a time, lengths read once per field."""
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        try:
            _write_terms(self.fieldwriter, self.schema, self.pool, lengths, self.docnum)
            self.fieldwriter.close()
        finally:
            if lengths is not None:
                lengths.close()


def _field_lengths(lengths, fieldname: str, doccount: int) -> list:
    """Every document's stored length of one field (what the codec looks up per posting)."""
    if lengths is None:
        return [0] * doccount
    get = lengths.doc_field_length_reader(fieldname)
    return [get(docnum) for docnum in range(doccount)]


def _write_terms(fieldwriter, schema, pool: PostingsPool, lengths, doccount: int) -> None:
    """Writes every term of the pool into the W3 field writer's files, a whole term at a time."""
    if not isinstance(fieldwriter._codec, W3Codec):
        raise TypeError("the fast segment writer needs Whoosh's W3 codec")
    postfile, table = fieldwriter._postfile, fieldwriter._tindex
    limit = fieldwriter._codec._blocklimit
    lastfield = None
    field_lengths: list = []
    prefix = b""
    fixed = None
    offset = 0
    for fieldname, tbytes, flat in pool.terms():
        if fieldname != lastfield:
            if lastfield is not None:
                fieldwriter.finish_field()
            fieldwriter.start_field(fieldname, schema[fieldname])
            field_lengths = _field_lengths(lengths, fieldname, doccount)
            prefix = pack_ushort(fieldwriter._fieldid)
            fixed = schema[fieldname].format.fixed_value_size()
            offset = postfile.tell()
            lastfield = fieldname
        compression = COMPRESSION if len(flat) >= 3 * COMPRESS_FROM else 0
        data, info = term_postings(flat, field_lengths, offset, fixed, compression, limit)
        postfile.write(data)
        offset += len(data)
        table.add(prefix + tbytes, info)
    if lastfield is not None:
        fieldwriter.finish_field()
