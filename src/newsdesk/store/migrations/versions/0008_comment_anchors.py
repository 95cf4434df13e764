"""comment anchors

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25

A comment on a story also names the story's first article, its anchor: `recluster`
rebuilds every story under new ids, and finds each story comment its new story through
the anchor instead of losing it with the old one. Existing story comments are anchored
to their story's earliest full article.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("comments") as batch:
        batch.add_column(sa.Column("anchor_article_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_comments_anchor", "articles", ["anchor_article_id"], ["id"], ondelete="SET NULL"
        )
    op.execute(
        """UPDATE comments SET anchor_article_id = (
            SELECT min(articles.id) FROM articles
            WHERE articles.story_id = comments.story_id AND articles.is_stub = false
        ) WHERE story_id IS NOT NULL"""
    )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("comments") as batch:
        batch.drop_constraint("fk_comments_anchor", type_="foreignkey")
        batch.drop_column("anchor_article_id")
