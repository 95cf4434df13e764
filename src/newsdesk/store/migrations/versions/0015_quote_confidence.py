"""quote confidence: how surely each quote's speaker was found

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02

Each quote keeps a confidence from how its speaker was found (a named subject of a verb
of saying, a name before a colon, a pronoun, the nearest person), so that quotes by
speaker can show only those that pass the reader's floor. Rows enriched before this
keep 1.0: they are shown as they were.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("quotes") as batch:
        batch.add_column(sa.Column("confidence", sa.Float(), nullable=False, server_default="1.0"))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("quotes") as batch:
        batch.drop_column("confidence")
