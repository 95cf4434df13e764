"""comment ids never reused

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02

A comment's id is its anchor on the page (#comment-17). SQLite gives a new row the
largest id plus one, so deleting the newest comment handed its id, and its links, to the
next one; AUTOINCREMENT keeps ids once used. PostgreSQL's sequences never reuse ids.
"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table(
        "comments", recreate="always", table_kwargs={"sqlite_autoincrement": True}
    ):
        pass


def downgrade() -> None:
    """Downgrade schema."""
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table(
        "comments", recreate="always", table_kwargs={"sqlite_autoincrement": False}
    ):
        pass
