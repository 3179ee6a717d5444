"""Whoosh internals: schema and analysis, the index store, the fast segment writer, ranking and the word list.

Nothing outside ``index/`` sees these; callers get the dataclasses of the front.
"""
