"""Backups (sao lưu): the province's policy as a schedule, the backups themselves, retention,
and the authorised, audited restore.

**Schedule.** :func:`due_backups` reads the plugin's :class:`~cbccvc_core.rules.types.BackupPolicy`
(the rules that ``cbccvc backups`` prints) and the backups already in the folder, and says what is
due today: Kon Tum once a month (Điều 12.1); Đắk Lắk every day (Điều 11.4) and every agency on
the 1st of the month (Điều 11.5); a province whose text says only "định kỳ" (periodic, no
interval) on a *configured* default frequency, marked as such (the text gives none).

**Backups.** A full backup of a SQLite database is made with SQLite's online backup API
(``sqlite3.Connection.backup``) from the engine's own connection, a PostgreSQL one with
``pg_dump --format=custom`` of the workspace's schema. An agency's backup (Đắk Lắk 11.5, "để
đảm bảo công tác báo cáo") is an extract of that agency's subtree (units, people, dossiers,
revisions, documents' digests) as gzipped canonical JSON: it serves reports, it is not restored.
Every file is written to a temporary name, fsynced, renamed, and described by a manifest
(``<file>.manifest.json``, written the same way, last) with its SHA-256, size, the schema
revision and the audit chain's head at the time. A file without a manifest is incomplete.

**Retention.** :func:`prunable`: a backup whose rule keeps backups ``keep_months`` (Kon Tum: "tối
thiểu ba tháng") is removed only when it is older than that *and* is not the latest backup of
one of the ``keep_months`` most recent months that have one, so pruning never leaves fewer
than the last three monthly backups. Without a retention in the text nothing is pruned unless a
default is configured.

**Restore.** :func:`restore` needs the reference of the document that authorises it (Đắk Lắk
11.4: backups are used "chỉ … khi có văn bản của cấp có thẩm quyền"; the library asks for it in
every province), checks the checksum before touching anything, replaces the SQLite file
atomically (or ``pg_restore --clean --if-exists --single-transaction``), upgrades an older schema
to head, and appends a ``restore`` entry to the restored audit chain with the authorisation and
the backup's checksum. The application must be stopped while a database is restored.
"""

from __future__ import annotations

import calendar as _calendar
import gzip
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
from sqlalchemy import Engine, NullPool, make_url, select, text
from sqlalchemy.exc import SQLAlchemyError

from . import audit
from .db import schema as db
from .db.engine import (
    current_revision,
    head_revision,
    normalise_url,
    open_engine,
    safe_url,
    sqlite_file,
    transaction,
    upgrade,
)
from .errors import CbccvcError
from .i18n import N_
from .registry import Registry, default_registry
from .rules.types import BackupKind, Frequency, RuleSet
from .sync import fsync_dir, write_atomically

if TYPE_CHECKING:
    from .service import Workspace

FORMAT = "cbccvc-backup/1"
MANIFEST_SUFFIX = ".manifest.json"
FULL_KINDS = (BackupKind.DATABASE.value, BackupKind.DATA_CENTER.value)
"""Kinds served by a backup of the whole database."""

# -- typed errors ---------------------------------------------------------------------------------------


class BackupError(CbccvcError):
    template = N_("Backup: {detail}")


class RestoreNotAuthorisedError(BackupError):
    template = N_(
        "Restoring a backup needs the reference of the written document of the competent authority "
        "that allows it (--authorization), {basis}. Nothing was restored."
    )


class BackupChecksumError(BackupError):
    template = N_(
        "The backup {file} is damaged or was altered: {why}. It must not be used; nothing was restored."
    )


class BackupManifestError(BackupError):
    template = N_("{file} is not a usable cbccvc backup: {why}.")


class BackupMismatchError(BackupError):
    template = N_("The backup {file} cannot be restored into {url}: {why}. Nothing was restored.")


class BackupToolError(BackupError):
    template = N_("{tool} failed: {detail}")


