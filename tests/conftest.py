"""Shared fixtures: real stores on SQLite (always) and PostgreSQL (when it answers, and in CI),
and the demo corpus ingested once per backend and test session, handed out as copies."""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text
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


# The demo corpus goes through the whole pipeline once per backend and test run (about a
# minute each), however many pytest-xdist workers ask for it: the first builds it under a
# file lock and the others wait for it. Tests get a copy of that pristine store, so a test
# that writes changes only its own: a file copy on SQLite, a database made from the
# pristine one as template on PostgreSQL.


def _run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder every worker of this test run shares (each xdist worker has its own temp
    folder under it; a run without xdist has only its own)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextmanager
def _run_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path` shared by the run's workers (a waiting worker
    sleeps in the kernel until the builder is done)."""
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _held_elsewhere(path: Path) -> bool:
    """True when another worker holds the run lock on `path` right now."""
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False


@pytest.fixture(scope="session")
def demo_sqlite(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pristine demo store's SQLite file (never opened again, only copied)."""
    folder = _run_folder(tmp_path_factory)
    pristine = folder / "demo-pristine.db"
    lock = folder / "demo-sqlite.lock"
    if not pristine.exists() and _held_elsewhere(lock) and _postgres_answers() is None:
        # Another worker is building this one: build the PostgreSQL one meanwhile instead of
        # sleeping on the lock and building it after (each build takes about a minute).
        request.getfixturevalue("demo_postgres")
    with _run_lock(lock):
        if not pristine.exists():
            # Built aside and moved in whole: a build that fails leaves nothing half made.
            settings = Settings(data_dir=Path(tempfile.mkdtemp(dir=folder, prefix="demo-")))
            _ingest_demo(settings)
            (settings.data_dir / "newsdesk.db").rename(pristine)
    return pristine


@pytest.fixture(scope="session")
def demo_postgres(postgres_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The name of the pristine demo database on PostgreSQL (a template for copies), made by
    the first worker that needs it and dropped by the last one done with it."""
    folder = _run_folder(tmp_path_factory)
    lock, record, users = (folder / f"demo-postgres.{k}" for k in ("lock", "name", "users"))
    with _run_lock(lock):
        if not record.exists():
            name = f"newsdesk_demo_{uuid.uuid4().hex[:10]}"
            _create_database(postgres_url, name)
            try:
                settings = Settings(
                    data_dir=Path("."), database_url=_database_url(postgres_url, name)
                )
                _ingest_demo(settings)
            except BaseException:
                _drop_database(postgres_url, name)
                raise
            record.write_text(name)
        name = record.read_text()
        users.write_text(str(int(users.read_text() or 0) + 1 if users.exists() else 1))
    yield name
    with _run_lock(lock):
        left = int(users.read_text()) - 1
        users.write_text(str(left))
        if left == 0:  # a worker that asks later builds it again
            _drop_database(postgres_url, name)
            record.unlink()


def _ingest_demo(settings: Settings) -> None:
    from newsdesk.demo import ARTICLES_DIR, demo_hints
    from newsdesk.pipeline import ingest_paths
    from newsdesk.types import IngestHints

    store = open_store(settings)
    try:
        report = ingest_paths(store, [ARTICLES_DIR], IngestHints(), settings, hints_for=demo_hints)
        assert report.failed == 0 and report.stories > 5, report.errors
    finally:
        store.close()


def demo_copy(request: pytest.FixtureRequest, backend: str, data_dir: Path) -> Iterator[Settings]:
    """Settings on a fresh, writable copy of the demo store on `backend`."""
    data_dir.mkdir(parents=True, exist_ok=True)
    if backend == "sqlite":
        shutil.copyfile(request.getfixturevalue("demo_sqlite"), data_dir / "newsdesk.db")
        yield Settings(data_dir=data_dir, max_input_bytes=2_000_000)
        return
    url = request.getfixturevalue("postgres_url")
    name = f"newsdesk_copy_{uuid.uuid4().hex[:10]}"
    _create_database(url, name, template=request.getfixturevalue("demo_postgres"))
    yield Settings(
        data_dir=data_dir, database_url=_database_url(url, name), max_input_bytes=2_000_000
    )
    _drop_database(url, name)


@pytest.fixture(params=["sqlite", "postgres"])
def demo_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """Settings on this test's own copy of the demo store (a test may write to it)."""
    yield from demo_copy(request, request.param, tmp_path / "data")


@pytest.fixture
def demo_store(demo_settings: Settings) -> Iterator[Store]:
    """This test's own copy of the demo store."""
    opened = open_store(demo_settings)
    yield opened
    opened.close()


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def shared_demo_settings(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Settings]:
    """Settings on a copy of the demo store that a whole module reads (and may add to)."""
    yield from demo_copy(request, request.param, tmp_path_factory.mktemp("demo") / "data")


@pytest.fixture(scope="module")
def shared_demo_store(shared_demo_settings: Settings) -> Iterator[Store]:
    """A copy of the demo store that a whole module reads."""
    opened = open_store(shared_demo_settings)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def sqlite_demo_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """A copy of the demo store on SQLite only, for a module that reads what the pipeline
    made of the corpus (texts, outlets, credits) rather than testing storage."""
    data_dir = tmp_path_factory.mktemp("demo-sqlite") / "data"
    settings = next(demo_copy(request, "sqlite", data_dir))
    opened = open_store(settings)
    yield opened
    opened.close()


def _database_url(server_url: str, name: str) -> str:
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def _create_database(server_url: str, name: str, *, template: str | None = None) -> None:
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            like = f' TEMPLATE "{template}"' if template else ""
            connection.execute(text(f'CREATE DATABASE "{name}"{like}'))
    finally:
        engine.dispose()


def _drop_database(server_url: str, name: str) -> None:
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()


def pytest_sessionstart(session: pytest.Session) -> None:
    """Stop at once, saying why, when the shared seeds and data are not beside the checkout."""
    if not SEEDS.is_dir():
        raise pytest.UsageError(
            f"the tests read ../shared/ beside the checkout, but {SEEDS} does not exist"
        )
