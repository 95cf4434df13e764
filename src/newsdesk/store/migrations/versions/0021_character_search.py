"""character search: Chinese, Japanese and Korean text indexed as pairs of characters

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04

Neither FTS5's unicode61 tokenizer nor PostgreSQL's parser splits words that are written
without spaces, so a Japanese, Chinese or Korean query word never matched. Articles gain
`search_characters`, the overlapping pairs of their CJK characters (written with the row,
see store/models.py), and both indexes read it beside the headline and text: SQLite's FTS5
table is rebuilt with a third column, PostgreSQL's generated tsvector gets a third part.
Existing rows are filled here.
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0021"
down_revision: str | Sequence[str] | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As store/search_query.py `character_pairs` reads them on the day of this migration.
_CHARACTERS = re.compile(
    "[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7a3\uf900-\ufaff\uff66-\uff9f々]+"
)


def _pairs(text: str) -> str | None:
    runs = _CHARACTERS.findall(text)
    if not runs:
        return None
    return " ".join(
        run if len(run) == 1 else " ".join(run[i : i + 2] for i in range(len(run) - 1))
        for run in runs
    )


def _fts(columns: str, values: str) -> tuple[str, ...]:
    return (
        f"""CREATE VIRTUAL TABLE article_fts USING fts5(
            {columns}, content='articles', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2'
        )""",
        f"""CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO article_fts(rowid, {columns}) VALUES (new.id, {values.format("new")});
        END""",
        f"""CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO article_fts(article_fts, rowid, {columns})
            VALUES ('delete', old.id, {values.format("old")});
        END""",
        f"""CREATE TRIGGER articles_fts_update AFTER UPDATE OF {columns} ON articles BEGIN
            INSERT INTO article_fts(article_fts, rowid, {columns})
            VALUES ('delete', old.id, {values.format("old")});
            INSERT INTO article_fts(rowid, {columns}) VALUES (new.id, {values.format("new")});
        END""",
        "INSERT INTO article_fts(article_fts) VALUES ('rebuild')",
    )


_SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS articles_fts_update",
    "DROP TRIGGER IF EXISTS articles_fts_delete",
    "DROP TRIGGER IF EXISTS articles_fts_insert",
    "DROP TABLE IF EXISTS article_fts",
)
_PAIRS = "title, text, search_characters"
BATCH = 1000
_PLAIN = "title, text"


def _vector(with_pairs: bool) -> tuple[str, ...]:
    pairs = (
        "|| setweight(to_tsvector('simple'::regconfig, coalesce(search_characters, '')), 'B')"
        if with_pairs
        else ""
    )
    return (
        "DROP INDEX IF EXISTS ix_articles_search_vector",
        "ALTER TABLE articles DROP COLUMN IF EXISTS search_vector",
        f"""ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A')
            || setweight(to_tsvector('simple'::regconfig, coalesce(text, '')), 'B')
            {pairs}
        ) STORED""",
        "CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)",
    )


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column("articles", sa.Column("search_characters", sa.Text(), nullable=True))
    bind = op.get_bind()
    articles = sa.table(
        "articles", sa.column("id"), sa.column("title"), sa.column("text"),
        sa.column("search_characters"),
    )  # fmt: skip
    # In batches of ids: a store's whole text need not be in memory at once.
    last = 0
    while True:
        rows = bind.execute(
            sa.select(articles.c.id, articles.c.title, articles.c.text)
            .where(articles.c.id > last)
            .order_by(articles.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        last = rows[-1].id
        for row in rows:
            pairs = _pairs(f"{row.title or ''}\n{row.text or ''}")
            if pairs is not None:
                bind.execute(
                    articles.update().where(articles.c.id == row.id).values(search_characters=pairs)
                )
    if bind.dialect.name == "sqlite":
        values = "{0}.title, {0}.text, {0}.search_characters"
        for statement in (*_SQLITE_DROP, *_fts(_PAIRS, values)):
            op.execute(statement)
    else:
        for statement in _vector(with_pairs=True):
            op.execute(statement)


def downgrade() -> None:
    """Downgrade schema."""
    if op.get_bind().dialect.name == "sqlite":
        for statement in (*_SQLITE_DROP, *_fts(_PLAIN, "{0}.title, {0}.text")):
            op.execute(statement)
    else:
        for statement in _vector(with_pairs=False):
            op.execute(statement)
    op.drop_column("articles", "search_characters")
