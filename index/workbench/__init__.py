"""The archivist's workbench: tags, collections, stars, review status, notes, passages, saved searches,
corrections, and undo — kept in the catalogue, never only in the index."""
