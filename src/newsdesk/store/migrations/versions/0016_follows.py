"""follows: readers follow stories and entities; last visit and private feed token

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02

A follow names exactly one story or one entity. Each reader has at most one follow
state row: when the Following page was last opened (what is newer is marked new) and
the SHA-256 of the private feed token (revocable by replacing or clearing it).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0016"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "follows",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "account_id",
            sa.Integer(),
            sa.ForeignKey("accounts.id", ondelete="CASCADE", name="fk_follows_account"),
            nullable=False,
        ),
        sa.Column(
            "story_id",
            sa.Integer(),
            sa.ForeignKey("stories.id", ondelete="CASCADE", name="fk_follows_story"),
            nullable=True,
        ),
        sa.Column(
            "entity_id",
            sa.Integer(),
            sa.ForeignKey("entities.id", ondelete="CASCADE", name="fk_follows_entity"),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("account_id", "story_id", "entity_id", name="uq_follows_target"),
    )
    op.create_index("ix_follows_account_id", "follows", ["account_id"])
    op.create_index("ix_follows_story_id", "follows", ["story_id"])
    op.create_index("ix_follows_entity_id", "follows", ["entity_id"])
    op.create_table(
        "follow_states",
        sa.Column(
            "account_id",
            sa.Integer(),
            sa.ForeignKey("accounts.id", ondelete="CASCADE", name="fk_follow_states_account"),
            primary_key=True,
        ),
        sa.Column("last_visit", sa.DateTime(timezone=True), nullable=True),
        sa.Column("feed_token_hash", sa.String(64), nullable=True, unique=True),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("follow_states")
    op.drop_index("ix_follows_entity_id", table_name="follows")
    op.drop_index("ix_follows_story_id", table_name="follows")
    op.drop_index("ix_follows_account_id", table_name="follows")
    op.drop_table("follows")