# -- manifests ------------------------------------------------------------------------------------------


def _strings(values: Iterable[Any]) -> tuple[str, ...]:
    return tuple(str(v) for v in values)


@attrs.frozen
class BackupRecord:
    """One backup, as its manifest describes it."""

    file: str
    """The backup's file name, in the same folder as the manifest."""
    province: str
    kind: str
    covers: tuple[str, ...] = attrs.field(converter=_strings)
    """The policy kinds this backup satisfies (one full backup serves ``database`` and
    ``data_center`` on the same day)."""
    unit: str | None
    backend: str
    """``sqlite`` or ``postgresql`` (a full backup), ``extract`` (an agency's data)."""
    taken_on: date
    """The business day the backup counts for."""
    taken_at: str
    sha256: str
    size: int
    schema_revision: str | None
    audit_seq: int | None
    audit_hash: str | None
    basis: str
    pg_schema: str | None = None
    format: str = FORMAT

    def to_json(self) -> dict[str, Any]:
        out = attrs.asdict(self)
        out["taken_on"] = self.taken_on.isoformat()
        out["covers"] = list(self.covers)
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BackupRecord:
        data = dict(data)
        data["taken_on"] = date.fromisoformat(data["taken_on"])
        return cls(**data)


def manifest_path(backup_file: Path) -> Path:
    return backup_file.with_name(backup_file.name + MANIFEST_SUFFIX)


def read_manifest(backup_file: str | os.PathLike[str]) -> BackupRecord:
    """The manifest of ``backup_file`` (the backup itself, or its manifest)."""
    path = Path(backup_file)
    if path.name.endswith(MANIFEST_SUFFIX):
        path = path.with_name(path.name[: -len(MANIFEST_SUFFIX)])
    man = manifest_path(path)
    if not man.exists():
        raise BackupManifestError(
            file=str(path), why=N_("it has no manifest (an incomplete or foreign file)")
        )
    try:
        data = json.loads(man.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(data.get("format"))
        record = BackupRecord.from_json(data)
    except (ValueError, TypeError, KeyError, AttributeError):
        raise BackupManifestError(file=str(path), why=N_("its manifest cannot be read")) from None
    if record.file != path.name:
        raise BackupManifestError(file=str(path), why=N_("its manifest describes another file"))
    return record


def list_backups(folder: str | os.PathLike[str]) -> list[BackupRecord]:
    """Every backup whose manifest can be read, oldest first."""
    root = Path(folder)
    if not root.is_dir():
        return []
    out = []
    for man in root.glob("*" + MANIFEST_SUFFIX):
        try:
            out.append(read_manifest(man))
        except BackupManifestError:
            continue
    return sorted(out, key=lambda r: (r.taken_at, r.file))


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def check_file(folder: Path, record: BackupRecord) -> None:
    """Raise :class:`BackupChecksumError` unless the file is there with its recorded digest."""
    path = folder / record.file
    if not path.exists():
        raise BackupChecksumError(file=str(path), why=N_("the file is missing"))
    actual = file_sha256(path)
    if actual != record.sha256 or path.stat().st_size != record.size:
        raise BackupChecksumError(
            file=str(path),
            why=N_("its SHA-256 is {actual}, its manifest says {expected}"),
            actual=actual,
            expected=record.sha256,
        )


@attrs.frozen
class VerifyRow:
    file: str
    ok: bool
    error: CbccvcError | None = attrs.field(default=None, eq=False)
    """What is wrong (``error.message()`` in the user's language), or None."""

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "ok": self.ok, "problem": self.error.message("en") if self.error else None}


