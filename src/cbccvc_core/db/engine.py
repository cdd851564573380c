"""Engines, migrations and transactions.

``open_engine(url)`` gives an engine for a SQLite file (the default) or PostgreSQL
(``postgresql+psycopg://…``); ``upgrade(engine)`` brings the schema to the latest Alembic
revision, the only way the schema is created or changed; ``transaction(engine)`` is one unit
of work: everything in it commits together or nothing does.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib.resources import files
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker

from ..errors import CbccvcError
from ..i18n import N_


class DatabaseError(CbccvcError):
    template = N_("Database {url}: {detail}")


class SchemaOutOfDateError(CbccvcError):
    template = N_(
        "The database {url} is at schema revision {current}, the library needs {head}. "
        "Run: cbccvc init --db {url} (it upgrades through the migrations)."
    )


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(files("cbccvc_core.db").joinpath("migrations")))
    return cfg


@cache
def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def safe_url(url: str) -> str:
    """The URL for people: the password, if any, replaced by ``***``."""
    try:
        return make_url(normalise_url(url)).render_as_string(hide_password=True)
    except Exception:
        return "<unreadable database URL>"


def first_line(exc: BaseException) -> str:
    """A driver error's first line (psycopg adds hints on further lines)."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def sqlite_file(url: str) -> str | None:
    """The file of a SQLite URL (None for other databases and for in-memory SQLite)."""
    u = make_url(normalise_url(url))
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return u.database


def normalise_url(url: str) -> str:
    """``postgresql://`` → the psycopg 3 driver; a bare path → a SQLite file."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if "://" not in url:
        return f"sqlite:///{url}"
    return url


def open_engine(url: str, **kw: Any) -> Engine:
    """An engine for ``url``. SQLite gets foreign keys on, WAL, and ``BEGIN IMMEDIATE`` so a
    writer takes the lock at the start of its transaction (no upgrade deadlocks)."""
    url = normalise_url(url)
    try:
        if url.startswith("sqlite"):
            engine = create_engine(url, **kw)

            @event.listens_for(engine, "connect")
            def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
                dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
                cur = dbapi_conn.cursor()
                cur.execute("PRAGMA foreign_keys=ON")
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA busy_timeout=30000")
                cur.close()

            @event.listens_for(engine, "begin")
            def _sqlite_begin(conn: Any) -> None:
                conn.exec_driver_sql("BEGIN IMMEDIATE")

            return engine
        return create_engine(url, pool_pre_ping=True, **kw)
    except Exception as exc:  # a malformed URL or a missing driver
        raise DatabaseError(url=safe_url(url), detail=first_line(exc)) from None


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Create or upgrade the schema through the Alembic migrations."""
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def check_at_head(engine: Engine, url: str) -> None:
    current = current_revision(engine)
    if current != head_revision():
        raise SchemaOutOfDateError(url=safe_url(url), current=current or "—", head=head_revision())


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back everything on any exception."""
    session = factory()
    try:
        with session.begin():
            yield session
    finally:
        session.close()
