"""Chinese, Japanese and Korean words found by full text: their characters indexed as pairs,
kept with every write and filled in for rows stored before the index read them."""

from __future__ import annotations

import json
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import select

from newsdesk.config import Settings
from newsdesk.pipeline import ingest_paths
from newsdesk.store.db import MIGRATIONS, Store, migrate
from newsdesk.store.models import Article, Base
from newsdesk.store.search import Filters, fulltext_matches
from newsdesk.store.search_query import character_pairs, parse_query
from newsdesk.types import IngestHints

# Written for this test: one report in each script, and one in English.
REPORTS = [
    {"title": "自民党総裁に石破茂氏", "text": "石破茂元幹事長が決選投票で勝った。石破氏は述べた。"},
    {"title": "라브로프, 원산 방문", "text": "라브로프는 원산에서 최선희 외무상과 회담했다."},
    {"title": "开罗峰会通过加沙重建计划", "text": "阿拉伯国家联盟在开罗举行紧急峰会。"},
    {"title": "Ishiba wins the party vote", "text": "Shigeru Ishiba won the runoff on Friday."},
]


def _ingest(store: Store, settings: Settings, tmp_path: Path) -> dict[str, int]:
    path = tmp_path / "reports.jsonl"
    lines = [json.dumps({**r, "source": "Test Wire"}, ensure_ascii=False) for r in REPORTS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = ingest_paths(store, [path], IngestHints(), settings, enrich=False, group=False)
    assert not report.errors
    with store.session() as session:
        return {title: id_ for id_, title in session.execute(select(Article.id, Article.title))}


def _found(store: Store, query: str) -> set[int]:
    with store.session() as session:
        matches = fulltext_matches(session, parse_query(query), Filters(), 50, 3.0)
        return {m.article_id for m in matches}


def test_character_pairs_cover_each_run_and_nothing_else() -> None:
    assert character_pairs("石破茂氏 won, 라브로프는") == "石破 破茂 茂氏 라브 브로 로프 프는"
    assert character_pairs("茂 and 氏") == "茂 氏"  # a character alone stays itself
    assert character_pairs("Only Latin letters, 2024.") is None


def test_words_in_any_script_are_found_inside_runs(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    ids = _ingest(store, settings, tmp_path)
    japanese, korean, chinese, english = (ids[r["title"]] for r in REPORTS)
    assert _found(store, "石破") == {japanese}  # inside 石破茂氏 and 石破茂元幹事長
    assert _found(store, "石破茂 決選投票") == {japanese}
    assert _found(store, "破石") == set()  # pairs in the query's order only
    assert _found(store, "라브로프") == {korean}  # the particle of 라브로프는 is no bar
    assert _found(store, "加沙 -石破") == {chinese}
    assert _found(store, '"开罗 峰会"') == {chinese}
    assert _found(store, "Ishiba") == {english}  # Latin words as before
    assert _found(store, "石破 OR Ishiba") == {japanese, english}


def test_the_pairs_follow_edits_and_survive_other_writes(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    ids = _ingest(store, settings, tmp_path)
    korean = ids[REPORTS[1]["title"]]
    with store.session() as session:
        article = session.get_one(Article, korean)
        article.language = "ko"  # a write that leaves the text alone keeps the pairs
    assert _found(store, "라브로프") == {korean}
    with store.session() as session:
        article = session.get_one(Article, korean)
        article.title, article.text = "푸틴, 평양 방문", "푸틴은 평양에 도착했다."
    assert _found(store, "라브로프") == set()
    assert _found(store, "평양") == {korean}


def test_the_migration_fills_the_pairs_of_rows_stored_before_it(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    ids = _ingest(store, settings, tmp_path)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0020")
    migrate(store.engine)
    with store.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    # The column as the model has it (the index's own tables are the database's).
    columns = [d for d in diff if isinstance(d, tuple) and d[0].endswith("_column")]
    assert not [d for d in columns if d[3].name == "search_characters"]
    assert _found(store, "石破") == {ids[REPORTS[0]["title"]]}
    assert _found(store, "Ishiba") == {ids[REPORTS[3]["title"]]}
