"""Running searches: ranked hits, facet counts, snippets, spelling, completion and similar statements."""
