"""Search: the query syntax and its renderings, then the demo corpus searched on each backend."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from newsdesk.config import SearchSettings, Settings
from newsdesk.errors import SearchError
from newsdesk.pipeline import ingest_paths
from newsdesk.read.entities import find_entities
from newsdesk.read.search import reciprocal_rank_fusion, search
from newsdesk.store.db import Store
from newsdesk.store.models import Article, Mention
from newsdesk.store.search_query import (
    Query,
    Term,
    make_snippet,
    match_spans,
    parse_query,
    to_fts5,
)
from newsdesk.types import IngestHints

HOSTILE = [
    '"',
    '""',
    "*",
    "title:",
    "text:Lavrov",
    "(Lavrov",
    "Lavrov)",
    "NEAR(Lavrov Choe)",
    "Lavrov NEAR Choe",
    "^Lavrov",
    "Lav*",
    "'; DROP TABLE articles; --",
    "OR",
    "- -",
    "AND NOT",
    "!!Lavrov & | <-> :*",
    '"unterminated phrase',
    "\\",
]

# A short Russian report, so that a word only it contains can be searched for.
RUSSIAN = {
    "title": "Наводнение в Приморье: эвакуированы жители трёх сёл",
    "text": (
        "Паводок в Приморском крае затопил три села, сообщили в МЧС. "
        "Водохранилище у Уссурийска переполнено, спасатели эвакуировали более двухсот жителей. "
        "Власти обещают компенсации пострадавшим семьям."
    ),
    "source": "Primorye Vesti",
    "published": "2024-07-02T09:00:00+00:00",
}

# Ingested after the first semantic query, to show the cached vectors take it in.
LEOPARD = {
    "title": "Snow leopard photographed in the Altai mountains",
    "text": "Rangers in the Altai mountains captured camera-trap images of a snow leopard, "
    "the first sighting in the reserve for a decade, officials said on Tuesday.",
    "source": "Primorye Vesti",
    "published": "2024-07-03T09:00:00+00:00",
}


def test_words_phrases_or_and_exclusions_parse() -> None:
    query = parse_query('Lavrov "North Korea" Wonsan OR Pyongyang -Putin -"Kim Jong Un"')
    assert [[t.words for t in clause] for clause in query.clauses] == [
        [("lavrov",)],
        [("north", "korea")],
        [("wonsan",), ("pyongyang",)],
    ]
    assert [t.words for t in query.excluded] == [("putin",), ("kim", "jong", "un")]
    assert to_fts5(query) == (
        '("lavrov" AND "north korea" AND ("wonsan" OR "pyongyang")) NOT "putin" NOT "kim jong un"'
    )


def test_operators_and_syntax_characters_become_plain_words() -> None:
    # Punctuation inside a token joins its words into a phrase, as in "Son-hui".
    assert to_fts5(parse_query("NEAR(a b) title:x")) == '("near a" AND "b" AND "title x")'
    assert parse_query("'; DROP TABLE articles; --").positive_terms() == [
        Term("DROP", ("drop",)),
        Term("TABLE", ("table",)),
        Term("articles;", ("articles",)),
    ]
    for text in ("", "   ", "*", '"', "OR", "- -", "-Lavrov"):
        assert parse_query(text).empty, text


def test_reciprocal_rank_fusion_rewards_agreement() -> None:
    fused = reciprocal_rank_fusion([[1, 2, 3], [3, 1, 4]], k=60)
    assert [key for key, _ in fused] == [1, 3, 2, 4]
    assert fused[0][1] == pytest.approx(1 / 61 + 1 / 62)


def test_snippet_is_a_window_around_the_first_match() -> None:
    text = (
        " ".join(["filler"] * 100) + " the Wonsan-Kalma resort opened " + " ".join(["tail"] * 100)
    )
    snippet = make_snippet(text, parse_query('"Wonsan Kalma"'), width=80)
    assert "Wonsan-Kalma" in snippet and snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet) <= 82
    assert make_snippet("Short text.", Query()) == "Short text."


def test_match_spans_mark_words_and_phrases_as_the_index_matches_them() -> None:
    text = "Şahin met Lavrov; the Wonsan-Kalma resort, and LAVROV again. Lavrovian? No."
    spans = match_spans(text, parse_query('lavrov "wonsan kalma" sahin -resort'))
    assert [text[a:b] for a, b in spans] == ["Şahin", "Lavrov", "Wonsan-Kalma", "LAVROV"]
    assert match_spans(text, parse_query("-Lavrov")) == []
    either = match_spans("Wajima or Baku", parse_query("Wajima OR Baku"))
    assert either == [(0, 6), (10, 14)]


def test_search_the_demo_corpus(demo_store: Store, demo_settings: Settings, tmp_path: Path) -> None:
    # A copy of the demo store per backend, a Russian article added, then every check.
    store, settings = demo_store, demo_settings
    russian = tmp_path / "russian.jsonl"
    russian.write_text(json.dumps(RUSSIAN, ensure_ascii=False) + "\n", encoding="utf-8")
    report = ingest_paths(store, [russian], IngestHints(), settings)
    assert not report.errors and report.new == 1
    with store.session() as session:
        total = session.scalar(select(func.count()).select_from(Article))
        _phrases_rank_the_right_article_first(session)
        _any_language_is_found(session)
        _words_written_unspaced_are_found(session)
        _filters_narrow_the_results(session)
        _or_and_exclusion_work(session)
        _syntax_characters_neither_fail_nor_inject(session)
        _semantic_search_finds_a_paraphrase(session)
        _a_query_finds_reports_in_other_languages(session)
        _a_foreign_query_finds_the_english_reports_by_their_names(session)
        _matches_keep_the_querys_word_and_neighbours_stand_apart(session)
        _counts_highlights_and_date_order(session)
        _results_group_by_story_and_fold_copies(session)
        assert session.scalar(select(func.count()).select_from(Article)) == total
    _new_articles_reach_the_cached_vectors(store, settings, tmp_path)
    _the_index_follows_edits(store)


def _phrases_rank_the_right_article_first(session) -> None:
    results = search(session, '"morning market"', mode="fulltext")
    assert results.hits[0].title.startswith("In Wajima, a morning market")
    assert "morning market" in results.hits[0].snippet.lower()
    fused = search(session, '"morning market" Wajima')
    assert fused.hits[0].title.startswith("In Wajima, a morning market")
    assert fused.hits[0].fulltext_rank == 1


def _any_language_is_found(session) -> None:
    for query in ("водохранилище", "Водохранилище", '"трёх сёл"'):
        [hit] = search(session, query, mode="fulltext").hits
        assert hit.title == RUSSIAN["title"] and hit.outlet == "Primorye Vesti"


def _words_written_unspaced_are_found(session) -> None:
    # Japanese, Chinese and Korean words inside runs of characters (石破茂氏, 라브로프는).
    ishiba = search(session, "石破", mode="fulltext").hits
    assert ishiba and {h.outlet for h in ishiba} == {"Minato Shimpo"}
    assert all("石破" in h.title + session.get_one(Article, h.id).text for h in ishiba)
    lavrov = search(session, "라브로프", mode="fulltext", limit=50).hits
    assert lavrov and {h.outlet for h in lavrov} == {"Saebyeok Ilbo"}
    gaza = search(session, "加沙 重建", mode="fulltext").hits
    assert [h.outlet for h in gaza] == ["Haiwan Morning Post"]
    assert search(session, "石破", outlet="Haiwan Morning Post", mode="fulltext").hits == []


def _a_query_finds_reports_in_other_languages(session) -> None:
    # Words cannot match across scripts: the multilingual vectors find those reports.
    quake = search(session, "Noto earthquake", limit=10)
    [noto] = {h.story_id for h in quake.hits if h.fulltext_rank == 1}
    foreign = {h.outlet for h in quake.hits if h.story_id == noto and h.fulltext_rank is None}
    assert {"Minato Shimpo", "Saebyeok Ilbo"} <= foreign
    narrowed = search(session, "Noto earthquake", outlet="Minato Shimpo").hits
    assert narrowed and {h.outlet for h in narrowed} == {"Minato Shimpo"}
    treaty = search(session, "Путин Пхеньян договор", limit=10).hits
    russian = next(h for h in treaty if h.outlet == "Severny Kurier")
    assert any(h.story_id == russian.story_id and h.outlet != "Severny Kurier" for h in treaty)


def _a_foreign_query_finds_the_english_reports_by_their_names(session) -> None:
    # The English reports of the Moscow talks are a little less near the Korean query than
    # the floor across languages; they name the people it names (라브로프 is Lavrov's alias).
    for until in (None, date(2024, 1, 31)):
        found = search(session, "라브로프 최선희 모스크바 회담", until=until, limit=20)
        hits = found.hits
        # The count holds the matches meaning found across languages too.
        assert found.total >= len(hits) > 1
        [korean] = [h for h in hits if h.outlet == "Saebyeok Ilbo"]
        english = [h for h in hits if h.story_id == korean.story_id and h is not korean]
        assert english and all(h.fulltext_rank is None for h in english)
        assert all(_has_word(session, h.id, "Lavrov") for h in english)
        if until is not None:
            assert all(h.published_at.date() <= until for h in hits)
    # The forms written by sound are aliases, so either script filters by the person.
    by_korean_name = search(session, "Wonsan", entity="라브로프", limit=50).hits
    lavrov = [entity.id for entity, _ in find_entities(session, "Sergey Lavrov")]
    naming = set(session.scalars(select(Mention.article_id).where(Mention.entity_id.in_(lavrov))))
    assert by_korean_name and {h.id for h in by_korean_name} <= naming
    [wonsan] = search(session, "원산", entity="Sergey Lavrov", mode="fulltext").hits
    assert wonsan.outlet == "Saebyeok Ilbo"


def _filters_narrow_the_results(session) -> None:
    outlet = search(session, "Lavrov", outlet="han river herald", limit=50).hits
    assert outlet and {h.outlet for h in outlet} == {"Han River Herald"}

    dated = search(session, "Lavrov", since=date(2025, 7, 1), until=date(2025, 7, 13), limit=50)
    assert dated.hits
    assert all(date(2025, 7, 1) <= h.published_at.date() <= date(2025, 7, 13) for h in dated.hits)
    assert any(h.published_at.date() == date(2025, 7, 13) for h in dated.hits)

    # The entity is found under the other romanisation, and so are the articles using it.
    named = search(session, "Moscow", entity="Sergei Lavrov", limit=50, mode="fulltext").hits
    assert named
    texts = {h.id: session.get_one(Article, h.id).text for h in named}
    assert any("Sergey Lavrov" in t for t in texts.values())
    assert any("Sergei Lavrov" in t for t in texts.values())
    entity_ids = [entity.id for entity, _ in find_entities(session, "Sergey Lavrov")]
    lavrov = session.scalars(select(Mention.article_id).where(Mention.entity_id.in_(entity_ids)))
    assert set(texts) <= set(lavrov)
    unnamed = search(session, "Moscow", limit=50, mode="fulltext").hits
    assert len(unnamed) > len(named)

    story_id = search(session, "Wonsan").hits[0].story_id
    assert story_id is not None
    in_story = search(session, "Lavrov", story=story_id, limit=50).hits
    assert in_story and {h.story_id for h in in_story} == {story_id}

    with pytest.raises(SearchError, match="no outlet"):
        search(session, "Lavrov", outlet="No Such Gazette")
    with pytest.raises(SearchError, match="no entity"):
        search(session, "Lavrov", entity="Zzyzx Qwertyuiop")


def _or_and_exclusion_work(session) -> None:
    both = search(session, "Wajima Baku", mode="fulltext").hits
    assert not both
    either = search(session, "Wajima OR Baku", mode="fulltext", limit=50).hits
    titles = " ".join(h.title for h in either)
    assert "Wajima" in titles and "Baku" in titles

    ishiba = search(session, "Ishiba", mode="fulltext", limit=50).hits
    assert any(_has_word(session, h.id, "koizumi") for h in ishiba)
    for mode in ("fulltext", "fused", "semantic"):
        without = search(session, "Ishiba -Koizumi", mode=mode, limit=50).hits
        assert without, mode
        assert not any(_has_word(session, h.id, "koizumi") for h in without), mode


def _has_word(session, article_id: int, word: str) -> bool:
    article = session.get_one(Article, article_id)
    return re.search(rf"\b{word}\b", f"{article.title} {article.text}", re.IGNORECASE) is not None


def _syntax_characters_neither_fail_nor_inject(session) -> None:
    for query in HOSTILE:
        for mode in ("fulltext", "fused", "semantic"):
            results = search(session, query, mode=mode)
            assert isinstance(results.hits, list), (query, mode)
    # Operators arrive as the words they spell: looked for, not obeyed.
    assert search(session, "Lavrov Choe", mode="fulltext").hits
    assert not search(session, "NEAR(Lavrov Choe)", mode="fulltext").hits
    assert not search(session, "Lav*", mode="fulltext").hits


def _semantic_search_finds_a_paraphrase(session) -> None:
    query = "ground shook violently; seaside townsfolk fled"
    words = {w for t in parse_query(query).positive_terms() for w in t.words}
    assert not search(session, query, mode="fulltext").hits
    # No article holds those words, so meaning finds it as related, not as a match.
    near = search(session, query, mode="semantic")
    assert not near.hits and near.total == 0
    [top, *_] = near.related
    assert re.search(r"quake|tremor|tsunami|Wajima", top.title)
    article = session.get_one(Article, top.id)
    shared = words & {w.casefold() for w in re.findall(r"[^\W_]+", article.title + article.text)}
    assert not shared


def _matches_keep_the_querys_word_and_neighbours_stand_apart(session) -> None:
    for mode in ("fused", "semantic"):
        found = search(session, "Lavrov Wonsan", mode=mode, limit=50)
        assert found.hits, mode
        for hit in found.hits:
            assert _has_word(session, hit.id, "lavrov") and _has_word(session, hit.id, "wonsan")
        assert found.related, "other Lavrov visits are near in meaning"
        for hit in found.related:
            assert not (
                _has_word(session, hit.id, "lavrov") and _has_word(session, hit.id, "wonsan")
            )
        assert not any("Ishiba" in h.title for h in found.hits), mode
        if mode == "fused":
            # Only neighbours close in meaning are offered; meaning alone (semantic mode)
            # lists everything above the semantic floor, apart.
            assert not any("Ishiba" in h.title for h in found.related)
        related_stories = [h.story_id for h in found.related]
        assert len(related_stories) == len(set(related_stories)), "one related article a story"

    bloc = search(session, '"military bloc" -Pyongyang', limit=50)
    for hit in bloc.hits:
        article = session.get_one(Article, hit.id)
        assert "military bloc" in f"{article.title} {article.text}".lower()
        assert not _has_word(session, hit.id, "pyongyang")
    assert not any("Patriot" in h.title for h in bloc.hits + bloc.related)
    assert not any(_has_word(session, h.id, "pyongyang") for h in bloc.related)

    england = search(session, "bank of england", limit=50)
    assert england.total == 0 and not england.hits
    assert not any("Bank of Japan" in h.title for h in england.related)


def _counts_highlights_and_date_order(session) -> None:
    found = search(session, "Lavrov Wonsan", limit=50)
    assert found.total == len(found.hits) >= 3
    assert search(session, "Lavrov Wonsan", limit=2).total == found.total
    assert not found.total_capped and found.counted == str(found.total)
    # Past the cap a count stops, and says so; meaning alone asks the index for the count.
    for mode in ("fused", "semantic"):
        capped = search(session, "Lavrov", mode=mode, tuning=SearchSettings(count_cap=2))
        assert (capped.total, capped.total_capped, capped.counted) == (2, True, "2+"), mode
    exact = search(session, "Lavrov Wonsan", mode="semantic", limit=50)
    assert (exact.total, exact.total_capped) == (found.total, False)
    assert len(search(session, "Lavrov Wonsan", limit=2).hits) == 2
    for hit in found.hits:
        marked = [hit.snippet[a:b].lower() for a, b in hit.snippet_matches]
        marked += [hit.title[a:b].lower() for a, b in hit.title_matches]
        assert marked and set(marked) <= {"lavrov", "wonsan"}, marked
    phrase = search(session, '"military bloc"', limit=5).hits[0]
    assert any(phrase.snippet[a:b].lower() == "military bloc" for a, b in phrase.snippet_matches)

    latest = search(session, "Lavrov", sort="date", limit=50)
    dates = [h.published_at for h in latest.hits]
    assert dates == sorted(dates, reverse=True) and latest.sort == "date"
    best = search(session, "Lavrov", limit=50)
    assert {h.id for h in best.hits} == {h.id for h in latest.hits}
    assert latest.total == best.total
    few = search(session, "Lavrov", sort="date", limit=3).hits
    assert [h.id for h in few] == [h.id for h in latest.hits[:3]]
    with pytest.raises(SearchError, match="unknown sort"):
        search(session, "Lavrov", sort="newest")  # type: ignore[arg-type]


def _results_group_by_story_and_fold_copies(session) -> None:
    results = search(session, "Lavrov", limit=50)
    story_ids = [g.story_id for g in results.stories if g.story_id is not None]
    assert len(story_ids) == len(set(story_ids)) >= 2
    for group in results.stories:
        assert {h.story_id for h in group.hits} == {group.story_id}
    shown = [h.id for h in results.hits]
    folded = [c.id for h in results.hits for c in h.copies]
    assert folded, "the demo's syndicated Lavrov copies fold into their canonical"
    assert not set(shown) & set(folded)
    for hit in results.hits:
        for copy in hit.copies:
            assert _canonical(session, copy.id) == _canonical(session, hit.id)
    record = results.model_dump(mode="json")
    assert record["stories"][0]["hits"][0]["id"] == results.stories[0].hits[0].id


def _new_articles_reach_the_cached_vectors(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    query = "big cat glimpsed in remote highlands"
    with store.session() as session:
        before = search(session, query, mode="semantic").related
    assert not any("leopard" in h.title for h in before)
    later = tmp_path / "later.jsonl"
    later.write_text(json.dumps(LEOPARD) + "\n", encoding="utf-8")
    ingest_paths(store, [later], IngestHints(), settings)
    with store.session() as session:
        [top, *_] = search(session, query, mode="semantic").related
    assert top.title == LEOPARD["title"]


def _canonical(session, article_id: int) -> int:
    article = session.get_one(Article, article_id)
    return article.duplicate_of_id or article.id


def _the_index_follows_edits(store: Store) -> None:
    # No indexing call: triggers (SQLite) and a generated column (PostgreSQL) keep step.
    with store.session() as session:
        [hit] = search(session, "водохранилище", mode="fulltext").hits
        article = session.get_one(Article, hit.id)
        article.text = article.text.replace("Водохранилище", "Плотина")
    with store.session() as session:
        assert not search(session, "водохранилище", mode="fulltext").hits
        assert search(session, "плотина", mode="fulltext").hits[0].id == hit.id
        session.delete(session.get_one(Article, hit.id))
    with store.session() as session:
        assert not search(session, "плотина", mode="fulltext").hits
        assert hit.id not in [h.id for h in search(session, "Приморье наводнение").hits]
