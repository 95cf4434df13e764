"""Grouping articles: syndicated copies folded (`dedupe`), stories clustered, related articles."""
