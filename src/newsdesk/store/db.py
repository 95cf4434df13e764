"""The one place the database engine is made: SQLite (WAL) by default, any SQLAlchemy URL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from newsdesk.config import Settings
from newsdesk.errors import ConfigError

MIGRATIONS = Path(__file__).parent / "migrations"


# Deadlock and serialisation failures (a re-grouped article whose copies another worker
# holds), and a unique violation (two workers noting a fresh store's vector models, or
# adding the same spelling to one entity, at once: the second finds the first's row when
# run again): the transaction is run again, this many times at most.
RETRIES = 5
RETRYABLE = {"40P01", "40001", "23505"}
Result = TypeVar("Result")


def retried(run: Callable[[], Result]) -> Result:
    """Run a transaction, again when PostgreSQL aborted it for a deadlock, a
    serialisation failure or a unique violation, up to RETRIES times."""
    for attempt in range(RETRIES + 1):
        try:
            return run()
        except DBAPIError as error:
            if getattr(error.orig, "sqlstate", None) not in RETRYABLE or attempt == RETRIES:
                raise
    raise AssertionError("unreachable")


def insert_or_update(connection: Connection) -> Callable[..., Any]:
    """The INSERT of the connection's dialect, the one with ON CONFLICT (an upsert): both
    backends have it, spelt by each dialect's own construct."""
    return postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert


@dataclass
class Store:
    """A migrated database: its engine and a factory of sessions on it."""

    engine: Engine
    sessions: sessionmaker[Session]

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose work is committed on success and rolled back on error."""
        with self.sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        """Release every connection the store holds."""
        self.engine.dispose()


# How long a second SQLite writer waits for the lock before failing.
SQLITE_BUSY_MS = 30_000
# A page keeping what it computed (vectors, a view) waits this long for SQLite's write
# lock before giving up (ingest may hold it for a batch): the page is served either way.
KEEP_WAIT_MS = 500


def write_aside(
    session: Session, write: Callable[[Connection], None], *, with_session: bool = False
) -> bool:
    """Run `write` with the session's work when `with_session` (the pipeline's writes), or
    when the session has written on SQLite (it holds the write lock); otherwise in a short
    transaction of its own, best effort: False when it could not (a lock held too long, a
    row another process kept first)."""
    connection = session.connection()
    if with_session or (connection.dialect.name == "sqlite" and _has_written(connection)):
        with session.begin_nested():
            # The connection asked for again inside: the session emits its SAVEPOINT only
            # then, and without one a write PostgreSQL refused (a row another worker kept
            # first) would leave the whole transaction aborted for a caller that goes on.
            write(session.connection())
        return True
    try:
        with session.get_bind().connect() as own:
            sqlite = own.dialect.name == "sqlite"
            if sqlite:
                _busy_timeout(own, KEEP_WAIT_MS)
            try:
                with own.begin():
                    write(own)
            finally:
                if sqlite:
                    _busy_timeout(own, SQLITE_BUSY_MS)
    except (OperationalError, IntegrityError):
        return False
    return True


def _busy_timeout(connection: Connection, milliseconds: int) -> None:
    # On the driver's connection: through SQLAlchemy the pragma would open a transaction.
    connection.connection.dbapi_connection.execute(f"PRAGMA busy_timeout={milliseconds}")  # type: ignore[union-attr]


def _has_written(connection: Connection) -> bool:
    # sqlite3 opens its transaction at the first write, not at a read.
    return bool(getattr(connection.connection.dbapi_connection, "in_transaction", False))


def _enable_sqlite_wal(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets the web server read while an ingest writes; busy_timeout makes a
    # second writer wait its turn instead of failing at once.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite files get WAL mode and their folder is created."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(
            f"not a database URL: {url!r} (expected e.g. sqlite:///data/newsdesk.db)"
        ) from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed)
        event.listen(engine, "connect", _enable_sqlite_wal)
        return engine
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Bring the schema up to the newest migration (a no-op when it already is)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_store(settings: Settings, *, migrate_schema: bool = True) -> Store:
    """Open (and by default migrate) the database the settings name."""
    engine = make_engine(settings.resolved_database_url)
    if migrate_schema:
        migrate(engine)
    return Store(engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))
