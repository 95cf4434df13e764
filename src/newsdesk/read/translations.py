"""The English of headlines and leads not in English: by the optional language model when
one is configured, else marked as not translated (no translation model ships offline)."""

from __future__ import annotations

from newsdesk.config import Settings
from newsdesk.read.records import Translation
from newsdesk.read.sentences import lead
from newsdesk.store.models import Article

# Languages read as they are: English, and the language detection's "cannot tell".
NO_TRANSLATION_NEEDED = frozenset({"en", "und"})
NOT_CONFIGURED = "no translation model is configured (set NEWSDESK_LLM_URL)"


def needs_translation(language: str | None) -> bool:
    """Whether an article in this language is shown with a translation (or "not translated")."""
    return language is not None and language not in NO_TRANSLATION_NEEDED


def translation_of(article: Article, settings: Settings) -> Translation | None:
    """The English of an article's headline and lead; None for an article in English.

    Without a model configured, a translation with no title, which pages show as "not
    translated". Quotes are never translated: they keep the words their speaker said.
    """
    if not needs_translation(article.language):
        return None
    language = str(article.language)
    if not settings.llm_url:
        return Translation(
            language=language, title=None, lead=None, model=None, error=NOT_CONFIGURED
        )
    from newsdesk.llm import translate_headline

    return Translation.model_validate(
        translate_headline(settings, language, article.title, lead(article))
    )