def verify_folder(folder: str | os.PathLike[str]) -> list[VerifyRow]:
    """Every backup and stray file of the folder: checksum good, altered, missing, incomplete."""
    root = Path(folder)
    if not root.is_dir():
        raise BackupManifestError(file=str(root), why=N_("no such folder"))
    rows: list[VerifyRow] = []
    described: set[str] = set()
    for man in sorted(root.glob("*" + MANIFEST_SUFFIX)):
        name = man.name[: -len(MANIFEST_SUFFIX)]
        described.add(name)
        try:
            record = read_manifest(man)
            check_file(root, record)
        except BackupError as exc:
            rows.append(VerifyRow(name, False, exc))
        else:
            rows.append(VerifyRow(name, True))
    for path in sorted(root.iterdir()):
        if (
            path.is_file()
            and not path.name.endswith(MANIFEST_SUFFIX)
            and not path.name.startswith(".")
            and path.name not in described
        ):
            why = N_("it has no manifest (an incomplete or foreign file)")
            rows.append(VerifyRow(path.name, False, BackupManifestError(file=path.name, why=why)))
    return rows


# -- the schedule -----------------------------------------------------------------------------------------


@attrs.frozen
class DueBackup:
    """A backup the policy asks for that the folder does not hold yet."""

    kind: str
    unit: str | None
    """For an agency's backup, the agency (None: every agency)."""
    since: date
    """A backup taken on or after this day (and not after today) satisfies it."""
    due: date
    """The day the text names (or the month's last day when it names none)."""
    late: bool
    by: str
    basis: str
    configured: bool = False
    """The text gives no interval: the frequency is the configured default."""

    def to_json(self) -> dict[str, Any]:
        out = attrs.asdict(self)
        out["since"], out["due"] = self.since.isoformat(), self.due.isoformat()
        return out


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, on the month's last day when it has fewer days."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = _calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _slot(frequency: Frequency, day_of_month: int | None, today: date) -> tuple[date, date, bool]:
    """(since, due, late) of the backup period ``today`` falls in."""
    if frequency is Frequency.DAILY:
        return today, today, False
    if day_of_month is not None:
        named = today.replace(day=day_of_month)
        if named > today:
            named = add_months(today.replace(day=1), -1).replace(day=day_of_month)
        return named, named, today > named
    first = today.replace(day=1)
    last = today.replace(day=_calendar.monthrange(today.year, today.month)[1])
    return first, last, False


def due_backups(
    ruleset: RuleSet,
    today: date,
    existing: Iterable[BackupRecord],
    *,
    agencies: Sequence[str] = (),
    default_frequency: Frequency | str | None = Frequency.MONTHLY,
) -> list[DueBackup]:
    """The backups due on ``today`` under the province's policy, given those already taken.

    Daily rules: one backup dated today. Monthly on a named day: one dated on or after the last
    such day (late after it). Monthly with no day named: one in the current month. A periodic
    rule with no interval in the text follows ``default_frequency`` (None: not scheduled).
    Agencies' backups are due for each of ``agencies`` (one entry for every agency when empty).
    """
    records = [r for r in existing if r.province == ruleset.code and r.taken_on <= today]
    default = Frequency(default_frequency) if default_frequency is not None else None
    if default is not None and default not in (Frequency.DAILY, Frequency.MONTHLY):
        raise BackupError(detail=N_("the default frequency is daily or monthly"))
    out: list[DueBackup] = []
    seen: set[tuple[str, str | None]] = set()
    for rule in ruleset.backup.backups if ruleset.backup else ():
        frequency, configured = rule.frequency, False
        if frequency is Frequency.PERIODIC:
            if default is None:
                continue
            frequency, configured = default, True
        since, due, late = _slot(frequency, rule.day_of_month, today)
        kind = rule.kind.value
        units: Sequence[str | None] = (list(agencies) or [None]) if rule.kind is BackupKind.AGENCY else [None]
        for unit in units:
            if (kind, unit) in seen:
                continue
            done = any(kind in r.covers and r.unit == unit and since <= r.taken_on <= today for r in records)
            if not done:
                seen.add((kind, unit))
                out.append(DueBackup(kind, unit, since, due, late, rule.by, rule.source.basis, configured))
    return out


