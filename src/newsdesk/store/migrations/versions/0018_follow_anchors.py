"""follows: one per reader and target, and anchored to survive a recluster

Revision ID: 0018
Revises: 0016
Create Date: 2026-12-02

The unique constraint on (account, story, entity) let a reader follow one story twice:
one of its columns is always NULL, and NULLs never equal each other. Two partial unique
indexes (one per kind, over the rows of that kind) hold instead; duplicates already
stored are removed first, keeping the earliest follow.

A story follow also names the story's first article, its anchor, as a story comment does:
`recluster` rebuilds every story under new ids and the follow finds its new story
through the anchor. Existing story follows are anchored to their story's earliest full
article.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0018"
down_revision: str | Sequence[str] | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    for column in ("story_id", "entity_id"):
        op.execute(
            f"""DELETE FROM follows WHERE {column} IS NOT NULL AND id > (
                SELECT min(earlier.id) FROM follows AS earlier
                WHERE earlier.account_id = follows.account_id
                AND earlier.{column} = follows.{column}
            )"""
        )
    with op.batch_alter_table("follows") as batch:
        batch.drop_constraint("uq_follows_target", type_="unique")
        batch.add_column(sa.Column("anchor_article_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_follows_anchor", "articles", ["anchor_article_id"], ["id"], ondelete="SET NULL"
        )
    for kind, column in (("story", "story_id"), ("entity", "entity_id")):
        op.create_index(
            f"uq_follows_{kind}",
            "follows",
            ["account_id", column],
            unique=True,
            sqlite_where=sa.text(f"{column} IS NOT NULL"),
            postgresql_where=sa.text(f"{column} IS NOT NULL"),
        )
    op.execute(
        """UPDATE follows SET anchor_article_id = (
            SELECT min(articles.id) FROM articles
            WHERE articles.story_id = follows.story_id AND articles.is_stub = false
        ) WHERE story_id IS NOT NULL"""
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("uq_follows_entity", table_name="follows")
    op.drop_index("uq_follows_story", table_name="follows")
    with op.batch_alter_table("follows") as batch:
        batch.drop_constraint("fk_follows_anchor", type_="foreignkey")
        batch.drop_column("anchor_article_id")
        batch.create_unique_constraint("uq_follows_target", ["account_id", "story_id", "entity_id"])
