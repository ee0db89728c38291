"""Cross-cutting steps around handlers: the admin check with its audit, and signed buttons."""
