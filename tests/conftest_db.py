"""Database fixtures and helpers shared by the workspace tests (imported by ``tests/conftest.py``).

Every test that takes ``workspace_url`` runs twice: on a fresh SQLite file and on PostgreSQL.
The PostgreSQL half needs ``CBCCVC_TEST_PG_URL`` (e.g. ``postgresql://postgres@127.0.0.1:5432/test``)
and is skipped with the reason when it is unset. The database that URL names is never touched:
one database ``cbccvc_t_<random>`` is created per test session and dropped at its end, and each
test gets its own schema in it (``search_path`` in the URL), so a test never sees another's rows.

``backend`` is the parameter (override it with ``@pytest.mark.parametrize("backend", ["sqlite"])``);
``url_factory()`` makes more fresh databases within one test (e.g. one per Hypothesis example);
``module_url_factory`` does the same for worlds a whole module only reads. Every engine the library
opens meanwhile is disposed at the end (no pooled connections pile up across hundreds of tests).
On SQLite a province's world is built once per process and copied for each test.

Helpers (plain functions, ``from conftest_db import …`` in a test module):

- :func:`snapshot`: a digest of every table's rows, to show that a refused act changed nothing;
- :func:`audit_count`;
- :func:`person`, :func:`content`: valid person records and dossier contents;
- :func:`kontum_world` and friends: a province's unit tree and accounts, built through the API.
"""

from __future__ import annotations

import atexit
import hashlib
import itertools
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

import cbccvc_core.db.engine as db_engine
from cbccvc_core import crypto
from cbccvc_core.db import schema as db
from cbccvc_core.model.dossier import DossierContent, Identity
from cbccvc_core.model.people import PersonRecord
from cbccvc_core.service import Actor, Workspace

PG_ENV = "CBCCVC_TEST_PG_URL"

# Key files of server (PostgreSQL) workspaces go to a throw-away folder, not ~/.config/cbccvc.
if "CBCCVC_KEY_DIR" not in os.environ:
    os.environ["CBCCVC_KEY_DIR"] = tempfile.mkdtemp(prefix="cbccvc_keys_")
    atexit.register(shutil.rmtree, os.environ["CBCCVC_KEY_DIR"], True)
BACKENDS = ("sqlite", "postgresql")
PG_SKIP_REASON = (
    f"PostgreSQL half skipped: set {PG_ENV}=postgresql://user@host:port/db to run it "
    "(a throw-away database is created next to that one and dropped afterwards)"
)


def pg_base_url() -> str | None:
    return os.environ.get(PG_ENV) or None


def _with_database(url: str, name: str) -> str:
    head, _sep, tail = url.rpartition("/")
    query = ""
    if "?" in tail:
        query = "?" + tail.split("?", 1)[1]
    return f"{head}/{name}{query}"


def _pg_admin(url: str) -> sa.Engine:
    return sa.create_engine(db_engine.normalise_url(url), isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)


# -- session: one PostgreSQL database for the whole run --------------------------------------------


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str | None]:
    """The URL of a fresh PostgreSQL database for this session, or None when not configured."""
    base = pg_base_url()
    if base is None:
        yield None
        return
    name = "cbccvc_t_" + uuid.uuid4().hex[:12]
    admin = _pg_admin(base)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(base, name)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


# -- per test (or per module): fresh databases; every engine opened is disposed -----------------------

_schema_numbers = itertools.count(1)


@dataclass
class UrlFactory:
    """Makes fresh, empty databases of one backend: ``factory()`` → a URL."""

    backend: str
    _make: Callable[[], str]
    made: list[str] = field(default_factory=list)

    def __call__(self) -> str:
        url = self._make()
        self.made.append(url)
        return url


@contextmanager
def tracked_engines() -> Iterator[list[sa.Engine]]:
    """Records every engine the library creates meanwhile, and disposes them at the end."""
    engines: list[sa.Engine] = []
    real = db_engine.create_engine

    def tracking(*args: Any, **kw: Any) -> sa.Engine:
        engine = real(*args, **kw)
        engines.append(engine)
        return engine

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(db_engine, "create_engine", tracking)
        try:
            yield engines
        finally:
            for engine in engines:
                engine.dispose()


