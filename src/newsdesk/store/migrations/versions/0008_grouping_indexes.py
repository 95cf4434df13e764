"""grouping indexes

Revision ID: 0008
Revises: 0005
Create Date: 2026-11-25

Teaser stubs are looked up by outlet for every grouped article; without an index that
lookup reads the whole articles table, and grouping slows as the corpus grows. A plain
CREATE INDEX (no batch mode), so SQLite's FTS triggers on `articles` stay in place.
"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0008"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_index("ix_articles_stub_outlet", "articles", ["is_stub", "source_id"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_articles_stub_outlet", table_name="articles")