def prunable(
    ruleset: RuleSet,
    records: Iterable[BackupRecord],
    today: date,
    *,
    default_keep_months: int | None = None,
) -> list[BackupRecord]:
    """The backups the retention rule allows to remove on ``today``.

    A backup is kept while it is younger than ``keep_months`` of its rule, and the latest
    backup of each of the ``keep_months`` most recent months that have one is kept whatever
    its age: pruning never leaves fewer than that many monthly backups."""
    keep_by_kind: dict[str, int | None] = {}
    for rule in ruleset.backup.backups if ruleset.backup else ():
        keep = rule.keep_months or default_keep_months
        old = keep_by_kind.get(rule.kind.value)
        keep_by_kind[rule.kind.value] = max(keep, old) if keep and old else (keep or old)
    groups: dict[tuple[str, str | None], list[BackupRecord]] = {}
    for r in records:
        if r.province == ruleset.code:
            groups.setdefault((r.kind, r.unit), []).append(r)
    out: list[BackupRecord] = []
    for group in groups.values():
        keeps = [k for r in group for c in r.covers if (k := keep_by_kind.get(c)) is not None]
        if not keeps:
            continue
        keep = max(keeps)
        newest = sorted(group, key=lambda r: (r.taken_on, r.taken_at), reverse=True)
        floor: dict[tuple[int, int], BackupRecord] = {}
        for r in newest:
            month = (r.taken_on.year, r.taken_on.month)
            if month not in floor and len(floor) < keep:
                floor[month] = r
        kept = {r.file for r in floor.values()}
        out += [r for r in newest if r.file not in kept and today > add_months(r.taken_on, keep)]
    return sorted(out, key=lambda r: (r.taken_at, r.file))


# -- taking backups -----------------------------------------------------------------------------------------


def _backend(url: str) -> str:
    return make_url(normalise_url(url)).get_backend_name()


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A libpq URI for the client tools (no password in it) and the environment with it."""
    u = make_url(normalise_url(url)).set(drivername="postgresql")
    env = dict(os.environ)
    if u.password is not None:
        env["PGPASSWORD"] = str(u.password)
        u = u.set(password=None)
    return u.render_as_string(hide_password=False), env


def _run(tool: str, args: list[str], env: dict[str, str] | None = None) -> str:
    exe = shutil.which(tool)
    if exe is None:
        raise BackupToolError(tool=tool, detail=N_("not installed (PostgreSQL client tools)"))
    proc = subprocess.run([exe, *args], capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        raise BackupToolError(tool=tool, detail=detail[0] if detail else f"exit {proc.returncode}")
    return proc.stdout


def _audit_head(engine: Engine) -> tuple[int | None, str | None]:
    with engine.connect() as conn:
        row = conn.execute(select(db.AuditHead.seq, db.AuditHead.hash).where(db.AuditHead.id == 1)).first()
    return (int(row[0]), str(row[1])) if row else (None, None)


def _name(province: str, kind: str, unit: str | None, stamp: datetime, ext: str) -> str:
    unit_part = "-" + "".join(c if c.isalnum() or c in "._" else "_" for c in unit) if unit else ""
    return f"cbccvc-{province}-{kind}{unit_part}-{stamp:%Y%m%dT%H%M%S%fZ}{ext}"


def _finish(tmp: Path, final: Path) -> tuple[str, int]:
    with open(tmp, "rb+") as f:
        os.fsync(f.fileno())
    digest, size = file_sha256(tmp), tmp.stat().st_size
    os.replace(tmp, final)
    fsync_dir(final.parent)
    return digest, size


def _sqlite_copy(engine: Engine, tmp: Path) -> None:
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        target = sqlite3.connect(tmp)
        try:
            source.backup(target)
            # A single self-contained file: the copy leaves WAL mode (the engine sets it again).
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    finally:
        raw.close()


def _pg_schema(engine: Engine) -> str | None:
    """The schema tables are made in (None when no schema of the search path exists)."""
    with engine.connect() as conn:
        name = conn.execute(text("SELECT current_schema()")).scalar_one()
    return None if name is None else str(name)


def _extract(url: str, unit_id: str) -> bytes:
    """An agency's data: its subtree's units and dossiers, their people, revisions and the
    digests of their documents, as gzipped canonical JSON. Read through an engine without the
    workspace's key ring, so the sensitive fields stay encrypted as stored (:mod:`cbccvc_core.crypto`)."""

    engine = open_engine(url, poolclass=NullPool)
    try:
        return _extract_with(engine, unit_id)
    finally:
        engine.dispose()


