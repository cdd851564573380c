"""national-sync outbox (issue 5)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25

Revisions approved before this migration are put in the outbox too, so that nothing approved
is left unsent.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=80), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("enqueued_at", sa.String(length=40), nullable=False),
        sa.Column("next_attempt_at", sa.String(length=40), nullable=False),
        sa.Column("lease_until", sa.String(length=40), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("delivered_at", sa.String(length=40), nullable=True),
        sa.Column("receipt", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name=op.f("fk_sync_outbox_dossier_id_dossiers")
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"], ["revisions.id"], name=op.f("fk_sync_outbox_revision_id_revisions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_outbox")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_sync_outbox_idempotency_key")),
    )
    with op.batch_alter_table("sync_outbox", schema=None) as batch_op:
        batch_op.create_index("ix_sync_outbox_state_next", ["state", "next_attempt_at"], unique=False)

    # Backfill: every revision already approved (same key as cbccvc_core.sync.idempotency_key).
    bind = op.get_bind()
    province = bind.execute(sa.text("SELECT value FROM workspace_meta WHERE key = 'province'")).scalar()
    if province is None:
        return
    now = datetime.now(UTC).isoformat(timespec="microseconds")
    revisions = sa.table(
        "revisions",
        sa.column("id", sa.Integer),
        sa.column("dossier_id", sa.Integer),
        sa.column("content_hash", sa.String),
        sa.column("decided_on", sa.Date),
        sa.column("state", sa.String),
    )
    rows = bind.execute(
        sa.select(revisions.c.id, revisions.c.dossier_id, revisions.c.content_hash, revisions.c.decided_on)
        .where(revisions.c.state == "approved")
        .order_by(revisions.c.id)
    ).all()
    outbox = sa.table(
        "sync_outbox",
        sa.column("idempotency_key", sa.String),
        sa.column("revision_id", sa.Integer),
        sa.column("dossier_id", sa.Integer),
        sa.column("content_hash", sa.String),
        sa.column("approved_on", sa.Date),
        sa.column("state", sa.String),
        sa.column("attempts", sa.Integer),
        sa.column("enqueued_at", sa.String),
        sa.column("next_attempt_at", sa.String),
    )
    if rows:
        op.bulk_insert(
            outbox,
            [
                {
                    "idempotency_key": f"{province}/{r.id}/{r.content_hash}",
                    "revision_id": r.id,
                    "dossier_id": r.dossier_id,
                    "content_hash": r.content_hash,
                    "approved_on": r.decided_on,
                    "state": "pending",
                    "attempts": 0,
                    "enqueued_at": now,
                    "next_attempt_at": now,
                }
                for r in rows
            ],
        )


def downgrade() -> None:
    with op.batch_alter_table("sync_outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_sync_outbox_state_next")
    op.drop_table("sync_outbox")
