"""The search layer over Whoosh: catalogue, index, search, facets, import.

Callers get plain dataclasses, never Whoosh objects.
"""
