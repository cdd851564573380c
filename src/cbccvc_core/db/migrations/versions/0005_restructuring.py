"""unit restructuring and name history (issue 5)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "restructurings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("decision_ref", sa.String(length=200), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_restructurings_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_restructurings")),
    )
    op.create_table(
        "unit_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("restructuring_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["restructuring_id"],
            ["restructurings.id"],
            name=op.f("fk_unit_names_restructuring_id_restructurings"),
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_unit_names_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_names")),
    )
    op.create_index("ix_unit_names_unit_id_valid_from", "unit_names", ["unit_id", "valid_from"])
    op.create_table(
        "unit_lineage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("restructuring_id", sa.Integer(), nullable=False),
        sa.Column("predecessor_id", sa.String(length=40), nullable=False),
        sa.Column("successor_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("decision_ref", sa.String(length=200), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["predecessor_id"], ["units.id"], name=op.f("fk_unit_lineage_predecessor_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["restructuring_id"],
            ["restructurings.id"],
            name=op.f("fk_unit_lineage_restructuring_id_restructurings"),
        ),
        sa.ForeignKeyConstraint(
            ["successor_id"], ["units.id"], name=op.f("fk_unit_lineage_successor_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_lineage")),
    )
    op.create_index(op.f("ix_unit_lineage_predecessor_id"), "unit_lineage", ["predecessor_id"])
    op.create_index(op.f("ix_unit_lineage_successor_id"), "unit_lineage", ["successor_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_unit_lineage_successor_id"), table_name="unit_lineage")
    op.drop_index(op.f("ix_unit_lineage_predecessor_id"), table_name="unit_lineage")
    op.drop_table("unit_lineage")
    op.drop_index("ix_unit_names_unit_id_valid_from", table_name="unit_names")
    op.drop_table("unit_names")
    op.drop_table("restructurings")
