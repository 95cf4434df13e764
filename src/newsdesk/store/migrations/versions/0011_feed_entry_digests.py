"""feed entry digests

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-25

Each entry taken from a feed keeps the digest of its title and content, so that an entry
sent again with other content (an updated article) is taken again and becomes the new
version of its article. Entries taken before have none and get one when next seen.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("feed_entries") as batch:
        batch.add_column(sa.Column("digest", sa.String(length=64), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("feed_entries") as batch:
        batch.drop_column("digest")
