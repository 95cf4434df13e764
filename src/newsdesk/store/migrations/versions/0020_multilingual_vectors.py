"""multilingual vectors: a USE article vector and story centroid beside MiniLM's, and which
model made each kind of stored vector

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03

Articles and stories gain a second vector, comparable across languages, for pairs with a
language other than English on one side. `vector_models` names the model that made each
kind of stored vector, so a store embedded by another model says so instead of comparing
vectors of two spaces; a store upgraded from before has none recorded: its MiniLM vectors
are taken as they are and its missing multilingual ones made by `newsdesk recluster`.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0020"
down_revision: str | Sequence[str] | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column("articles", sa.Column("embedding_multilingual", sa.LargeBinary(), nullable=True))
    op.add_column("stories", sa.Column("centroid_multilingual", sa.LargeBinary(), nullable=True))
    op.create_table(
        "vector_models",
        sa.Column("kind", sa.String(40), primary_key=True),
        sa.Column("model", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("vector_models")
    op.drop_column("stories", "centroid_multilingual")
    op.drop_column("articles", "embedding_multilingual")
