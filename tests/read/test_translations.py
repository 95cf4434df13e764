"""Headlines and leads not in English: translated by the optional model, else marked."""

from __future__ import annotations

import json

from sqlalchemy import select

from newsdesk.config import Settings
from newsdesk.read.translations import needs_translation, translation_of
from newsdesk.store.models import Article
from tests.test_llm import _url, chat_server  # noqa: F401  (the fixture)


def _articles(store, language: str) -> list[Article]:
    with store.session() as session:
        return list(
            session.scalars(select(Article).where(Article.language == language, ~Article.is_stub))
        )


def test_an_article_not_in_english_is_not_translated_without_a_model(shared_demo_store) -> None:
    korean = _articles(shared_demo_store, "ko")
    assert len(korean) >= 5
    marked = translation_of(korean[0], Settings())
    assert marked is not None and marked.language == "ko"
    assert marked.title is None and "NEWSDESK_LLM_URL" in str(marked.error)
    english = _articles(shared_demo_store, "en")[0]
    assert translation_of(english, Settings()) is None
    assert not needs_translation("und") and not needs_translation(None)


def test_the_model_translates_the_headline_and_lead(shared_demo_store, chat_server) -> None:  # noqa: F811
    [article] = [a for a in _articles(shared_demo_store, "ru") if "Стамбуле" in a.title]
    chat_server.reply = json.dumps({"title": "Russia and Ukraine talk in Istanbul", "lead": "L."})
    shown = translation_of(article, Settings(llm_url=_url(chat_server)))
    assert shown is not None and shown.title == "Russia and Ukraine talk in Istanbul"
    given = json.loads(chat_server.requests[0]["messages"][-1]["content"])
    assert given["title"] == article.title and given["lead"].startswith("Делегации России")
