"""page views: the read model of each story and article page, built by the pipeline

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02

A row holds one serialised view (kind "story" or "article", and the id of what it
shows) with the version of its inputs it was built from; a page reads it and builds
the view only when the row is missing or its version is not the current one.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0017"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "page_views",
        sa.Column("kind", sa.String(10), primary_key=True),
        sa.Column("subject_id", sa.Integer(), primary_key=True),
        sa.Column("version", sa.String(120), nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("page_views")
