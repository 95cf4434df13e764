"""The store: WAL on SQLite, migrations that can run twice, URLs that explain themselves."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import insert, inspect, select, text
from sqlalchemy.exc import IntegrityError

from newsdesk.config import Settings, load_settings
from newsdesk.errors import ConfigError
from newsdesk.store.db import make_engine, migrate, open_store, write_aside
from newsdesk.store.models import Document


def test_sqlite_default_lives_under_data_dir_in_wal_mode(tmp_path) -> None:
    store = open_store(Settings(data_dir=tmp_path / "data"))
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert (tmp_path / "data" / "newsdesk.db").is_file()


def test_migrations_create_every_table_and_run_twice(store) -> None:
    migrate(store.engine)
    tables = set(inspect(store.engine).get_table_names())
    assert {"sources", "documents", "articles", "alembic_version"} <= tables


def test_datetimes_come_back_aware_in_utc(store) -> None:
    moment = datetime(2024, 1, 17, 9, 30, tzinfo=UTC)
    with store.session() as session:
        session.add(
            Document(
                sha256="0" * 64,
                origin="x",
                content_type="text/plain",
                size=0,
                status="failed",
                received_at=moment,
            )
        )
    with store.session() as session:
        [document] = session.query(Document).all()
        assert document.received_at == moment
        assert document.received_at.tzinfo is not None


def test_database_url_comes_from_the_environment() -> None:
    settings = load_settings({"NEWSDESK_DATABASE_URL": "postgresql://u@h/db"})
    assert settings.resolved_database_url == "postgresql://u@h/db"
    assert load_settings({}).resolved_database_url.endswith("data/newsdesk.db")


def test_bad_settings_say_what_is_wrong() -> None:
    with pytest.raises(ConfigError, match="not a database URL"):
        make_engine("not a url")
    with pytest.raises(ConfigError, match="NEWSDESK_MAX_INPUT_BYTES"):
        load_settings({"NEWSDESK_MAX_INPUT_BYTES": "lots"})


def _document(sha: str) -> dict:
    return {"sha256": sha, "origin": "x", "content_type": "text/plain", "size": 0, "status": "new"}


def test_a_write_aside_the_database_refuses_leaves_the_session_going_on(store) -> None:
    # A row another worker kept first: the caller catches the refusal and goes on in the
    # same transaction, which must not be left aborted (PostgreSQL's InFailedSqlTransaction).
    with store.session() as session:
        session.execute(insert(Document).values(_document("1" * 64)))
        with pytest.raises(IntegrityError):
            write_aside(
                session,
                lambda c: c.execute(insert(Document).values(_document("1" * 64))),
                with_session=True,
            )
        write_aside(
            session,
            lambda c: c.execute(insert(Document).values(_document("2" * 64))),
            with_session=True,
        )
    with store.session() as session:
        assert sorted(session.scalars(select(Document.sha256))) == ["1" * 64, "2" * 64]
