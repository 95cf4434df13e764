"""mentions from the story: the mentions a foreign article gets from its story's English ones

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07

`pipeline.entities.join_story_names` adds mentions to a Korean, Japanese or Chinese
article from the people and organisations its story's English articles name ("라브로프"
for Lavrov, "조선중앙통신" for KCNA). They hold only while the article stays in that story,
so they are marked: a rebuild of the stories removes them and finds them again in the new
ones. Mentions stored before are read as the article's own (false) until the article is
enriched again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0022"
down_revision: str | Sequence[str] | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("mentions") as batch:
        batch.add_column(
            sa.Column("from_story", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("mentions") as batch:
        batch.drop_column("from_story")
