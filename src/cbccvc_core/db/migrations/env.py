"""Alembic environment: runs on the connection cbccvc_core hands it (see db/engine.py)."""

from __future__ import annotations

from alembic import context

from cbccvc_core.db.schema import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only through cbccvc_core.db.engine
    raise RuntimeError("run migrations through cbccvc_core.db.engine.upgrade()")

context.configure(
    connection=connection, target_metadata=Base.metadata, render_as_batch=True, compare_type=True
)
with context.begin_transaction():
    context.run_migrations()
