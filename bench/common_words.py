"""Makes ``resources/index/common_words.txt``, the words whose adjacent pairs the index keeps as terms.

Usage:
    python bench/common_words.py [--count 1000] [--corpus DIR] [OUT]

A phrase of two common words ("general assembly", "human rights") is in most
statements of a large archive; matching it from word positions decodes every
position of both words in all of them. The index therefore keeps each adjacent
pair of common words as one term (``index/backend/word_pairs.py``). Which words
are common is fixed when a library is indexed, so the list ships with the
application: the ``count`` unstemmed, accent-folded words (stop words and
numbers left out) held by the most statements of the shared corpus. The list
is word forms and their rank only; no text is copied.

Changing the list changes what the index holds: bump ``SCHEMA_VERSION`` in
``index/backend/schema.py`` with it, so libraries re-index once.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from whoosh.analysis import STOP_WORDS  # noqa: E402

from index.backend.analysis import FoldingTokenizer  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"
OUT = REPO / "resources" / "index" / "common_words.txt"


def statement_files(corpus: Path) -> list[Path]:
    """The shared corpus's statements: White House releases (Markdown) and General Debate speeches (text)."""
    return sorted(corpus.glob("wh-diplomatic/**/*.md")) + sorted(corpus.glob("ungdc/**/*.txt"))


def common_words(files: list[Path], count: int) -> list[tuple[str, int]]:
    """The ``count`` words held by the most of ``files``, with how many hold each, most first."""
    analyzer = FoldingTokenizer(stem=False)
    held: Counter[str] = Counter()
    for path in files:
        found, _length = analyzer.term_positions(path.read_text(encoding="utf-8", errors="replace"))
        held.update(term.decode("utf-8") for term in found)
    kept = [(word, n) for word, n in held.most_common()
            if word.isalpha() and len(word) > 1 and word not in STOP_WORDS]
    return kept[:count]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=OUT)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    files = statement_files(args.corpus)
    if not files:
        print(f"skipped: no statements under {args.corpus}")
        return 0
    words = common_words(files, args.count)
    lines = [f"# The {len(words)} words held by the most of {len(files):,} statements (bench/common_words.py).",
             "# One word a line, most common first. Changing it needs a SCHEMA_VERSION bump.",
             *(word for word, _n in words)]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    last = words[-1][1] / len(files) if words else 0
    print(f"{len(words)} words to {args.out}; the last is held by {last:.0%} of the statements")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
