"""Alembic environment: runs migrations on the connection newsdesk hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from newsdesk.config import load_settings
from newsdesk.store.models import Base

config = context.config
target_metadata = Base.metadata


def include_object(
    obj: object, name: str | None, kind: str, reflected: bool, compare_to: object
) -> bool:
    """Leave the search index to migration 0005: FTS5 tables and the tsvector column are
    the database's own, not the models'."""
    if kind == "table" and name and name.startswith("article_fts"):
        return False
    return not (kind == "column" and name == "search_vector")


def run_migrations_online() -> None:
    """Migrate over the connection given by `open_store`, or one made from the settings."""
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            include_object=include_object,
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(load_settings().resolved_database_url)
    with engine.connect() as own_connection:
        context.configure(
            connection=own_connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            include_object=include_object,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
