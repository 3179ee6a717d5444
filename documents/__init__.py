"""The domain: reading statements from files and extracting their metadata.

Plain Python: no Qt, no Whoosh.
"""
