"""Builders and measurements for ``bench/hostile_corpus.py``: a corpus of hostile files, imported and judged."""