def _extract_with(engine: Engine, unit_id: str) -> bytes:
    from sqlalchemy.orm import Session

    with Session(engine) as s:
        unit = s.get(db.Unit, unit_id)
        if unit is None:
            raise BackupError(detail=N_("no unit {unit}"), unit=unit_id)
        path = unit.path
        units = s.execute(select(db.Unit).where(db.Unit.path.startswith(path)).order_by(db.Unit.id)).scalars()
        dossiers = list(
            s.execute(
                select(db.Dossier).where(db.Dossier.unit_path.startswith(path)).order_by(db.Dossier.id)
            ).scalars()
        )
        ids = [d.id for d in dossiers]
        people = s.execute(
            select(db.Person).where(db.Person.id.in_([d.person_id for d in dossiers])).order_by(db.Person.id)
        ).scalars()
        revisions = s.execute(
            select(db.Revision).where(db.Revision.dossier_id.in_(ids)).order_by(db.Revision.id)
        ).scalars()
        documents = s.execute(
            select(db.Document).where(db.Document.dossier_id.in_(ids)).order_by(db.Document.id)
        ).scalars()
        head = s.get(db.AuditHead, 1)
        body = {
            "format": "cbccvc-agency-extract/1",
            "unit": unit_id,
            "audit_head": {"seq": head.seq, "hash": head.hash} if head else None,
            "units": [audit.row_state(u) for u in units],
            "people": [audit.row_state(p) for p in people],
            "dossiers": [audit.row_state(d) for d in dossiers],
            "revisions": [audit.row_state(r) for r in revisions],
            "documents": [
                {k: v for k, v in audit.row_state(doc).items() if k != "data"} for doc in documents
            ],
        }
    return gzip.compress(audit.canonical(body), mtime=0)


def take_backup(
    ws: Workspace,
    folder: str | os.PathLike[str],
    *,
    on: date,
    kind: str = BackupKind.DATABASE.value,
    covers: Sequence[str] | None = None,
    unit: str | None = None,
    now: datetime | None = None,
) -> BackupRecord:
    """Take one backup now into ``folder``: the whole database (kinds ``database`` and
    ``data_center``) or one agency's extract (kind ``agency`` with ``unit``)."""
    BackupKind(kind)
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    province = ws.ruleset.code
    rules = [r for r in ws.ruleset.backup.backups if r.kind.value == kind] if ws.ruleset.backup else []
    basis = rules[0].source.basis if rules else ""
    schema_rev = current_revision(ws.engine)
    pg_schema: str | None = None
    if kind == BackupKind.AGENCY.value:
        if unit is None:
            raise BackupError(detail=N_("an agency's backup names its unit"))
        backend, ext = "extract", ".json.gz"
    else:
        backend = ws.engine.dialect.name
        ext = ".sqlite3" if backend == "sqlite" else ".pgdump"
        unit = None
    final = root / _name(province, kind, unit, stamp, ext)
    tmp = root / f".{final.name}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        if backend == "extract":
            assert unit is not None
            data = _extract(ws.url, unit)
            tmp.write_bytes(data)
            seq, digest_head = _extract_head(data)
        elif backend == "sqlite":
            _sqlite_copy(ws.engine, tmp)
            seq, digest_head = _sqlite_head(tmp)
        else:
            seq, digest_head = _audit_head(ws.engine)  # at least this much is in the dump
            pg_schema = _pg_schema(ws.engine) or "public"
            uri, env = _libpq(ws.url)
            _run(
                "pg_dump",
                [
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--schema={pg_schema}",
                    f"--file={tmp}",
                    f"--dbname={uri}",
                ],
                env,
            )
        digest, size = _finish(tmp, final)
    finally:
        if tmp.exists():
            tmp.unlink()
    record = BackupRecord(
        file=final.name,
        province=province,
        kind=kind,
        covers=tuple(covers) if covers else (kind,),
        unit=unit,
        backend=backend,
        taken_on=on,
        taken_at=stamp.isoformat(timespec="microseconds"),
        sha256=digest,
        size=size,
        schema_revision=schema_rev,
        audit_seq=seq,
        audit_hash=digest_head,
        basis=basis,
        pg_schema=pg_schema,
    )
    write_atomically(
        manifest_path(final),
        json.dumps(record.to_json(), ensure_ascii=False, indent=2, sort_keys=True).encode(),
    )
    return record