@contextmanager
def fresh_databases(
    backend: str, tmp_path_factory: pytest.TempPathFactory, pg_database: str | None
) -> Iterator[UrlFactory]:
    """A factory of fresh databases of ``backend``; PostgreSQL schemas are dropped at the end."""
    schemas: list[str] = []
    admin: sa.Engine | None = None
    if backend == "sqlite":
        base = tmp_path_factory.mktemp("ws")
        counter = itertools.count(1)

        def make() -> str:
            return str(base / f"ws{next(counter)}.db")

    elif backend == "postgresql":
        if pg_database is None:
            pytest.skip(PG_SKIP_REASON)
        admin = _pg_admin(pg_database)
        sep = "&" if "?" in pg_database else "?"

        def make() -> str:
            assert admin is not None and pg_database is not None
            schema = f"t{os.getpid()}_{next(_schema_numbers)}"
            with admin.connect() as conn:
                conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
            schemas.append(schema)
            return f"{pg_database}{sep}options=" + quote(f"-csearch_path={schema}", safe="")

    else:  # pragma: no cover
        raise ValueError(backend)
    with tracked_engines():
        yield UrlFactory(backend, make)
    if admin is not None:
        with admin.connect() as conn:
            for schema in schemas:
                conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """``sqlite`` or ``postgresql``; override with ``@pytest.mark.parametrize("backend", [...])``."""
    return str(request.param)


@pytest.fixture
def url_factory(
    backend: str, tmp_path_factory: pytest.TempPathFactory, pg_database: str | None
) -> Iterator[UrlFactory]:
    """Fresh databases for one test (``url_factory()`` → a new URL each call)."""
    with fresh_databases(backend, tmp_path_factory, pg_database) as factory:
        yield factory


@pytest.fixture
def workspace_url(url_factory: UrlFactory) -> str:
    """A fresh, empty database: a SQLite file path or a PostgreSQL URL (with its own schema)."""
    return url_factory()


@pytest.fixture(scope="module", params=BACKENDS)
def module_url_factory(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, pg_database: str | None
) -> Iterator[UrlFactory]:
    """Like ``url_factory``, shared by a module's tests (for worlds that tests only read)."""
    with fresh_databases(str(request.param), tmp_path_factory, pg_database) as factory:
        yield factory


# -- reading the database behind the library's back ---------------------------------------------------


def raw_engine(url: str) -> sa.Engine:
    """A plain engine on the workspace's database (tracked like the library's own). When the
    workspace's key file exists, the engine reads the encrypted columns decrypted, as the
    library does; plain SQL (``exec_driver_sql``) always sees what is stored."""
    engine = db_engine.open_engine(url)
    keys = crypto.key_file_for(url)
    if os.path.exists(keys):
        crypto.register(engine, crypto.KeyRing.load(keys))
    return engine


def snapshot(engine: sa.Engine) -> dict[str, str]:
    """Table → SHA-256 of all its rows in primary-key order (every table of the schema, plus
    ``alembic_version``)."""
    out: dict[str, str] = {}
    with engine.connect() as conn:
        for table in db.Base.metadata.sorted_tables:
            pk = list(table.primary_key.columns)
            rows = conn.execute(sa.select(table).order_by(*pk)).all()
            out[table.name] = hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()
        version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
        out["alembic_version"] = repr(version)
    return out


def audit_count(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(db.AuditEntry)).scalar_one())


def rows(engine: sa.Engine, model: Any, *where: Any) -> list[Any]:
    """ORM rows of ``model`` (detached), for assertions."""
    with Session(engine) as s:
        return list(s.execute(sa.select(model).where(*where)).scalars())


# -- people and contents --------------------------------------------------------------------------------

_serial = itertools.count(1)


