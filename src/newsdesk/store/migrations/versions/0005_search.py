"""search

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25

Full-text indexes over article titles and text. SQLite gets an FTS5 table that reads
its content from `articles` and is kept in step by triggers; PostgreSQL gets a generated
tsvector column with a GIN index. Both use language-neutral tokenising (FTS5 unicode61,
PostgreSQL 'simple'), so articles in any language are found by the words they contain.
"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_UPGRADE = (
    # External content: the index holds only tokens; title and text stay in `articles`.
    """CREATE VIRTUAL TABLE article_fts USING fts5(
        title, text, content='articles', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO article_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO article_fts(article_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    END""",
    # Only a change of the indexed columns touches the index, not every grouping update.
    """CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO article_fts(article_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO article_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    "INSERT INTO article_fts(article_fts) VALUES ('rebuild')",
)

SQLITE_DOWNGRADE = (
    "DROP TRIGGER IF EXISTS articles_fts_update",
    "DROP TRIGGER IF EXISTS articles_fts_delete",
    "DROP TRIGGER IF EXISTS articles_fts_insert",
    "DROP TABLE IF EXISTS article_fts",
)

POSTGRES_UPGRADE = (
    # Stored, so ranking reads the vector instead of re-parsing every matching text.
    """ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('simple'::regconfig, coalesce(text, '')), 'B')
    ) STORED""",
    "CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)",
)

POSTGRES_DOWNGRADE = (
    "DROP INDEX IF EXISTS ix_articles_search_vector",
    "ALTER TABLE articles DROP COLUMN IF EXISTS search_vector",
)


def upgrade() -> None:
    """Upgrade schema."""
    statements = SQLITE_UPGRADE if _dialect() == "sqlite" else POSTGRES_UPGRADE
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    """Downgrade schema."""
    statements = SQLITE_DOWNGRADE if _dialect() == "sqlite" else POSTGRES_DOWNGRADE
    for statement in statements:
        op.execute(statement)


def _dialect() -> str:
    name = op.get_bind().dialect.name
    if name not in ("sqlite", "postgresql"):
        raise NotImplementedError(f"full-text search is not supported on {name}")
    return name