def _extract_head(data: bytes) -> tuple[int | None, str | None]:
    head = json.loads(gzip.decompress(data))["audit_head"]
    return (head["seq"], head["hash"]) if head else (None, None)


def _sqlite_head(path: Path) -> tuple[int | None, str | None]:
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
    except sqlite3.DatabaseError:
        return None, None
    finally:
        conn.close()
    return (int(row[0]), str(row[1])) if row else (None, None)


def agency_units(ws: Workspace) -> list[str]:
    """The agencies and units that back up their own data (Đắk Lắk 11.5 "các cơ quan, đơn
    vị"): every active unit, other than the province's root, that holds an active agency
    account."""
    with ws.session() as s:
        rows = s.execute(
            select(db.Unit.id)
            .join(db.Account, db.Account.unit_id == db.Unit.id)
            .where(
                db.Unit.active.is_(True),
                db.Unit.parent_id.is_not(None),
                db.Account.kind == "agency",
                db.Account.state == "active",
            )
            .distinct()
            .order_by(db.Unit.id)
        ).scalars()
        return list(rows)


@attrs.frozen
class RunResult:
    due: tuple[DueBackup, ...]
    taken: tuple[BackupRecord, ...]
    pruned: tuple[BackupRecord, ...]


def prune(
    ruleset: RuleSet,
    folder: str | os.PathLike[str],
    today: date,
    *,
    default_keep_months: int | None = None,
) -> list[BackupRecord]:
    """Remove the backups :func:`prunable` allows (manifest first, then the file)."""
    root = Path(folder)
    gone = prunable(ruleset, list_backups(root), today, default_keep_months=default_keep_months)
    for r in gone:
        manifest_path(root / r.file).unlink(missing_ok=True)
        (root / r.file).unlink(missing_ok=True)
    if gone:
        fsync_dir(root)
    return gone


def run_due(
    ws: Workspace,
    folder: str | os.PathLike[str],
    *,
    today: date,
    default_frequency: Frequency | str | None = Frequency.MONTHLY,
    default_keep_months: int | None = None,
    force: bool = False,
    now: datetime | None = None,
    do_prune: bool = True,
) -> RunResult:
    """Take every backup due on ``today`` (one full backup serves every full kind due), then
    prune what the retention rule allows. ``force`` takes a full backup even if none is due."""
    root = Path(folder)
    due = due_backups(
        ws.ruleset,
        today,
        list_backups(root),
        agencies=agency_units(ws),
        default_frequency=default_frequency,
    )
    taken: list[BackupRecord] = []
    full = sorted({d.kind for d in due if d.kind in FULL_KINDS})
    if full or force:
        kinds = sorted(full, key=lambda k: k != BackupKind.DATABASE.value) or [BackupKind.DATABASE.value]
        taken.append(take_backup(ws, root, on=today, kind=kinds[0], covers=kinds, now=now))
    for d in due:
        if d.kind == BackupKind.AGENCY.value:
            for unit in [d.unit] if d.unit else agency_units(ws):
                taken.append(take_backup(ws, root, on=today, kind=d.kind, unit=unit, now=now))
    pruned = prune(ws.ruleset, root, today, default_keep_months=default_keep_months) if do_prune else []
    return RunResult(tuple(due), tuple(taken), tuple(pruned))


