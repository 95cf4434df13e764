"""Shared fixtures: real stores on SQLite (always) and PostgreSQL (when it answers, and in CI)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from newsdesk.config import Settings
from newsdesk.store.db import Store, open_store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
FIXTURES = Path(__file__).parent / "fixtures"
POSTGRES_URL = os.environ.get(
    "NEWSDESK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
IN_CI = os.environ.get("CI", "").lower() == "true"


def _postgres_answers() -> str | None:
    """None when PostgreSQL answers, else why not."""
    engine = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("select 1"))
    except OperationalError as error:
        return str(error).splitlines()[0]
    finally:
        engine.dispose()
    return None


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The PostgreSQL test URL; fails the run in CI when it does not answer, else skips."""
    problem = _postgres_answers()
    if problem:
        if IN_CI:
            pytest.fail(f"PostgreSQL is required in CI but {POSTGRES_URL} fails: {problem}")
        pytest.skip(f"PostgreSQL not available at {POSTGRES_URL}: {problem}")
    return POSTGRES_URL


@pytest.fixture
def postgres_schema_url(postgres_url: str) -> Iterator[str]:
    """A URL whose connections live in a fresh schema of their own, dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in postgres_url else "?"
    yield f"{postgres_url}{separator}options=-csearch_path%3D{schema}"
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings on a fresh database: SQLite in a temp dir, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        return Settings(data_dir=tmp_path / "data", max_input_bytes=2_000_000)
    url = request.getfixturevalue("postgres_schema_url")
    return Settings(data_dir=tmp_path / "data", database_url=url, max_input_bytes=2_000_000)


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    """A migrated store on the `settings` database."""
    opened = open_store(settings)
    yield opened
    opened.close()


def pytest_sessionstart(session: pytest.Session) -> None:
    """Stop at once, saying why, when the shared seeds and data are not beside the checkout."""
    if not SEEDS.is_dir():
        raise pytest.UsageError(
            f"the tests read ../shared/ beside the checkout, but {SEEDS} does not exist"
        )
