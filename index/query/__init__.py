"""The query language: reading what people type, repairing it, resolving names and country aliases."""
