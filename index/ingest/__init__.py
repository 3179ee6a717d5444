"""Getting statements in: the importer and its worker processes, rebuilds, re-extraction, samples and locking."""
