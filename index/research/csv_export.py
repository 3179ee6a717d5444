"""The research views' figures as CSV: concordance lines and trend points (UTF-8, one header row).

Written through :func:`index.export.output.open_target`, so a path is
replaced whole or not at all.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable

from index.export.output import Target, open_target
from index.research.results import ConcordanceLine, Trends

CONCORDANCE_COLUMNS = ("id", "date", "title", "left", "hit", "right", "start", "end")
TREND_COLUMNS = ("term", "year", "occurrences", "words", "per_10000_words", "statements", "matching", "share")


def write_concordance_csv(lines: Iterable[ConcordanceLine], target: Target) -> int:
    """Writes concordance lines; returns how many."""
    written = 0
    with open_target(target, newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(CONCORDANCE_COLUMNS)
        for line in lines:
            writer.writerow((line.doc_id, line.date or "", line.title, line.left, line.hit, line.right,
                             line.start, line.end))
            written += 1
    return written


def write_trends_csv(trends: Trends, target: Target) -> int:
    """Writes one row per term and year; returns how many."""
    written = 0
    with open_target(target, newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(TREND_COLUMNS)
        for trend in trends.series:
            for point in trend.points:
                writer.writerow((trend.term, point.year, point.occurrences, point.words, f"{point.per_10k:.4f}",
                                 point.statements, point.matching, f"{point.share:.4f}"))
                written += 1
    return written
