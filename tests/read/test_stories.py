"""Story pages and related articles loaded from a real store holding the demo corpus."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from itertools import combinations

import pytest
from sqlalchemy import select, update

from newsdesk.config import ReadingSettings, Settings
from newsdesk.demo import in_english, load_labels
from newsdesk.enrich.speakers import NAMED
from newsdesk.errors import NotFound
from newsdesk.present.summarize import same_text, tfidf_vectors
from newsdesk.read.articles import article_summary
from newsdesk.read.related import related_articles
from newsdesk.read.sentences import body_sentences
from newsdesk.read.stories import quotes_by_speaker, story_articles, story_entities, story_view
from newsdesk.store.models import Article, Quote

NOW = datetime(2024, 1, 17, 12, tzinfo=UTC)
MOSCOW_VISIT = "ru-nk-lavrov-moscow-2024-01"


def test_demo_story_page_coverage_and_related_articles(shared_demo_store) -> None:
    store = shared_demo_store
    # The story's English articles (its reports in other languages join it too).
    titles = {
        a["title"]
        for a in load_labels()["articles"]
        if a["story"] == MOSCOW_VISIT and in_english(a)
    }
    with store.session() as session:
        articles = [
            a
            for a in session.scalars(select(Article).where(Article.is_stub.is_(False)))
            if a.title in titles
        ]
        assert len(articles) == len(titles)
        story_ids = {a.story_id for a in articles}
        assert len(story_ids) == 1
        story_id = story_ids.pop()
        record = story_view(session, story_id, NOW, Settings()).model_dump()
        assert record is not None

        # Summary: across outlets, short, every sentence cited, none saying another's thing.
        summary = record["summary"]
        assert 3 <= len(summary) <= 6
        assert len({s["outlet"] for s in summary}) >= 3
        by_id = {
            a.id: a for a in session.scalars(select(Article).where(Article.story_id == story_id))
        }
        for sentence in summary:
            article = by_id[sentence["article_id"]]
            assert sentence["outlet"] == article.outlet.name
            assert sentence["headline"] == article.title, "cited by headline, not by id"
            assert sentence["text"] in article.text
            assert article.duplicate_of_id is None, "cited to the canonical wire copy"
        texts = [s["text"] for s in summary]
        vectors = tfidf_vectors(texts)
        for i, j in combinations(range(len(texts)), 2):
            assert not same_text(texts[i], texts[j])
            assert float(vectors[i] @ vectors[j]) < 0.5, (texts[i], texts[j])
        assert all(s["text"] not in titles for s in summary), "headlines are not summary"

        assert record["key_points"] and all(p["citations"] for p in record["key_points"])
        cited = [c for p in record["key_points"] for c in p["citations"]]
        cited += [c for e in record["timeline"] for c in e["citations"]]
        headlines = {a["id"]: a["title"] for a in record["articles"]}
        assert cited and all(c["headline"] == headlines[c["article_id"]] for c in cited)
        assert any(len(p["citations"]) >= 2 for p in record["key_points"])

        # Timeline: in date order, with the day of the talks cited by several outlets.
        dates = [entry["date"] for entry in record["timeline"]]
        assert dates == sorted(dates)
        talks = [e for e in record["timeline"] if e["date"] == "2024-01-16"]
        assert talks and max(len(e["citations"]) for e in talks) >= 3

        # Who's who: Lavrov under either spelling, as foreign minister.
        lavrov = next(
            w
            for w in record["whos_who"]
            if {"Sergey Lavrov", "Sergei Lavrov"} & {w["name"], *w["surface_forms"]}
        )
        assert lavrov["type"] == "PERSON"
        assert "foreign minister" in (lavrov["role"] or "").lower()

        # Each article has its own summary of up to three sentences, in its own words.
        assert {a["id"] for a in record["articles"]} == set(by_id)
        for row in record["articles"]:
            assert 1 <= len(row["summary"]) <= 3
            assert all(s["article_id"] == row["id"] for s in row["summary"])
        lead = next(a for a in articles if a.duplicate_of_id is None and a.wire_service)
        assert article_summary(session, lead, embed=False)
        assert all(s.text != lead.title for s in body_sentences(lead))

        # Related: the same story from other outlets first, never the article or its copies.
        copies = {a.id for a in articles if lead.id in (a.id, a.duplicate_of_id)}
        related = [r.model_dump() for r in related_articles(session, lead.id, NOW)]
        assert related and not {r["id"] for r in related} & copies
        same_story = [r for r in related if r["reason"] == "same story"]
        assert len(same_story) >= 3
        assert related[: len(same_story)] == same_story
        assert all(r["outlet"] != lead.outlet.name for r in same_story)
        assert all(r["id"] in by_id for r in same_story)
        assert len({r["id"] for r in related}) == len(related)
        assert all(r["title"] and r["lead"] and r["relative_time"] for r in related)

        # A teaser stub answers with its full article's related articles, not itself.
        stub = session.scalars(
            select(Article).where(Article.is_stub.is_(True), Article.duplicate_of_id.is_not(None))
        ).first()
        assert stub is not None
        from_stub = [r.model_dump() for r in related_articles(session, stub.id, NOW)]
        assert from_stub and stub.id not in {r["id"] for r in from_stub}
        assert stub.duplicate_of_id not in {r["id"] for r in from_stub}

        # Coverage: every outlet once, in order of first report; the first named; what one
        # outlet alone reports cited to an article of the story that says it.
        coverage = record["coverage"]
        firsts = [o["first_published"] for o in coverage["outlets"]]
        assert firsts == sorted(firsts)
        assert {o["outlet"] for o in coverage["outlets"]} == set(record["outlets"])
        assert coverage["first"]["outlet"] == coverage["outlets"][0]["outlet"]
        assert coverage["only_here"] and coverage["tellings"] >= 3
        for item in coverage["only_here"]:
            assert item["text"] in by_id[item["article_id"]].text
            assert item["outlet"] == by_id[item["article_id"]].outlet.name

        # Two outlets give different figures for one market move: both sides are cited.
        remedies = _story_of(session, "tech-google-remedies-2025-09")
        disputes = story_view(session, remedies, NOW, Settings()).model_dump()["coverage"][
            "disagreements"
        ]
        [shares] = [d for d in disputes if d["kind"] == "number"]
        sides = {(side["value"], side["outlet"]) for side in shares["sides"]}
        assert sides == {("8%", "Silverline Business Review"), ("9%", "Eastbridge Times")}
        for side in shares["sides"]:
            assert side["value"] in side["text"]
            assert side["text"] in session.get(Article, side["article_id"]).text

        with pytest.raises(NotFound):
            story_view(session, 10_000, NOW, Settings())
        with pytest.raises(NotFound):
            related_articles(session, 10_000, NOW)


def test_related_articles_embed_only_the_article_asked_about(demo_store, monkeypatch) -> None:
    # A store whose articles lack the multilingual vectors (made before they existed): the
    # page embeds its own article, never the hundreds of candidates around it.
    import newsdesk.read.related as related_module

    embedded: list[int] = []
    real = related_module.embed_across_languages

    def counted(texts: list[str]):
        embedded.append(len(texts))
        return real(texts)

    monkeypatch.setattr(related_module, "embed_across_languages", counted)
    with demo_store.session() as session:
        session.execute(update(Article).values(embedding_multilingual=None))
    with demo_store.session() as session:
        lead = session.scalars(select(Article).where(Article.story_id.is_not(None))).first()
        related = related_articles(session, lead.id, NOW)
    assert embedded == [1]
    assert related and any(r.reason == "same story" for r in related)


def _story_of(session, label: str) -> int:
    titles = {
        a["title"] for a in load_labels()["articles"] if a["story"] == label and in_english(a)
    }
    story_ids = {
        a.story_id
        for a in session.scalars(select(Article).where(Article.is_stub.is_(False)))
        if a.title in titles
    }
    assert len(story_ids) == 1
    return story_ids.pop()


def test_the_timeline_shows_the_dates_sure_enough_for_the_settings(shared_demo_store) -> None:
    from dataclasses import replace

    from newsdesk.store.models import Event

    with shared_demo_store.session() as session:
        assert all(e.confidence is not None for e in session.scalars(select(Event)))
        story_id = next(
            a.story_id
            for a in session.scalars(select(Article).where(Article.is_stub.is_(False)))
            if a.story_id is not None
        )
        settings = Settings()

        def timeline(floor: float) -> list[dict[str, object]]:
            tuned = replace(settings, reading=replace(settings.reading, timeline_confidence=floor))
            return story_view(session, story_id, NOW, tuned, embed=False).model_dump()["timeline"]

        every, shown = timeline(0.0), timeline(settings.reading.timeline_confidence)
        assert shown and len(shown) <= len(every)
        assert {e["sentence"] for e in shown} <= {e["sentence"] for e in every}
        assert timeline(1.01) == []


def test_whos_who_hides_names_below_the_confidence_floor(shared_demo_store) -> None:
    # "Patriot" is a product ("Patriot air defence systems", and a weapons system the
    # lexicon knows where the article says nothing): never a body in who's who.
    story = "ukraine-patriots-2025-07"
    titles = {a["title"] for a in load_labels()["articles"] if a["story"] == story}
    with shared_demo_store.session() as session:
        story_id = next(
            a.story_id
            for a in session.scalars(select(Article).where(Article.is_stub.is_(False)))
            if a.title in titles
        )
        shown = story_view(session, story_id, NOW, Settings(), embed=False).whos_who
        strict = replace(Settings(), reading=ReadingSettings(whos_who_confidence=0.85))
        surest = story_view(session, story_id, NOW, strict, embed=False).whos_who
        candidates = story_entities(session, story_articles(session, story_id))
    names = {w.name for w in shown}
    assert "Donald Trump" in names and "NATO" in names
    assert all(w.confidence >= 0.5 for w in shown)
    assert not any(e.name.startswith("Patriot") for e in candidates)
    # Organisations are 0.8 sure at most: a floor above that leaves the titled people.
    assert {w.name for w in surest} < names and "NATO" not in {w.name for w in surest}
    trump = next(e for e in candidates if e.name == "Donald Trump")
    assert trump.confidence >= 0.9 and "Donald Trump" in {w.name for w in surest}


def test_quotes_by_speaker_show_only_speakers_found_surely_enough(shared_demo_store) -> None:
    with shared_demo_store.session() as session:
        story = _story_of(session, MOSCOW_VISIT)
        ids = list(
            session.scalars(
                select(Article.id).where(Article.story_id == story, Article.is_stub.is_(False))
            )
        )
        stored = {
            " ".join(q.text.lower().split()): q
            for q in session.scalars(select(Quote).where(Quote.article_id.in_(ids)))
        }
        everyone = quotes_by_speaker(session, ids, floor=0.0)
        named_only = quotes_by_speaker(session, ids, floor=NAMED)
        nobody = quotes_by_speaker(session, ids, floor=NAMED + 0.01)

    def listed(groups) -> list[Quote]:
        return [
            stored[" ".join(q.text.lower().split())]
            for g in groups
            if g.speaker != "Unattributed"
            for q in g.quotes
        ]

    # Every quote of the story has its rule's confidence; some speakers were found by a
    # pronoun or by carrying on, less surely than by name.
    assert {q.confidence for q in stored.values() if q.speaker_text} - {NAMED}
    assert len(listed(named_only)) < len(listed(everyone))
    assert all(q.confidence >= NAMED for q in listed(named_only))
    assert listed(named_only), "a named subject of a verb of saying passes any floor"
    # Each listed quote carries its stored confidence, so a reader can weigh it.
    for group in everyone:
        for said in group.quotes:
            assert said.confidence == stored[" ".join(said.text.lower().split())].confidence
    # Above every confidence, no quote is put in anyone's mouth; unattributed ones stay.
    assert listed(nobody) == []
    unattributed = [g for g in everyone if g.speaker == "Unattributed"]
    assert [g.model_dump() for g in nobody if g.speaker == "Unattributed"] == [
        g.model_dump() for g in unattributed
    ]


def test_coverage_names_each_outlets_articles_by_headline(shared_demo_store) -> None:
    with shared_demo_store.session() as session:
        story_id = session.scalars(
            select(Article.story_id).where(Article.story_id.is_not(None))
        ).first()
        view = story_view(session, story_id, NOW, Settings(), embed=False)
        titles = {a.id: a.title for a in story_articles(session, story_id)}
    assert view.coverage.outlets
    for outlet in view.coverage.outlets:
        assert [a.id for a in outlet.articles] == outlet.article_ids
        assert [a.title for a in outlet.articles] == [titles[i] for i in outlet.article_ids]


def test_each_quote_cites_its_articles_headline_and_outlet(shared_demo_store) -> None:
    with shared_demo_store.session() as session:
        story = _story_of(session, MOSCOW_VISIT)
        articles = list(
            session.scalars(
                select(Article).where(Article.story_id == story, Article.is_stub.is_(False))
            )
        )
        groups = quotes_by_speaker(session, [a.id for a in articles], floor=0.0)
        by_id = {a.id: (a.title, a.outlet.name if a.outlet else None) for a in articles}
    said = [q for g in groups for q in g.quotes]
    assert said, "the Moscow visit's articles quote people"
    for quote in said:
        assert (quote.headline, quote.outlet) == by_id[quote.article_id]
        assert quote.credit and quote.outlet in quote.credit
