"""The schema: made only by the Alembic migration, equal to the ORM mappings, on both databases."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from conftest_db import audit_count, raw_engine, snapshot

from cbccvc_core.db import schema as db
from cbccvc_core.db.engine import (
    SchemaOutOfDateError,
    _alembic_config,
    current_revision,
    head_revision,
    open_engine,
    upgrade,
)
from cbccvc_core.errors import CbccvcError
from cbccvc_core.service import Workspace, WorkspaceError

TABLES = {
    "workspace_meta",
    "units",
    "people",
    "dossiers",
    "revisions",
    "documents",
    "accounts",
    "grants",
    "delegations",
    "transfers",
    "events",
    "obligations",
    "audit_log",
    "audit_head",
    # signatures (issue 4)
    "approval_signatures",
    "trust_roots",
    "revocation_lists",
    "certificate_bindings",
    # restructuring (issue 5)
    "restructurings",
    "unit_names",
    "unit_lineage",
    # accounts (issue 5)
    "account_credentials",
    "account_holders",
    # access (issue 5)
    "encryption_keys",
    # national-sync outbox (issue 5)
    "sync_outbox",
}


def _diff(engine: sa.Engine) -> list[object]:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
        return list(compare_metadata(ctx, db.Base.metadata))


def test_the_migration_makes_exactly_the_orm_schema(workspace_url):
    engine = open_engine(workspace_url)
    upgrade(engine)
    assert _diff(engine) == []
    names = set(sa.inspect(engine).get_table_names())
    assert names == TABLES | {"alembic_version"}
    assert {t.name for t in db.Base.metadata.sorted_tables} == TABLES


def test_an_empty_database_differs_from_the_mappings(workspace_url):
    """The comparison itself can see a difference (it is not vacuously empty)."""
    engine = open_engine(workspace_url)
    added = [d for d in _diff(engine) if d[0] == "add_table"]
    assert {d[1].name for d in added} == TABLES


def test_the_audit_log_triggers_exist(workspace_url):
    engine = open_engine(workspace_url)
    upgrade(engine)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            triggers = set(
                conn.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"
                ).scalars()
            )
            assert triggers == {"audit_log_no_update", "audit_log_no_delete"}
        else:
            triggers = set(
                conn.exec_driver_sql(
                    "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass AND NOT tgisinternal"
                ).scalars()
            )
            assert triggers == {"audit_log_append_only"}
        head = conn.exec_driver_sql("SELECT id, seq, hash FROM audit_head").all()
    assert [tuple(r) for r in head] == [(1, 0, "0" * 64)]


def test_upgrade_is_idempotent(workspace_url):
    engine = open_engine(workspace_url)
    upgrade(engine)
    first = snapshot(engine)
    upgrade(engine)
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert snapshot(engine) == first
    assert _diff(engine) == []


def test_create_twice_is_idempotent(workspace_url):
    Workspace.create(
        workspace_url, "kontum", root=("KT", "UBND tỉnh Kon Tum"), admin="snv", on=date(2026, 1, 2)
    )
    engine = raw_engine(workspace_url)
    before = snapshot(engine)
    assert audit_count(engine) == 1
    again = Workspace.create(
        workspace_url, "kontum", root=("KT", "UBND tỉnh Kon Tum"), admin="snv", on=date(2026, 5, 5)
    )
    assert again.ruleset.code == "kontum"
    assert snapshot(engine) == before


def test_downgrade_to_base_and_up_again(workspace_url):
    engine = open_engine(workspace_url)
    upgrade(engine)
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert current_revision(engine) is None
    assert set(sa.inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert _diff(engine) == []


def test_open_an_unmigrated_database_is_a_typed_error(workspace_url):
    engine = open_engine(workspace_url)
    with engine.begin() as conn:  # a database that exists but was never migrated
        conn.exec_driver_sql("CREATE TABLE something_else (x INTEGER)")
    with pytest.raises(SchemaOutOfDateError) as info:
        Workspace.open(workspace_url)
    assert isinstance(info.value, CbccvcError)
    assert head_revision() in info.value.message("vi") and "cbccvc init" in info.value.message("vi")
    assert info.value.message("vi") != info.value.message("en")


def test_open_a_migrated_but_uninitialised_database_is_a_typed_error(workspace_url):
    upgrade(open_engine(workspace_url))
    with pytest.raises(WorkspaceError):
        Workspace.open(workspace_url)


def test_uninitialised_message_is_vietnamese(workspace_url):
    upgrade(open_engine(workspace_url))
    with pytest.raises(WorkspaceError) as info:
        Workspace.open(workspace_url)
    assert "not initialised" not in info.value.message("vi")


def test_open_with_another_province_is_refused(workspace_url):
    Workspace.create(
        workspace_url, "kontum", root=("KT", "UBND tỉnh Kon Tum"), admin="snv", on=date(2026, 1, 2)
    )
    assert Workspace.open(workspace_url).ruleset.code == "kontum"
    assert Workspace.open(workspace_url, province="kontum").ruleset.code == "kontum"
    with pytest.raises(WorkspaceError):
        Workspace.open(workspace_url, province="daklak")


def test_open_on_an_older_revision_asks_for_an_upgrade(workspace_url):
    """A database stamped with another revision than the library's head is refused, typed."""
    engine = open_engine(workspace_url)
    upgrade(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0000'")
    with pytest.raises(SchemaOutOfDateError) as info:
        Workspace.open(workspace_url)
    assert "0000" in info.value.message("en")
