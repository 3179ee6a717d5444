"""Trust in the archive: the per-document event log, fixity checks, integrity checks, backup and restore."""
