"""access grants, read audit, encrypted fields (issue 5)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25

``people.personal_id`` becomes an AES-GCM envelope (wider column, no longer unique: equal numbers
encrypt differently); ``people.personal_id_index`` (its keyed hash) carries the uniqueness.
Rows written before this revision hold their number in plain text and the index
``legacy:<id>``; ``Workspace.open`` seals them with the workspace's keys (one transaction).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "encryption_keys",
        sa.Column("key_id", sa.String(length=20), nullable=False),
        sa.Column("purpose", sa.String(length=10), nullable=False),
        sa.Column("check_value", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key_id", name=op.f("pk_encryption_keys")),
    )
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("personal_id_index", sa.String(length=64), nullable=True))
    op.execute("UPDATE people SET personal_id_index = 'legacy:' || CAST(id AS VARCHAR(20))")
    with op.batch_alter_table("people") as batch:
        batch.drop_constraint("uq_people_personal_id", type_="unique")
        batch.alter_column(
            "personal_id",
            existing_type=sa.String(length=12),
            type_=sa.String(length=200),
            existing_nullable=False,
        )
        batch.alter_column("personal_id_index", existing_type=sa.String(length=64), nullable=False)
        batch.create_unique_constraint(op.f("uq_people_personal_id_index"), ["personal_id_index"])


def downgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.drop_constraint("uq_people_personal_id_index", type_="unique")
        batch.drop_column("personal_id_index")
        batch.alter_column(
            "personal_id",
            existing_type=sa.String(length=200),
            type_=sa.String(length=12),
            existing_nullable=False,
        )
        batch.create_unique_constraint(op.f("uq_people_personal_id"), ["personal_id"])
    op.drop_table("encryption_keys")
