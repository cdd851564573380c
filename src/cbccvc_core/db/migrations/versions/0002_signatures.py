"""approval signatures, trust roots (issue 4)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "approval_signatures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("revision_number", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(length=40), nullable=False),
        sa.Column("signed_at", sa.String(length=20), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("certificate_sha256", sa.String(length=64), nullable=False),
        sa.Column("signer_subject", sa.String(length=400), nullable=False),
        sa.Column("cms", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_approval_signatures_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name=op.f("fk_approval_signatures_dossier_id_dossiers")
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"], ["revisions.id"], name=op.f("fk_approval_signatures_revision_id_revisions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_signatures")),
        sa.UniqueConstraint("revision_id", name=op.f("uq_approval_signatures_revision_id")),
    )
    with op.batch_alter_table("approval_signatures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_approval_signatures_dossier_id"), ["dossier_id"], unique=False)

    op.create_table(
        "trust_roots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=400), nullable=False),
        sa.Column("der", sa.LargeBinary(), nullable=False),
        sa.Column("added_on", sa.Date(), nullable=False),
        sa.Column("added_by", sa.Integer(), nullable=False),
        sa.Column("retired_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["added_by"], ["accounts.id"], name=op.f("fk_trust_roots_added_by_accounts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trust_roots")),
        sa.UniqueConstraint("sha256", name=op.f("uq_trust_roots_sha256")),
    )
    op.create_table(
        "revocation_lists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("issuer", sa.String(length=400), nullable=False),
        sa.Column("this_update", sa.String(length=20), nullable=False),
        sa.Column("der", sa.LargeBinary(), nullable=False),
        sa.Column("added_on", sa.Date(), nullable=False),
        sa.Column("added_by", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by"], ["accounts.id"], name=op.f("fk_revocation_lists_added_by_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revocation_lists")),
        sa.UniqueConstraint("sha256", name=op.f("uq_revocation_lists_sha256")),
    )
    op.create_table(
        "certificate_bindings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("certificate_sha256", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=400), nullable=False),
        sa.Column("document_ref", sa.String(length=200), nullable=False),
        sa.Column("bound_on", sa.Date(), nullable=False),
        sa.Column("bound_by", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_certificate_bindings_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["bound_by"], ["accounts.id"], name=op.f("fk_certificate_bindings_bound_by_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate_bindings")),
        sa.UniqueConstraint(
            "account_id",
            "certificate_sha256",
            name=op.f("uq_certificate_bindings_account_id_certificate_sha256"),
        ),
    )
    with op.batch_alter_table("certificate_bindings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_certificate_bindings_account_id"), ["account_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("certificate_bindings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certificate_bindings_account_id"))
    op.drop_table("certificate_bindings")
    op.drop_table("revocation_lists")
    op.drop_table("trust_roots")
    with op.batch_alter_table("approval_signatures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_approval_signatures_dossier_id"))
    op.drop_table("approval_signatures")
