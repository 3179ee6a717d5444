"""OCR in the library: the cache of pages read, the library's OCR settings, and OCR of statements marked scanned."""
