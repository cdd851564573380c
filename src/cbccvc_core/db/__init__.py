"""Persistence: SQLAlchemy 2.0 typed mappings, Alembic migrations, one transaction per operation."""
