"""Article text to what is in it: language, sentences, entities, quotes, dated events, warnings.

`enrich_texts` is the stage: texts in, `Enrichment`s out, English texts parsed by
spaCy in one batch. It touches no database; the pipeline stores what it returns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsdesk.enrich.stage import ArticleText, Enrichment, enrich_texts

__all__ = ["ArticleText", "Enrichment", "enrich_texts"]


def __getattr__(name: str) -> Any:
    # The stage loads spaCy: it is imported on first use, so that reading stored vectors
    # (newsdesk.enrich.embed) or names (newsdesk.enrich.names) loads no model.
    if name in __all__:
        from newsdesk.enrich import stage

        return getattr(stage, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