# -- restoring ----------------------------------------------------------------------------------------------


@attrs.frozen
class RestoreResult:
    record: BackupRecord
    previous_audit_seq: int | None
    """The audit chain's length in the database that was replaced (None: unreadable)."""
    migrated_from: str | None
    """The schema revision of the backup when it had to be upgraded to head."""
    audit_seq: int
    """The ``restore`` entry's sequence number in the restored chain."""


def _restore_basis(ruleset: RuleSet | None) -> str:
    if ruleset is not None and ruleset.backup is not None and ruleset.backup.restore is not None:
        c = ruleset.backup.restore.source
        return f"{c.basis}: “{c.quote}”"
    return N_("every restore is an authorised, audited act")


def _peek(url: str) -> tuple[str | None, int | None]:
    """Province and audit length of the database at ``url``, or Nones when unreadable."""
    path = sqlite_file(url)
    if path is not None and not os.path.exists(path):
        return None, None
    try:
        engine = open_engine(url, poolclass=NullPool)
    except CbccvcError:
        return None, None
    try:
        with engine.connect() as conn:
            province = conn.execute(select(db.Meta.value).where(db.Meta.key == "province")).scalar()
            seq = conn.execute(select(db.AuditHead.seq).where(db.AuditHead.id == 1)).scalar()
        return (str(province) if province else None), (int(seq) if seq is not None else None)
    except (SQLAlchemyError, sqlite3.Error):
        return None, None
    finally:
        engine.dispose()


def restore(
    url: str,
    backup_file: str | os.PathLike[str],
    *,
    authorization: str,
    by: str = "restore",
    registry: Registry | None = None,
) -> RestoreResult:
    """Replace the database at ``url`` with a full backup, on the authority of the document
    ``authorization`` names; checks everything before touching the database."""
    path = Path(backup_file)
    if path.name.endswith(MANIFEST_SUFFIX):
        path = path.with_name(path.name[: -len(MANIFEST_SUFFIX)])
    record = read_manifest(path)
    reg = registry or default_registry()
    try:
        ruleset: RuleSet | None = reg.get(record.province)
    except CbccvcError:
        ruleset = None
    if not authorization.strip():
        raise RestoreNotAuthorisedError(basis=_restore_basis(ruleset))
    if len(by) > 40 or not by.strip():
        raise BackupError(detail=N_("the name of who restores must be 1 to 40 characters"))
    check_file(path.parent, record)
    shown = safe_url(url)
    if record.kind not in FULL_KINDS:
        raise BackupMismatchError(
            file=str(path),
            url=shown,
            why=N_("it is an agency's extract for reports; only a database backup can be restored"),
        )
    backend = _backend(url)
    if backend != record.backend:
        raise BackupMismatchError(
            file=str(path),
            url=shown,
            why=N_("it is a {backup} backup and the target is {target}"),
            backup=record.backend,
            target=backend,
        )
    province, previous_seq = _peek(url)
    if province is not None and province != record.province:
        raise BackupMismatchError(
            file=str(path),
            url=shown,
            why=N_("the backup is of province {backup}, the database of {target}"),
            backup=record.province,
            target=province,
        )
    if backend == "sqlite":
        _restore_sqlite(url, path, record)
    else:
        _restore_pg(url, path, record)
    engine = open_engine(url)
    try:
        migrated_from = None
        current = current_revision(engine)
        if current != head_revision():
            migrated_from = current
            upgrade(engine)
        from sqlalchemy.orm import sessionmaker

        with transaction(sessionmaker(engine)) as s:
            account = s.execute(select(db.Account).where(db.Account.username == by)).scalar_one_or_none()
            entry = audit.append(
                s,
                account_id=account.id if account else None,
                username=by,
                action="restore",
                entity=N_("workspace"),
                entity_id=record.province,
                before=None if previous_seq is None else {"audit_seq": previous_seq},
                after={"audit_seq": record.audit_seq, "audit_hash": record.audit_hash},
                detail={
                    "authorization": authorization.strip(),
                    "backup": record.file,
                    "sha256": record.sha256,
                    "taken_at": record.taken_at,
                    "taken_on": record.taken_on,
                    "schema_revision": record.schema_revision,
                    "migrated_from": migrated_from,
                    "replaced_audit_seq": previous_seq,
                },
            )
            seq = entry.seq
    finally:
        engine.dispose()
    return RestoreResult(record, previous_seq, migrated_from, seq)


