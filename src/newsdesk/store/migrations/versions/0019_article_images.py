"""article images: each article's lead image URL and the copy newsdesk fetched of it

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03

One row per article that names a lead image (og:image, twitter:image, a feed entry's
media): the URL, and once the pipeline tried it, the bytes (PNG, JPEG, GIF or WebP, at
most NEWSDESK_IMAGES_MAX_BYTES), their type, digest and size, or the error. Articles
stored before have no row; `newsdesk reprocess` notes their URLs from the raw bytes kept
(as pending: it fetches none).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0019"
down_revision: str | Sequence[str] | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "article_images",
        sa.Column("article_id", sa.Integer(), primary_key=True),
        sa.Column("source_url", sa.Text(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("content_type", sa.String(40), nullable=True),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_article_images_article", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_article_images_status", "article_images", ["status"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_article_images_status", table_name="article_images")
    op.drop_table("article_images")
