"""sentence vectors

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25

Story summaries, key points, coverage and answers compare sentences and quotes by
embedding. An article's vectors are kept the first time they are computed, so a story that
gains an article embeds only that article, and a restarted server embeds nothing again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "sentence_vectors",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.String(length=10), nullable=False),
        sa.Column("fingerprint", sa.String(length=40), nullable=False),
        sa.Column("vectors", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_sentence_vectors_article",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", "part"),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("sentence_vectors")