def _restore_sqlite(url: str, path: Path, record: BackupRecord) -> None:
    target_name = sqlite_file(url)
    if target_name is None:
        raise BackupMismatchError(file=str(path), url=safe_url(url), why=N_("not a database file"))
    target = Path(target_name)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.restore-{uuid.uuid4().hex[:8]}.tmp")
    try:
        shutil.copyfile(path, tmp)
        if file_sha256(tmp) != record.sha256:  # the copy is what was checked
            raise BackupChecksumError(file=str(path), why=N_("it changed while being read"))
        conn = sqlite3.connect(tmp)
        try:
            ok = conn.execute("PRAGMA integrity_check").fetchone()
        except sqlite3.DatabaseError as exc:
            ok = (str(exc),)
        finally:
            conn.close()
        if not ok or ok[0] != "ok":
            raise BackupChecksumError(file=str(path), why=N_("SQLite's integrity check fails"))
        if _sqlite_head(tmp) != (record.audit_seq, record.audit_hash):
            raise BackupChecksumError(
                file=str(path), why=N_("its audit chain does not end where its manifest says")
            )
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        # The replaced database's write-ahead log would be replayed into the restored file.
        for suffix in ("-wal", "-shm", "-journal"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        os.replace(tmp, target)
        fsync_dir(target.parent)
    finally:
        tmp.unlink(missing_ok=True)


def _restore_pg(url: str, path: Path, record: BackupRecord) -> None:
    engine = open_engine(url, poolclass=NullPool)
    try:
        # A dropped schema is made again under the backup's name (the search path names it).
        schema = _pg_schema(engine) or record.pg_schema or "public"
        if record.pg_schema and schema != record.pg_schema:
            raise BackupMismatchError(
                file=str(path),
                url=safe_url(url),
                why=N_("the backup holds schema {backup}, the target uses {target}"),
                backup=record.pg_schema,
                target=schema,
            )
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    except SQLAlchemyError as exc:
        raise BackupMismatchError(file=str(path), url=safe_url(url), why=str(exc).splitlines()[0]) from None
    finally:
        engine.dispose()
    uri, env = _libpq(url)
    toc = _run("pg_restore", ["--list", str(path)], env)
    # The schema exists (made above): restore what is in it, not the schema itself.
    keep = [line for line in toc.splitlines() if " SCHEMA - " not in line]
    with tempfile.NamedTemporaryFile("w", suffix=".list", delete=False) as f:
        f.write("\n".join(keep) + "\n")
        listing = f.name
    try:
        _run(
            "pg_restore",
            [
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--use-list={listing}",
                f"--dbname={uri}",
                str(path),
            ],
            env,
        )
    finally:
        os.unlink(listing)
