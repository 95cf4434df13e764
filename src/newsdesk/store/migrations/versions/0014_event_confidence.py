"""event confidence: how sure each dated event is of its date

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02

A story's timeline shows the events whose date is at least as sure as the reading
settings ask (`NEWSDESK_READING_TIMELINE_CONFIDENCE`). Events stored before have no
confidence (NULL) and are shown as before, until `newsdesk reprocess` reads them again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("confidence", sa.Float(), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("events") as batch:
        batch.drop_column("confidence")