def person(
    category: str = "cong_chuc",
    *,
    birth: date = date(1990, 5, 1),
    gender: str = "male",
    province: str = "062",
    name: str = "Nguyễn Văn An",
    serial: int | None = None,
) -> PersonRecord:
    """A valid person: the number's digit 4 and 5-6 agree with ``birth`` and ``gender``."""
    century = (birth.year // 100 - 19) * 2 + (1 if gender == "female" else 0)
    n = next(_serial) if serial is None else serial
    pid = f"{province}{century}{birth.year % 100:02d}{n:06d}"
    return PersonRecord(personal_id=pid, full_name=name, birth_date=birth, gender=gender, category=category)


def content(p: PersonRecord, **identity: Any) -> DossierContent:
    fields: dict[str, Any] = {
        "full_name": p.full_name,
        "gender": str(p.gender),
        "birth_date": p.birth_date,
        "personal_id": p.personal_id,
    }
    fields.update(identity)
    return DossierContent(identity=Identity(**fields))


# -- worlds: a province's units and accounts, built through the API --------------------------------------

SETUP_DAY = date(2026, 1, 2)


@dataclass
class World:
    ws: Workspace
    url: str
    accounts: dict[str, Actor] = field(default_factory=dict)

    def __getitem__(self, username: str) -> Actor:
        if username not in self.accounts:
            self.accounts[username] = self.ws.as_account(username)
        return self.accounts[username]


_TEMPLATES: dict[str, str] = {}
"""Province → a SQLite file holding its world, built once per process and copied for each test
(a copy is a fresh database and costs a millisecond; building costs ~20 transactions)."""


def _build(
    url: str,
    province: str,
    root: tuple[str, str],
    units: list[tuple[str, str, str, str]],
    accounts: list[tuple[str, str, str, str | None]],
) -> World:
    if "://" in url:
        return _build_fresh(url, province, root, units, accounts)
    template = _TEMPLATES.get(province)
    if template is None:
        folder = tempfile.mkdtemp(prefix="cbccvc_tmpl_")
        atexit.register(shutil.rmtree, folder, True)
        template = os.path.join(folder, f"{province}.db")
        world = _build_fresh(template, province, root, units, accounts)
        world.ws.engine.dispose()  # the last connection closed: SQLite folds the WAL back in
        _TEMPLATES[province] = template
    shutil.copyfile(template, url)
    if os.path.exists(template + "-wal"):
        shutil.copyfile(template + "-wal", url + "-wal")
    shutil.copy2(template + ".keys", url + ".keys")  # the encryption keys beside the file (mode 0600)
    return World(Workspace.open(url), url)


def _build_fresh(
    url: str,
    province: str,
    root: tuple[str, str],
    units: list[tuple[str, str, str, str]],
    accounts: list[tuple[str, str, str, str | None]],
) -> World:
    ws = Workspace.create(url, province, root=root, admin="admin", on=SETUP_DAY)
    world = World(ws, url)
    admin = world["admin"]
    for unit_id, parent, kind, name in units:
        admin.add_unit(unit_id, parent=parent, kind=kind, name=name, on=SETUP_DAY)
    for username, kind, unit, role in accounts:
        admin.issue_account(username, kind=kind, unit=unit, role=role, on=SETUP_DAY)
    return world


def kontum_world(url: str) -> World:
    """Kon Tum: Sở Nội vụ; Sở Y tế with two of its own sections (phòng) and two public service
    units under it; huyện Đắk Tô with two communes."""
    return _build(
        url,
        "kontum",
        ("KT", "UBND tỉnh Kon Tum"),
        [
            ("KT.SNV", "KT", "department", "Sở Nội vụ"),
            ("KT.SYT", "KT", "department", "Sở Y tế"),
            ("KT.SYT.P1", "KT.SYT", "sub_department", "Phòng Tổ chức cán bộ"),
            ("KT.SYT.P2", "KT.SYT", "sub_department", "Phòng Nghiệp vụ Y"),
            ("KT.SYT.BV", "KT.SYT", "public_service_unit", "Bệnh viện Đa khoa tỉnh"),
            ("KT.SYT.TT", "KT.SYT", "public_service_unit", "Trung tâm Kiểm soát bệnh tật"),
            ("KT.DT", "KT", "district", "UBND huyện Đắk Tô"),
            ("KT.DT.X1", "KT.DT", "commune", "UBND xã Diên Bình"),
            ("KT.DT.X2", "KT.DT", "commune", "UBND xã Tân Cảnh"),
        ],
        [
            ("syt.unit", "agency", "KT.SYT", None),
            ("syt.head", "agency", "KT.SYT", "unit_head"),
            ("syt.deputy", "agency", "KT.SYT", "deputy_head"),
            ("bv.unit", "agency", "KT.SYT.BV", None),
            ("dt.unit", "agency", "KT.DT", None),
            ("dt.chair", "agency", "KT.DT", "district_chairman"),
            ("dt.vice", "agency", "KT.DT", "district_vice_chairman"),
            ("x1.unit", "agency", "KT.DT.X1", None),
            ("x1.head", "agency", "KT.DT.X1", "unit_head"),
        ],
    )


def dongnai_world(url: str) -> World:
    """Đồng Nai: Sở Y tế, huyện Trảng Bom with two communes."""
    return _build(
        url,
        "dongnai",
        ("DN", "UBND tỉnh Đồng Nai"),
        [
            ("DN.SYT", "DN", "department", "Sở Y tế"),
            ("DN.TB", "DN", "district", "UBND huyện Trảng Bom"),
            ("DN.TB.X1", "DN.TB", "commune", "UBND xã Bắc Sơn"),
            ("DN.TB.X2", "DN.TB", "commune", "UBND xã Hố Nai 3"),
        ],
        [
            ("syt.unit", "agency", "DN.SYT", None),
            ("syt.deputy", "agency", "DN.SYT", "deputy_head"),
            ("tb.unit", "agency", "DN.TB", None),
            ("x2.unit", "agency", "DN.TB.X2", None),
        ],
    )


def daklak_world(url: str) -> World:
    """Đắk Lắk: Sở Giáo dục with a school, huyện Krông Pắc."""
    return _build(
        url,
        "daklak",
        ("DL", "UBND tỉnh Đắk Lắk"),
        [
            ("DL.SGD", "DL", "department", "Sở Giáo dục và Đào tạo"),
            ("DL.SGD.THPT", "DL.SGD", "public_service_unit", "Trường THPT Buôn Ma Thuột"),
            ("DL.KP", "DL", "district", "UBND huyện Krông Pắc"),
            ("DL.KP.X1", "DL.KP", "commune", "UBND xã Ea Phê"),
        ],
        [
            ("sgd.unit", "agency", "DL.SGD", None),
            ("kp.unit", "agency", "DL.KP", None),
            ("x1.unit", "agency", "DL.KP.X1", None),
        ],
    )


def tuyenquang_world(url: str) -> World:
    return _build(
        url,
        "tuyenquang",
        ("TQ", "UBND tỉnh Tuyên Quang"),
        [
            ("TQ.SNV", "TQ", "department", "Sở Nội vụ"),
            ("TQ.SNV.P1", "TQ.SNV", "sub_department", "Phòng Công chức, viên chức"),
        ],
        [
            ("snv.unit", "agency", "TQ.SNV", None),
            ("snv.head", "agency", "TQ.SNV", "unit_head"),
            ("p1.unit", "agency", "TQ.SNV.P1", None),
        ],
    )


def quangnam_world(url: str) -> World:
    return _build(
        url,
        "quangnam",
        ("QN", "UBND tỉnh Quảng Nam"),
        [
            ("QN.SYT", "QN", "department", "Sở Y tế"),
            ("QN.DL", "QN", "district", "UBND thị xã Điện Bàn"),
            ("QN.DL.X1", "QN.DL", "commune", "UBND phường Điện An"),
            ("QN.HCT", "QN", "association", "Hội Chữ thập đỏ tỉnh"),
        ],
        [
            ("syt.head", "agency", "QN.SYT", "unit_head"),
            ("dl.unit", "agency", "QN.DL", None),
            ("dl.chair", "agency", "QN.DL", "district_chairman"),
            ("x1.unit", "agency", "QN.DL.X1", None),
            ("x1.head", "agency", "QN.DL.X1", "unit_head"),
            ("hct.head", "agency", "QN.HCT", "unit_head"),
        ],
    )
