"""account safety: disabled accounts, sign-in attempts

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01

An account can be disabled (it signs in to nothing, its sessions and tokens stop
working). Failed logins and registrations are counted per account name and per client
address, so that guessing passwords and mass registration are slowed to a stop.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "sign_in_attempts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_sign_in_attempts_lookup", "sign_in_attempts", ["kind", "key", "at"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("ix_sign_in_attempts_lookup", table_name="sign_in_attempts")
    op.drop_table("sign_in_attempts")
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("disabled_at")
