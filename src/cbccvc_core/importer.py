"""Bulk import of units and staff (cán bộ, công chức, viên chức, người lao động) from CSV.

::

    from cbccvc_core.importer import import_staff, import_units

    report = import_units(ws, "units.csv")
    report = import_staff(ws, "staff.csv", mode="skip_bad_rows")
    for r in report.rejected:
        print(r.row, r.column, r.message())

The file is read as a stream (the ``csv`` module over a UTF-8 decoder, with or without a BOM)
and written in batches of :data:`BATCH_SIZE` rows (``COPY`` on PostgreSQL, the driver's
``executemany`` on SQLite); ids are taken in one statement per batch (``max(id)`` under SQLite's write lock, ``nextval`` of the
sequence on PostgreSQL). What stays in memory for the whole file: the units (a province has a
few thousand), the personal identification numbers already seen with their row (duplicates
inside the file), and the report of rejected rows.

Modes:

- ``all_or_nothing`` (default): one transaction for the whole file; if any row is bad it is rolled
  back and nothing is written, and the report lists every bad row.
- ``skip_bad_rows``: each batch of good rows is its own transaction; bad rows are reported.

Imported staff are existing staff: a person, a dossier (review ``entering``, employment
``active``) and its revision 1, and one audit entry per person; no recruitment event and no
obligation. docs/import.md gives the formats and the reasons for these choices.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import os
import unicodedata
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal, cast

import attrs
from sqlalchemy import Table, select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from . import audit
from .audit import GENESIS
from .crypto import DEFAULT_SENSITIVE, PERSONAL_ID_PATH, KeyRing, engine_ring, seal_content
from .db import schema as db
from .errors import CbccvcError, InvalidDateError, VocabularyError
from .i18n import N_, _
from .model.dossier import (
    Contract,
    ContractKind,
    ContractWorkerContent,
    DossierContent,
    Employer,
    Identity,
    InvalidCoefficientError,
    Job,
    Salary,
    WorkerIdentity,
    WorkKind,
    canonical_bytes,
    to_coefficient,
    unstructure_content,
)
from .model.people import (
    CENTURY_GENDER_CODES,
    PROVINCE_CODES,
    BirthYearMismatchError,
    GenderMismatchError,
    InvalidFullNameError,
    InvalidPersonalIdError,
    check_full_name,
    check_personal_id,
)
from .vocabulary import PERSON_CATEGORIES

if TYPE_CHECKING:
    from .service import Actor, Workspace

BATCH_SIZE = 5000
"""Rows per batch written (and per transaction in ``skip_bad_rows`` mode). Measured on 100,000
rows: 5,000 costs less than 1,000 on SQLite (fewer statements), the same on PostgreSQL."""
_MEMO = 100_000
"""At most this many checked names (and coefficients) are remembered."""
_SQLITE_CACHE = -65536
"""SQLite page cache of an import's transaction: 64 MiB (a negative cache_size is in KiB)."""

Mode = Literal["all_or_nothing", "skip_bad_rows"]
Kind = Literal["units", "staff"]
Progress = Callable[[int, int | None], None]
"""Called after each batch with (bytes read so far, size of the file or None)."""

UNIT_COLUMNS = ("id", "parent_id", "kind", "name")
STAFF_REQUIRED = (
    "personal_id",
    "full_name",
    "birth_date",
    "gender",
    "category",
    "unit_id",
    "recruited_on",
)
IDENTITY_COLUMNS = ("birthplace", "hometown")
"""Sơ yếu lý lịch mục 4 (nơi sinh) and 5 (quê quán)."""
ETHNICITY_COLUMNS = ("ethnicity", "religion")
"""Mục 6-7."""
SALARY_COLUMNS = ("rank_code", "grade", "coefficient", "salary_effective_date")
"""Mục 30.1: mã số ngạch, bậc, hệ số, ngày hưởng (all four together)."""
CONTRACT_COLUMNS = ("work_kind", "contract_kind", "contract_end", "job_position")
"""Người lao động only (Phụ lục II TT 05/2023): loại công việc, loại hợp đồng, đến ngày, vị trí việc làm."""
STAFF_OPTIONAL = IDENTITY_COLUMNS + ETHNICITY_COLUMNS + SALARY_COLUMNS + CONTRACT_COLUMNS

GENDERS = {"male": "male", "female": "female", "nam": "male", "nữ": "female"}
"""Accepted spellings (case-insensitive, NFC) of giới tính and the stored value."""

_TABLES: Mapping[str, Table] = db.Base.metadata.tables
_WORK_KINDS = tuple(k.value for k in WorkKind)
_CONTRACT_KINDS = tuple(k.value for k in ContractKind)

_UNIT_KINDS_IMPORTED: tuple[str, ...] = (
    "department",
    "sub_department",
    "district",
    "commune",
    "public_service_unit",
    "association",
)

# -- errors that stop the whole import -------------------------------------------------------------


class ImportFileError(CbccvcError):
    """A file that cannot be read as an import file at all (nothing is written)."""

    template = N_("{file}: cannot import it: {detail}")


class ImportHeaderError(ImportFileError):
    template = N_("{file}: the header is not that of a {kind} file ({problem}). The columns are: {expected}.")


class ImportKindError(ImportFileError):
    template = N_(
        "{file}: its header ({header}) is neither that of a units file ({units}) nor that of a "
        "staff file ({staff}); check the header or give --kind units or --kind staff."
    )


class ImportEncodingError(ImportFileError):
    template = N_("{file} is not UTF-8 text (near byte {offset}); save it as CSV UTF-8.")


class ImportSyntaxError(ImportFileError):
    template = N_("{file}, row {row}: not valid CSV ({detail}).")


KIND_LABELS = {"units": N_("units"), "staff": N_("staff")}

# -- the report ------------------------------------------------------------------------------------


class Msg(str):
    """A field value that is itself a message id: translated when the reason is shown."""

    __slots__ = ()


@attrs.frozen(slots=True)
class Rejection:
    """Why one row (or one value of it) was refused."""

    row: int
    """Row number as a spreadsheet shows it: the header is row 1, the first data row row 2."""
    column: str | None
    """The column at fault, or None for the row as a whole."""
    reason: str
    """An English message id with ``{fields}``."""
    fields: Mapping[str, Any] = attrs.field(factory=dict)

    def message(self, lang: str | None = None) -> str:
        """The reason in ``lang`` (default: the current language)."""
        values = {k: (_(v, lang) if isinstance(v, Msg) else v) for k, v in self.fields.items()}
        return _(self.reason, lang).format(**values)

    def to_json(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "reason": self.reason,
            "fields": {k: str(v) if isinstance(v, Msg) else v for k, v in self.fields.items()},
            "message": self.message(lang),
        }


@attrs.define
class ImportReport:
    """What an import did: rows read, accepted, written, and every rejected row with why."""

    kind: Kind
    mode: Mode
    rows: int = 0
    """Data rows read (blank rows are skipped and not counted)."""
    accepted: int = 0
    """Rows that passed every check."""
    written: int = 0
    """Rows written to the database (0 when an all-or-nothing import had a bad row)."""
    rejected: list[Rejection] = attrs.field(factory=list)
    """Every problem found, by row then column (a row may have several)."""
    sha256: str | None = None
    """SHA-256 of the file's bytes (None for a text stream)."""
    import_id: str = ""
    """Names the import in the audit log (``entity_id`` of its summary entry)."""

    @property
    def rejected_rows(self) -> list[int]:
        """The numbers of the rejected rows, in order."""
        return sorted({r.row for r in self.rejected})

    @property
    def ok(self) -> bool:
        return not self.rejected

    def to_json(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "mode": self.mode,
            "rows": self.rows,
            "accepted": self.accepted,
            "written": self.written,
            "rejected_rows": len(self.rejected_rows),
            "sha256": self.sha256,
            "import_id": self.import_id,
            "rejected": [r.to_json(lang) for r in self.rejected],
        }


# -- reading the file as a stream ------------------------------------------------------------------


class _Counted(io.RawIOBase):
    """Bytes of the file, counted (progress) and hashed (the audit entry of the import)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self.count = 0
        self.sha = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        self.sha.update(data)
        return n


class _Source:
    """An opened import file: its name, text stream, and byte counter."""

    def __init__(self, source: str | os.PathLike[str] | IO[bytes] | IO[str]) -> None:
        self.counter: _Counted | None = None
        self.total: int | None = None
        self._owned: IO[bytes] | None = None
        if isinstance(source, str | os.PathLike):
            path = Path(source)
            self.name = str(path)
            try:
                raw: IO[bytes] = path.open("rb")
            except OSError as exc:
                raise ImportFileError(file=self.name, detail=exc.strerror or str(exc)) from None
            self._owned = raw
            self.total = os.fstat(raw.fileno()).st_size
        else:
            self.name = str(getattr(source, "name", "<stream>"))
            if isinstance(source, io.TextIOBase):
                self.text: IO[str] = cast(IO[str], source)
                return
            raw = cast(IO[bytes], source)
        self.counter = _Counted(raw)
        self.text = io.TextIOWrapper(
            io.BufferedReader(self.counter, 1 << 16), encoding="utf-8-sig", newline=""
        )

    @property
    def position(self) -> int:
        return self.counter.count if self.counter is not None else 0

    @property
    def sha256(self) -> str | None:
        return self.counter.sha.hexdigest() if self.counter is not None else None

    def _offset(self, exc: UnicodeDecodeError) -> int:
        """The file offset of the undecodable byte: the decoder was given the last chunk read."""
        return max(0, self.position - len(exc.object) + exc.start)

    def close(self) -> None:
        if self._owned is not None:
            self._owned.close()

    def records(self) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
        """The header (normalised) and the data rows with their spreadsheet row numbers."""
        try:
            first = self.text.readline()
        except UnicodeDecodeError as exc:
            raise ImportEncodingError(file=self.name, offset=self._offset(exc)) from None
        first = first.removeprefix("\ufeff")  # a text stream keeps its BOM
        # Excel writes ";" where the list separator is ";": take it when the header has no ",".
        delimiter = ";" if ";" in first and "," not in first else ","
        # Text is NFC-normalised line by line (as the model normalises each value: no character
        # composes across a line break), before the values are split.
        lines = (line if line.isascii() else unicodedata.normalize("NFC", line) for line in self.text)
        reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter, strict=True)
        try:
            header = next(reader, None)
        except csv.Error as exc:
            raise ImportSyntaxError(file=self.name, row=1, detail=str(exc)) from None
        if not header:
            raise ImportKindError(
                file=self.name, header="—", units=", ".join(UNIT_COLUMNS), staff=", ".join(STAFF_REQUIRED)
            )
        names = [unicodedata.normalize("NFC", h).strip().lower() for h in header]
        return names, self._rows(reader)

    def _rows(self, reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
        row = 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError as exc:
                raise ImportEncodingError(file=self.name, offset=self._offset(exc)) from None
            except csv.Error as exc:
                raise ImportSyntaxError(file=self.name, row=row + 1, detail=str(exc)) from None
            row += 1
            if not cells or not (cells[0].strip() or any(c.strip() for c in cells)):
                continue  # a blank line, or one of empty values only
            yield row, cells


def _check_header(name: str, header: Sequence[str], kind: Kind) -> dict[str, int]:
    """Column positions, or :class:`ImportHeaderError` naming what is missing or unknown."""
    required = UNIT_COLUMNS if kind == "units" else STAFF_REQUIRED
    allowed = set(required) | (set(STAFF_OPTIONAL) if kind == "staff" else set())
    expected = ", ".join(required) + (" [" + ", ".join(STAFF_OPTIONAL) + "]" if kind == "staff" else "")
    seen: dict[str, int] = {}
    for i, col in enumerate(header):
        if col in seen:
            raise ImportHeaderError(
                file=name,
                kind=Msg(KIND_LABELS[kind]),
                problem=Msg(N_("column {column} appears twice")),
                column=col,
                expected=expected,
            )
        seen[col] = i
    missing = [c for c in required if c not in seen]
    unknown = [c or '""' for c in header if c not in allowed]
    if missing or unknown:
        problem = (
            N_("missing columns: {missing}; unknown columns: {unknown}")
            if missing and unknown
            else N_("missing columns: {missing}")
            if missing
            else N_("unknown columns: {unknown}")
        )
        raise ImportHeaderError(
            file=name,
            kind=Msg(KIND_LABELS[kind]),
            problem=Msg(problem),
            missing=", ".join(missing),
            unknown=", ".join(unknown),
            expected=expected,
        )
    return seen


def detect_kind(header: Sequence[str]) -> Kind | None:
    """``staff`` if the header names a personal_id column, ``units`` if it names parent_id."""
    if "personal_id" in header:
        return "staff"
    if "parent_id" in header:
        return "units"
    return None


# -- values ----------------------------------------------------------------------------------------


def _iso_date(value: str) -> date | None:
    """A YYYY-MM-DD date, or None (impossible dates like 2023-02-30 included). The dashes are
    checked first: ``date.fromisoformat`` also reads 2026-W01-1 and 20260101 (it takes only ASCII
    digits)."""
    if len(value) != 10 or value[4] != "-" or value[7] != "-":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _canonical(value: Any) -> str:
    """RFC 8785 JSON of plain data whose object keys are ASCII and which holds no float: then
    Python's sorted, compact ``json.dumps`` writes exactly the bytes of
    :func:`cbccvc_core.model.dossier.canonical_bytes` and of :func:`cbccvc_core.audit.canonical`
    (every :class:`_Shape` checks it on its template when made)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


_text = json.encoder.encode_basestring
"""JSON text of a str, as ``json.dumps(ensure_ascii=False)`` writes it."""


def _scalar(value: str | int | None) -> str:
    """JSON text of a str, an int or None."""
    if value is None:
        return "null"
    return _text(value) if isinstance(value, str) else str(value)


class _Shape:
    """The canonical JSON of an object some of whose fields each row fills in.

    Made once from a template object: the text between the open fields ("holes") is written
    once, into a printf-style format with one ``%s`` per hole, so a row's JSON is one ``%`` of the
    JSON texts of its own values instead of a sorted ``json.dumps`` of the whole form. ``holes``
    must be given in the order they appear (sorted keys); the shape checks that, and that it
    renders its template exactly as ``reference`` does.
    """

    def __init__(
        self,
        template: Mapping[str, Any],
        holes: Sequence[str],
        reference: Callable[[Any], bytes] = canonical_bytes,
    ) -> None:
        self.pieces: list[tuple[str, str]] = []
        piece = "{"
        for i, key in enumerate(sorted(template)):
            piece += ("," if i else "") + _canonical(key) + ":"
            if key in holes:
                self.pieces.append((piece, key))
                piece = ""
            else:
                piece += _canonical(template[key])
        self.last = piece + "}"
        self.holes = tuple(key for _piece, key in self.pieces)
        if self.holes != tuple(holes):
            raise AssertionError(f"holes {tuple(holes)} are not those of the template in order {self.holes}")
        self.format = self.partial({})
        if self.fill(*(_canonical(template[k]) for k in holes)) != reference(dict(template)).decode():
            raise AssertionError("a shape renders its template otherwise than the canonical JSON")

    def fill(self, *texts: str) -> str:
        """The object's JSON, given the JSON text of each hole, in the order of ``holes``."""
        return self.format % texts

    def partial(self, fixed: Mapping[str, str]) -> str:
        """The format with the holes of ``fixed`` (JSON texts) written in: a ``%s`` is left for
        each other hole, in order."""
        out = []
        for piece, key in self.pieces:
            out.append(piece.replace("%", "%%"))
            out.append(fixed[key].replace("%", "%%") if key in fixed else "%s")
        return "".join(out) + self.last.replace("%", "%%")


def _sha(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


class _Templates:
    """Shapes of the forms and of the audited rows, made once from the model and audit module."""

    def __init__(self) -> None:
        day = date(2000, 1, 1)
        cbccvc = unstructure_content(
            DossierContent(
                identity=Identity(full_name="A", gender="male", birth_date=day, personal_id="001200000000"),
                salary=Salary(rank_code="01.003", grade=1, coefficient="2.34", effective_date=day),
            )
        )
        self.cbccvc = _Shape({**cbccvc, "salary": None}, ("ethnicity_religion", "identity", "salary"))
        self.identity = _Shape(
            cbccvc["identity"], ("birth_date", "birthplace", "full_name", "gender", "hometown", "personal_id")
        )
        self.ethnicity_religion = _Shape(cbccvc["ethnicity_religion"], ("ethnicity", "religion"))
        self.salary = _Shape(cbccvc["salary"], ("coefficient", "effective_date", "grade", "rank_code"))
        worker = unstructure_content(
            ContractWorkerContent(
                employer=Employer(unit="A"),
                identity=WorkerIdentity(
                    full_name="A", gender="male", birth_date=day, personal_id="001200000000"
                ),
                contract=Contract(work_kind="support_service", kind="indefinite", start=day),
                job=Job(job_position="A"),
            )
        )
        self.worker = _Shape(worker, ("contract", "employer", "identity", "job", "pay"))
        self.employer = _Shape(worker["employer"], ("unit",))
        self.worker_identity = _Shape(
            worker["identity"], ("birth_date", "birthplace", "full_name", "gender", "personal_id")
        )
        self.contract = _Shape(worker["contract"], ("end", "kind", "start", "work_kind"))
        self.job = _Shape(worker["job"], ("job_position",))
        self.pay = _Shape(worker["pay"], ("coefficient", "grade", "rank_code"))
        # The audited rows: every column but version (audit.row_state), hashed by audit.state_hash.
        self.person = _Shape(dict.fromkeys(_PERSON_COLUMNS, ""), sorted(_PERSON_COLUMNS), audit.canonical)
        dossier_holes = ("id", "person_id", "recruited_on", "unit_id", "unit_path")
        dossier = {
            **dict.fromkeys(dossier_holes, ""),
            "review": "entering",
            "employment": "active",
            "exit_reason": None,
            "current_revision": 1,
            "approved_revision": None,
        }
        if set(dossier) != set(_DOSSIER_STATE):
            raise AssertionError("the dossier shape does not have the dossier's audited columns")
        self.dossier = _Shape(dossier, dossier_holes, audit.canonical)
        detail_holes = ("content_hash", "import", "person", "row")
        self.detail = _Shape(
            {**dict.fromkeys(detail_holes, ""), "revision": 1}, detail_holes, audit.canonical
        )
        self.link = _Shape(dict.fromkeys(_LINK_FIELDS), sorted(_LINK_FIELDS), audit.canonical)
        # The chain's link hash is sha256(prev_hash || canonical entry body): check it once.
        probe = _Link(
            at="2000-01-01T00:00:00.000000+00:00", account_id=1, username="a", seq=2, detail={"a": 1}
        )
        texts = {key: _scalar(getattr(probe, key)) for key in _LINK_FIELDS if key != "detail"}
        body = self.link.fill(*({**texts, "detail": '{"a":1}'}[key] for key in self.link.holes))
        mine = hashlib.sha256((GENESIS + body).encode()).hexdigest()
        if mine != audit.link_hash(GENESIS, cast(db.AuditEntry, probe)):
            raise AssertionError("the audit entry body is not what audit.link_hash hashes")


_templates: _Templates | None = None


def _forms() -> _Templates:
    global _templates
    if _templates is None:
        _templates = _Templates()
    return _templates


@attrs.define(slots=True)
class _Person:
    """A staff row that passed the checks, waiting for its batch to be written."""

    row: int
    pid: str
    full_name: str
    birth: str
    """Dates as the file writes them: YYYY-MM-DD, which is their ISO form."""
    gender: str
    category: str
    unit_id: str
    unit_path: str
    unit_name: str
    recruited: str
    extra: dict[str, str]
    """Optional columns with a value (text, normalised)."""


@attrs.define(slots=True)
class _UnitRow:
    row: int
    id: str
    parent_id: str
    kind: str
    name: str
    path: str


# -- the import ------------------------------------------------------------------------------------


class _Importer:
    def __init__(
        self,
        ws: Workspace,
        kind: Kind,
        *,
        as_account: str | Actor | None,
        mode: Mode,
        progress: Progress | None,
        as_of: date | None,
        batch_size: int,
    ) -> None:
        if mode not in ("all_or_nothing", "skip_bad_rows"):
            raise ValueError(f"mode must be all_or_nothing or skip_bad_rows, not {mode!r}")
        self.ws = ws
        self.kind: Kind = kind
        self.mode: Mode = mode
        self.progress = progress
        self.as_of = as_of or date.today()
        self.batch_size = max(1, batch_size)
        self.sessions = sessionmaker(ws.engine, expire_on_commit=False)
        self.actor = _actor(ws, as_account)
        self.report = ImportReport(kind=kind, mode=mode, import_id=uuid.uuid4().hex[:24])
        self.dialect = ws.engine.dialect.name
        self.ring: KeyRing = engine_ring(ws.engine)
        self._fast_seal = set(self.ring.fields) <= set(DEFAULT_SENSITIVE)
        """Of the sensitive fields, the importer's content holds only the personal ID."""
        self._next_id: dict[str, int] = {}
        self._sequences: dict[str, str] = {}
        self._rights: dict[tuple[str, str], bool] = {}
        self._failed = False
        """All-or-nothing: a bad row was seen, so no more rows are written (the rest is only checked)."""
        self.sess: Session | None = None
        """The import's session (all or nothing), for the checks; None in skip mode."""
        self._good_names: set[str] = set()
        """Full names check_full_name accepted (the same names come back again and again)."""
        self._coefficients: dict[str, str] = {}
        self._good_ranks: set[str] = set()
        self._may_update: dict[str, bool] = {}
        """Unit id -> the update right over it (staff rows)."""
        self._unit_texts: dict[str, tuple[str, str]] = {}
        """Unit id -> JSON texts of its id and path."""
        """Coefficients as written -> as the model writes them (to_coefficient)."""

    # -- plumbing
    def reject(self, row: int, column: str | None, reason: str, /, **fields: Any) -> None:
        self.report.rejected.append(Rejection(row, column, reason, fields))
        if self.mode == "all_or_nothing":
            self._failed = True

    def reject_error(self, row: int, column: str, exc: CbccvcError) -> None:
        self.reject(row, column, exc.template, **exc.fields)

    def has_right(self, right: str, path: str) -> bool:
        """The rule of :meth:`cbccvc_core.service._Work.has_right`, once per unit path: in the
        import's transaction (all or nothing) or a short one between batches (skip mode)."""
        key = (right, path)
        if key not in self._rights:
            from .service import _Work

            if self.sess is not None:
                self._rights[key] = _Work(self.actor, self.sess, N_("import")).has_right(
                    right, path, self.as_of
                )
            else:
                with self._transaction() as s:
                    self._rights[key] = _Work(self.actor, s, N_("import")).has_right(right, path, self.as_of)
        return self._rights[key]

    def _update_right(self, unit_id: str, path: str) -> bool:
        self._may_update[unit_id] = allowed = self.has_right("update", path)
        return allowed

    def take_ids(self, s: Session, table: str, n: int) -> list[int]:
        """``n`` fresh ids for ``table`` in one statement: ``nextval`` of its sequence on
        PostgreSQL (safe beside other writers); on SQLite ``max(id)`` once per transaction (the
        transaction holds the database's write lock from its start, BEGIN IMMEDIATE)."""
        if self.dialect == "postgresql":
            sequence = self._sequences.get(table)
            if sequence is None:
                sequence = s.execute(
                    text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table}
                ).scalar_one()
                self._sequences[table] = sequence
            ids = s.execute(
                text("SELECT array(SELECT nextval(CAST(:seq AS regclass)) FROM generate_series(1, :n))"),
                {"seq": sequence, "n": n},
            ).scalar_one()
            return list(ids)
        if table not in self._next_id:
            self._next_id[table] = (s.execute(text(f"SELECT max(id) FROM {table}")).scalar() or 0) + 1
        first = self._next_id[table]
        self._next_id[table] = first + n
        return list(range(first, first + n))

    def _lock_head(self, s: Session) -> tuple[int, str]:
        head = s.execute(select(db.AuditHead).where(db.AuditHead.id == 1).with_for_update()).scalar_one()
        return head.seq, head.hash

    def _chain(self, s: Session) -> tuple[int, str, str, str]:
        """The head of the audit chain, locked (``seq``, ``hash``); the time of the batch's entries;
        and the entry body's format with the batch's constants written in, which leaves, in the
        order of the body's sorted keys: action, after_hash, detail, entity, entity_id, seq. The
        body and its link hash are those of :func:`cbccvc_core.audit.append` (checked when the
        shape is made)."""
        seq, prev = self._lock_head(s)
        at = datetime.now(UTC).isoformat(timespec="microseconds")
        body = _forms().link.partial(
            {
                "account_id": str(self.actor.account_id),
                "at": _text(at),
                "before_hash": "null",
                "username": _text(self.actor.username),
            }
        )
        return seq, prev, at, body

    def _chain_end(self, s: Session, rows: list[tuple[Any, ...]]) -> None:
        """Write the batch's entries and move the head to the last one."""
        self._insert(s, "audit_log", _AUDIT_COLUMNS, rows)
        last = rows[-1]
        s.execute(
            update(_TABLES["audit_head"]).where(db.AuditHead.id == 1).values(seq=last[0], hash=last[-1])
        )

    def _audit_rows(self, s: Session, entries: Sequence[tuple[str, str, str, str | None, str]]) -> None:
        """Append ``(action, entity, entity_id, after_hash, detail as canonical JSON)`` entries."""
        seq, prev, at, body = self._chain(s)
        account, username = self.actor.account_id, self.actor.username
        rows: list[tuple[Any, ...]] = []
        for action, entity, entity_id, after_hash, detail in entries:
            seq += 1
            text = body % (_text(action), _scalar(after_hash), detail, _text(entity), _text(entity_id), seq)
            link = hashlib.sha256((prev + text).encode()).hexdigest()
            rows.append(
                (seq, at, account, username, action, entity, entity_id, None, after_hash, detail, prev, link)
            )
            prev = link
        self._chain_end(s, rows)

    def _insert(
        self, s: Session, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
    ) -> None:
        """Insert ``rows`` (tuples in the order of ``columns``, dates as ISO text, JSON as its
        text) in the import's transaction: ``COPY … FROM STDIN`` on PostgreSQL, the driver's
        ``executemany`` on SQLite. Both store exactly what the ORM would."""
        if not rows:
            return
        names = ", ".join(columns)
        conn = s.connection()
        if self.dialect == "postgresql":
            cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
            try:
                with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            except Exception as exc:  # the driver's own error: COPY does not go through SQLAlchemy
                from .service import WorkspaceError

                raise WorkspaceError(
                    url=self.ws.url, detail=f"the database refused the import ({exc})"
                ) from None
        else:
            marks = ", ".join("?" * len(columns))
            conn.exec_driver_sql(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(rows))

    def tick(self, source: _Source) -> None:
        if self.progress is not None:
            self.progress(source.position, source.total)

    # -- running
    def run(self, source: _Source, header: list[str], rows: Iterator[tuple[int, list[str]]]) -> ImportReport:
        cols = _check_header(source.name, header, self.kind)
        report = self.report
        try:
            if self.mode == "all_or_nothing":
                with self._transaction() as s:
                    self._load(s)
                    self._pipe(source, self._batches(rows, cols), lambda batch: self._write(s, batch))
                    report.sha256 = source.sha256
                    if report.rejected:
                        raise _RollBack
                    self._summary(s)
                report.written = report.accepted
            else:
                with self._transaction() as s:
                    self._load(s)
                self._pipe(source, self._batches(rows, cols), self._write_alone)
                report.sha256 = source.sha256
                if report.written:
                    with self._transaction() as s:
                        self._summary(s)
        except _RollBack:
            report.written = 0
        self.tick(source)
        columns = {c: i for i, c in enumerate((None, *cols))}
        report.rejected.sort(key=lambda r: (r.row, columns.get(r.column, len(columns))))
        return report

    def _pipe(
        self, source: _Source, batches: Iterator[list[Any]], write: Callable[[list[Any]], None]
    ) -> None:
        """Write each batch as soon as it is checked."""
        for batch in batches:
            write(batch)
            self.tick(source)

    def _write_alone(self, batch: list[Any]) -> None:
        """Skip mode: each batch in a transaction of its own."""
        self._next_id.clear()
        with self._transaction() as s:
            self._write(s, batch)

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        """One transaction; on SQLite with a larger page cache for its length (the indexes of
        the tables written stay in memory), given back as it was at the end."""
        with _guarded(self.sessions, self.ws.url) as s:
            if self.dialect != "sqlite":
                yield s
                return
            conn = s.connection()
            before = int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one())
            conn.exec_driver_sql(f"PRAGMA cache_size = {_SQLITE_CACHE}")
            try:
                yield s
            finally:
                with suppress(SQLAlchemyError):  # best effort: the transaction may have failed
                    conn.exec_driver_sql(f"PRAGMA cache_size = {before}")

    def _batches(self, rows: Iterator[tuple[int, list[str]]], cols: dict[str, int]) -> Iterator[list[Any]]:
        check = self._check_unit if self.kind == "units" else self._check_person
        self.optional = [(c, i) for c, i in cols.items() if c in STAFF_OPTIONAL]
        if self.kind == "staff":
            self.required = tuple(cols[c] for c in STAFF_REQUIRED)
        width = len(cols)
        batch: list[Any] = []
        for row, cells in rows:
            self.report.rows += 1
            if len(cells) != width:
                self.reject(
                    row,
                    None,
                    N_("the row has {found} values, the header {expected}"),
                    found=len(cells),
                    expected=width,
                )
                continue
            item = check(row, cells, cols)
            if item is not None:
                batch.append(item)
                if len(batch) >= self.batch_size:
                    yield batch
                    batch = []
        if batch:
            yield batch

    # -- per kind
    def _load(self, s: Session) -> None:
        """The units, once: id -> (path, active, name)."""
        self.units: dict[str, tuple[str, bool, str]] = {
            uid: (path, active, name)
            for uid, path, active, name in s.execute(
                select(db.Unit.id, db.Unit.path, db.Unit.active, db.Unit.name)
            )
        }
        self.seen: dict[str, int] = {}
        self.sess = s if self.mode == "all_or_nothing" else None

    def _write(self, s: Session, batch: list[Any]) -> None:
        if self.kind == "units":
            self._write_units(s, batch)
        else:
            self._write_people(s, batch)

    def _summary(self, s: Session) -> None:
        r = self.report
        self._audit_rows(
            s,
            [
                (
                    "import_" + self.kind,
                    "import",
                    r.import_id,
                    None,
                    _canonical(
                        {
                            "sha256": r.sha256,
                            "mode": self.mode,
                            "as_of": self.as_of.isoformat(),
                            "rows": r.rows,
                            "written": r.written,
                            "rejected_rows": len(r.rejected_rows),
                        }
                    ),
                )
            ],
        )

    # -- units
    def _check_unit(self, row: int, cells: list[str], cols: dict[str, int]) -> _UnitRow | None:
        before = len(self.report.rejected)
        uid = cells[cols["id"]].strip()
        parent_id = cells[cols["parent_id"]].strip()
        kind = cells[cols["kind"]].strip()
        name = cells[cols["name"]].strip()
        if not uid:
            self.reject(row, "id", N_("a value is required"))
        elif "/" in uid or len(uid) > 40 or any(c.isspace() for c in uid):
            self.reject(
                row, "id", N_("{value!r} is not a unit id: up to 40 characters, no spaces or /"), value=uid
            )
        elif uid in self.seen:
            self.reject(
                row, "id", N_("unit {unit} is already on row {first}"), unit=uid, first=self.seen[uid]
            )
        elif uid in self.units:
            self.reject(row, "id", N_("unit {unit} already exists"), unit=uid)
        if uid and uid not in self.seen:
            self.seen[uid] = row
        parent = None
        if not parent_id:
            self.reject(row, "parent_id", N_("a value is required"))
        elif parent_id not in self.units:
            if parent_id in self.seen:
                self.reject(
                    row,
                    "parent_id",
                    N_("unit {unit} is on row {first}, which was rejected"),
                    unit=parent_id,
                    first=self.seen[parent_id],
                )
            else:
                self.reject(row, "parent_id", N_("unit {unit} does not exist"), unit=parent_id)
        else:
            parent = self.units[parent_id]
            if not parent[1]:
                self.reject(row, "parent_id", N_("unit {unit} is dissolved"), unit=parent_id)
            elif not self.has_right("admin", parent[0]):
                self.reject(
                    row,
                    "parent_id",
                    N_("no {right} right over {unit_path}"),
                    right="admin",
                    unit_path=parent[0],
                )
        if kind not in _UNIT_KINDS_IMPORTED:
            self.reject(
                row,
                "kind",
                N_("{value!r} is not a unit kind; write one of {known}"),
                value=kind,
                known=", ".join(_UNIT_KINDS_IMPORTED),
            )
        if not name:
            self.reject(row, "name", N_("a value is required"))
        elif len(name) > 200:
            self.reject(
                row,
                "name",
                N_("the name has {length} characters, more than {limit}"),
                length=len(name),
                limit=200,
            )
        path = (parent[0] if parent else "/") + uid + "/"
        if parent is not None and len(path) > 400:
            self.reject(row, "id", N_("the unit is nested too deep: its path has more than 400 characters"))
        if len(self.report.rejected) != before or parent is None:
            return None
        self.units[uid] = (path, True, name)
        self.report.accepted += 1
        return _UnitRow(row, uid, parent_id, kind, name, path)

    def _write_units(self, s: Session, batch: list[_UnitRow]) -> None:
        if self._failed:
            return
        created = self.as_of.isoformat()
        rows = [(u.id, u.parent_id, u.kind, u.name, u.path, True, created) for u in batch]
        self._insert(s, "units", _UNIT_TABLE_COLUMNS, rows)
        self._audit_rows(
            s,
            [
                (
                    "import",
                    "unit",
                    u.id,
                    audit.state_hash(dict(zip(_UNIT_TABLE_COLUMNS, r, strict=True))),
                    _canonical({"import": self.report.import_id, "row": u.row}),
                )
                for u, r in zip(batch, rows, strict=True)
            ],
        )
        self.report.written += len(rows)

    # -- staff
    def _check_person(self, row: int, cells: list[str], cols: dict[str, int]) -> _Person | None:
        before = len(self.report.rejected)
        reject = self.reject
        i_pid, i_name, i_birth, i_gender, i_category, i_unit, i_recruited = self.required

        raw_pid = cells[i_pid].strip()
        pid: str | None = None
        if not raw_pid:
            reject(row, "personal_id", N_("a value is required"))
        elif len(raw_pid) == 12 and raw_pid.isdigit() and raw_pid.isascii() and raw_pid[:3] in PROVINCE_CODES:
            pid = raw_pid  # what check_personal_id returns for 12 digits with a known province code
        else:
            try:
                pid = check_personal_id(raw_pid)
            except InvalidPersonalIdError as exc:
                self.reject_error(row, "personal_id", exc)

        full_name = " ".join(cells[i_name].split())
        if not full_name:
            reject(row, "full_name", N_("a value is required"))
        elif full_name not in self._good_names:
            try:
                check_full_name(full_name)
            except InvalidFullNameError as exc:
                self.reject_error(row, "full_name", exc)
            else:
                if len(self._good_names) < _MEMO:
                    self._good_names.add(full_name)

        birth = self._date(row, cells[i_birth], "birth_date")
        if birth is not None and birth > self.as_of:
            reject(
                row,
                "birth_date",
                N_("{value} is after {as_of}, the date of the import"),
                value=birth.isoformat(),
                as_of=self.as_of.isoformat(),
            )
            birth = None

        raw_gender = cells[i_gender].strip()
        gender = GENDERS.get(raw_gender.lower())
        if gender is None:
            if raw_gender:
                reject(
                    row,
                    "gender",
                    N_("{value!r} is not a gender; write male, female, nam or nữ"),
                    value=raw_gender,
                )
            else:
                reject(row, "gender", N_("a value is required"))

        category = cells[i_category].strip()
        if category not in PERSON_CATEGORIES:
            if category:
                reject(
                    row,
                    "category",
                    VocabularyError.template,
                    what=Msg(N_("Person category")),
                    name=category,
                    known=", ".join(PERSON_CATEGORIES),
                )
            else:
                reject(row, "category", N_("a value is required"))

        unit_id = cells[i_unit].strip()
        unit = self.units.get(unit_id)
        if not unit_id:
            reject(row, "unit_id", N_("a value is required"))
        elif unit is None:
            reject(row, "unit_id", N_("unit {unit} does not exist"), unit=unit_id)
        elif not unit[1]:
            reject(row, "unit_id", N_("unit {unit} is dissolved"), unit=unit_id)
        elif not self._may_update.get(unit_id) and not self._update_right(unit_id, unit[0]):
            reject(row, "unit_id", N_("no {right} right over {unit_path}"), right="update", unit_path=unit[0])

        recruited = self._date(row, cells[i_recruited], "recruited_on")
        if recruited is not None:
            if recruited > self.as_of:
                reject(
                    row,
                    "recruited_on",
                    N_("{value} is after {as_of}, the date of the import"),
                    value=recruited.isoformat(),
                    as_of=self.as_of.isoformat(),
                )
            elif birth is not None and recruited <= birth:
                reject(
                    row,
                    "recruited_on",
                    N_("{value} is not after the birth date {birth_date}"),
                    value=recruited.isoformat(),
                    birth_date=birth.isoformat(),
                )

        if pid is not None and birth is not None and gender is not None:
            # check_consistent's test, on the number already checked: digit 4, digits 5-6.
            century, id_gender = CENTURY_GENDER_CODES[pid[3]]
            if century + int(pid[4:6]) != birth.year:
                reject(
                    row,
                    "personal_id",
                    BirthYearMismatchError.template,
                    pid=pid,
                    id_year=century + int(pid[4:6]),
                    record_year=birth.year,
                )
            elif id_gender != gender:
                reject(
                    row,
                    "personal_id",
                    GenderMismatchError.template,
                    pid=pid,
                    id_gender=id_gender.value,
                    record_gender=gender,
                )

        extra = {c: value for c, i in self.optional if (value := cells[i].strip())}
        if extra:
            self._check_extra(row, extra, category, recruited)

        if pid is not None:
            first = self.seen.get(pid)
            if first is not None:
                reject(
                    row,
                    "personal_id",
                    N_("the personal identification number {pid} is already on row {first}"),
                    pid=pid,
                    first=first,
                )
            else:
                self.seen[pid] = row

        if len(self.report.rejected) != before:
            return None
        assert pid is not None and birth is not None and gender is not None and unit is not None
        assert recruited is not None
        return _Person(
            row,
            pid,
            full_name,
            cells[i_birth].strip(),
            gender,
            category,
            unit_id,
            unit[0],
            unit[2],
            cells[i_recruited].strip(),
            extra,
        )

    def _date(self, row: int, cell: str, column: str) -> date | None:
        value = cell.strip()
        if not value:
            self.reject(row, column, N_("a value is required"))
            return None
        day = _iso_date(value)
        if day is None:
            self.reject(row, column, InvalidDateError.template, value=value)
        return day

    def _check_extra(self, row: int, extra: dict[str, str], category: str, recruited: date | None) -> None:
        worker = category == "contract_worker"
        misplaced = (
            [c for c in IDENTITY_COLUMNS[1:] + ETHNICITY_COLUMNS + ("salary_effective_date",) if c in extra]
            if worker
            else [c for c in CONTRACT_COLUMNS if c in extra]
        )
        for column in misplaced:
            self.reject(
                row,
                column,
                N_("a contract worker's record (Annex II of TT 05/2023) has no {column}")
                if worker
                else N_("{column} is only for contract workers"),
                column=column,
            )
        rank = extra.get("rank_code")
        if rank is not None and rank not in self._good_ranks:
            if all(c.isascii() and (c.isalnum() or c == ".") for c in rank):
                self._good_ranks.add(rank)
            else:
                self.reject(
                    row, "rank_code", N_("{value!r} is not a rank code like 01.003 or V.07.05.15"), value=rank
                )
        grade = extra.get("grade")
        if grade is not None and not (grade.isdigit() and grade.isascii() and 1 <= int(grade) <= 20):
            self.reject(
                row, "grade", N_("{value!r} is not a salary grade: a whole number from 1 to 20"), value=grade
            )
        coefficient = extra.get("coefficient")
        if coefficient is not None:
            try:
                known = self._coefficients.get(coefficient)
                if known is None:
                    known = format(to_coefficient(coefficient), "f")
                    if len(self._coefficients) < _MEMO:
                        self._coefficients[coefficient] = known
                extra["coefficient"] = known
            except InvalidCoefficientError:
                self.reject(
                    row,
                    "coefficient",
                    N_(
                        "{value!r} is not a salary coefficient: a positive decimal with at most two decimals, e.g. 2.34"
                    ),
                    value=coefficient,
                )
        effective = extra.get("salary_effective_date")
        if effective is not None and _iso_date(effective) is None:
            self.reject(row, "salary_effective_date", InvalidDateError.template, value=effective)
        if not worker:
            given = [c for c in SALARY_COLUMNS if c in extra]
            if given and len(given) != len(SALARY_COLUMNS):
                for column in SALARY_COLUMNS:
                    if column not in extra:
                        self.reject(
                            row,
                            column,
                            N_("a salary needs {columns} together"),
                            columns=", ".join(SALARY_COLUMNS),
                        )
            return
        work_kind = extra.get("work_kind")
        if work_kind is None:
            self.reject(row, "work_kind", N_("required for a contract worker"))
        elif work_kind not in _WORK_KINDS:
            self.reject(
                row,
                "work_kind",
                N_("{value!r} is not a kind of work; write one of {known}"),
                value=work_kind,
                known=", ".join(_WORK_KINDS),
            )
        contract_kind = extra.get("contract_kind")
        end_text = extra.get("contract_end")
        end = _iso_date(end_text) if end_text is not None else None
        if end_text is not None and end is None:
            self.reject(row, "contract_end", InvalidDateError.template, value=end_text)
        if contract_kind is None:
            self.reject(row, "contract_kind", N_("required for a contract worker"))
        elif contract_kind not in _CONTRACT_KINDS:
            self.reject(
                row,
                "contract_kind",
                N_("{value!r} is not a contract kind; write one of {known}"),
                value=contract_kind,
                known=", ".join(_CONTRACT_KINDS),
            )
        elif (contract_kind == ContractKind.FIXED_TERM) != (end_text is not None):
            self.reject(
                row, "contract_end", N_("a fixed-term contract has an end date, an indefinite one none")
            )
        elif end is not None and recruited is not None:
            try:
                Contract(work_kind="support_service", kind=contract_kind, start=recruited, end=end)
            except CbccvcError:
                self.reject(
                    row,
                    "contract_end",
                    N_("a fixed-term contract starting on {start} must end after it and within 36 months"),
                    start=recruited.isoformat(),
                )
        if "job_position" not in extra:
            self.reject(row, "job_position", N_("required for a contract worker"))

    def _content(self, p: _Person) -> str:
        """The canonical JSON of the row's revision 1 (as ``canonical_json`` of its content)."""
        forms, extra = _forms(), p.extra
        get = extra.get
        if p.category == "contract_worker":
            grade = get("grade")
            return forms.worker.fill(
                forms.contract.fill(
                    _scalar(get("contract_end")),
                    _text(extra["contract_kind"]),
                    _text(p.recruited),
                    _text(extra["work_kind"]),
                ),
                forms.employer.fill(_text(p.unit_name)),
                forms.worker_identity.fill(
                    _text(p.birth),
                    _scalar(get("birthplace")),
                    _text(p.full_name),
                    _text(p.gender),
                    _text(p.pid),
                ),
                forms.job.fill(_text(extra["job_position"])),
                forms.pay.fill(
                    _scalar(get("coefficient")),
                    "null" if grade is None else str(int(grade)),
                    _scalar(get("rank_code")),
                ),
            )
        get = extra.get
        identity = forms.identity.fill(
            _text(p.birth),
            _scalar(get("birthplace")),
            _text(p.full_name),
            _text(p.gender),
            _scalar(get("hometown")),
            _text(p.pid),
        )
        ethnicity = forms.ethnicity_religion.fill(_scalar(get("ethnicity")), _scalar(get("religion")))
        salary = (
            forms.salary.fill(
                _text(extra["coefficient"]),
                _text(extra["salary_effective_date"]),
                str(int(extra["grade"])),
                _text(extra["rank_code"]),
            )
            if "rank_code" in extra
            else "null"
        )
        return forms.cbccvc.fill(ethnicity, identity, salary)

    def _known_numbers(self, s: Session, pids: list[str]) -> tuple[set[str], dict[str, str]]:
        """Those of ``pids`` already in the database: one query per batch (plain SQL), by their
        blind index (the numbers themselves are stored encrypted); and each number's index."""
        conn = s.connection()
        index = self.ring.blind_index
        indexes = {pid: index(pid) for pid in pids}
        by_index = {key: pid for pid, key in indexes.items()}
        keys = list(by_index)
        if self.dialect == "postgresql":
            sql = "SELECT personal_id_index FROM people WHERE personal_id_index = ANY(%(keys)s)"
            return {by_index[row[0]] for row in conn.exec_driver_sql(sql, {"keys": keys})}, indexes
        known: set[str] = set()
        for start in range(0, len(keys), 900):  # SQLite builds may allow only 999 parameters
            chunk = tuple(keys[start : start + 900])
            sql = f"SELECT personal_id_index FROM people WHERE personal_id_index IN ({', '.join('?' * len(chunk))})"
            known.update(by_index[row[0]] for row in conn.exec_driver_sql(sql, chunk))
        return known, indexes

    def _sealed(self, content: str, pid: str, token: str) -> str:
        """The revision's JSON as stored: its sensitive fields encrypted (:mod:`cbccvc_core.crypto`).
        The importer fills only the personal ID of them, so it is replaced in the text; a province
        that marks more fields takes the general way."""
        ring = self.ring
        if self._fast_seal:  # token: the personal ID's JSON text encrypted for this place
            return content.replace('"personal_id":' + _text(pid), '"personal_id":{"$enc":"' + token + '"}', 1)
        return json.dumps(
            seal_content(ring, json.loads(content)), ensure_ascii=False, sort_keys=True, separators=(",", ":")
        )

    def _write_people(self, s: Session, batch: list[_Person]) -> None:
        known, indexes = self._known_numbers(s, [p.pid for p in batch])
        if known:
            for p in batch:
                if p.pid in known:
                    self.reject(
                        p.row,
                        "personal_id",
                        N_("the personal identification number {pid} is already in the database"),
                        pid=p.pid,
                    )
            batch = [p for p in batch if p.pid not in known]
        self.report.accepted += len(batch)
        if self._failed or not batch:
            return
        n = len(batch)
        ids = zip(
            batch,
            self.take_ids(s, "people", n),
            self.take_ids(s, "dossiers", n),
            self.take_ids(s, "revisions", n),
            strict=True,
        )
        account, username, created = self.actor.account_id, self.actor.username, self.as_of.isoformat()
        forms, import_text = _forms(), _text(self.report.import_id)
        person_format, dossier_format, detail_format = (
            forms.person.format,
            forms.dossier.format,
            forms.detail.format,
        )
        places = self._unit_texts
        # the personal IDs encrypted for their two places, in one pass each (crypto.encrypt_many)
        numbers = [p.pid for p in batch]
        sealed_pids = iter(self.ring.encrypt_many(numbers, "people.personal_id"))
        content_pids = iter(
            self.ring.encrypt_many([_text(n) for n in numbers], "revisions.content/" + PERSONAL_ID_PATH)
        )
        seq, prev, at, body = self._chain(s)
        people, dossiers, revisions, entries = [], [], [], []
        for p, person_id, dossier_id, revision_id in ids:
            birth, recruited = p.birth, p.recruited
            sealed_pid, pid_index = next(sealed_pids), indexes[p.pid]
            # the audited rows as audit.row_state gives them, in their shapes' hole order
            person_hash = _sha(
                person_format
                % (
                    _text(birth),
                    _text(p.category),
                    _text(p.full_name),
                    _text(p.gender),
                    person_id,
                    _text(p.pid),
                    _text(pid_index),
                )
            )
            unit_texts = places.get(p.unit_id)
            if unit_texts is None:
                unit_texts = places[p.unit_id] = (_text(p.unit_id), _text(p.unit_path))
            dossier_hash = _sha(dossier_format % (dossier_id, person_id, _text(recruited), *unit_texts))
            content = self._content(p)
            digest = _sha(content)
            people.append((person_id, sealed_pid, pid_index, p.full_name, birth, p.gender, p.category))
            dossiers.append(
                (
                    dossier_id,
                    person_id,
                    p.unit_id,
                    p.unit_path,
                    "entering",
                    "active",
                    None,
                    recruited,
                    1,
                    None,
                    1,
                )
            )
            # the hash stays that of the plaintext content
            stored = self._sealed(content, p.pid, next(content_pids))
            revisions.append((revision_id, dossier_id, 1, stored, digest, "entering", created, account))
            # one audit entry: import, dossier, its after-hash, {content_hash, import, person, revision, row}
            detail = detail_format % (_text(digest), import_text, _text(person_hash), p.row)
            seq += 1
            entity_id = str(dossier_id)
            text = body % ('"import"', _text(dossier_hash), detail, '"dossier"', _text(entity_id), seq)
            link = hashlib.sha256((prev + text).encode()).hexdigest()
            entries.append(
                (
                    seq,
                    at,
                    account,
                    username,
                    "import",
                    "dossier",
                    entity_id,
                    None,
                    dossier_hash,
                    detail,
                    prev,
                    link,
                )
            )
            prev = link
        self._insert(s, "people", _PERSON_COLUMNS, people)
        self._insert(s, "dossiers", (*_DOSSIER_STATE, "version"), dossiers)
        self._insert(s, "revisions", _REVISION_COLUMNS, revisions)
        self._chain_end(s, entries)
        self.report.written += n


# Column orders of the rows written (the audited state of a row is every column but ``version``,
# as :func:`cbccvc_core.audit.row_state` gives it).
_UNIT_TABLE_COLUMNS = ("id", "parent_id", "kind", "name", "path", "active", "created_on")
_PERSON_COLUMNS = ("id", "personal_id", "personal_id_index", "full_name", "birth_date", "gender", "category")
_DOSSIER_STATE = (
    "id",
    "person_id",
    "unit_id",
    "unit_path",
    "review",
    "employment",
    "exit_reason",
    "recruited_on",
    "current_revision",
    "approved_revision",
)
_REVISION_COLUMNS = (
    "id",
    "dossier_id",
    "number",
    "content",
    "content_hash",
    "state",
    "created_on",
    "created_by",
)
_LINK_FIELDS = (
    "seq",
    "at",
    "account_id",
    "username",
    "action",
    "entity",
    "entity_id",
    "before_hash",
    "after_hash",
    "detail",
)
"""The fields of an audit entry its link hash covers (audit._entry_body); checked in _Templates."""
_AUDIT_COLUMNS = (*_LINK_FIELDS, "prev_hash", "hash")


@attrs.define(slots=True)
class _Link:
    """The fields of an audit entry that its link hash covers (read by
    :func:`cbccvc_core.audit.link_hash`), reused for every entry of a batch."""

    at: str
    account_id: int
    username: str
    seq: int = 0
    action: str = ""
    entity: str = ""
    entity_id: str = ""
    before_hash: str | None = None
    after_hash: str | None = None
    detail: Mapping[str, Any] = attrs.field(factory=dict)
    prev_hash: str = ""


class _RollBack(Exception):
    """All-or-nothing import with a bad row: leave the transaction, roll everything back."""


@contextmanager
def _guarded(factory: sessionmaker[Session], url: str) -> Iterator[Session]:
    """A transaction whose database errors become :class:`~cbccvc_core.service.WorkspaceError`."""
    from .service import WorkspaceError

    s = factory()
    try:
        with s.begin():
            yield s
    except IntegrityError as exc:
        raise WorkspaceError(url=url, detail=f"the database refused the import ({exc.orig})") from None
    except OperationalError as exc:
        raise WorkspaceError(url=url, detail=str(exc.orig)) from None
    finally:
        s.close()


def _actor(ws: Workspace, account: str | Actor | None) -> Actor:
    if account is None:
        with ws.session() as s:
            name = s.execute(
                select(db.Account.username)
                .where(db.Account.kind == "admin", db.Account.state == "active")
                .order_by(db.Account.id)
                .limit(1)
            ).scalar_one_or_none()
        if name is None:
            from .service import NotFoundError

            raise NotFoundError(entity="account", id="admin")
        return ws.as_account(name)
    if isinstance(account, str):
        return ws.as_account(account)
    return account


def _run(
    ws: Workspace,
    source: str | os.PathLike[str] | IO[bytes] | IO[str],
    kind: Kind | None,
    *,
    as_account: str | Actor | None,
    mode: Mode,
    progress: Progress | None,
    as_of: date | None,
    batch_size: int,
) -> ImportReport:
    src = _Source(source)
    try:
        header, rows = src.records()
        found = detect_kind(header)
        if kind is None:
            if found is None:
                raise ImportKindError(
                    file=src.name,
                    header=", ".join(header),
                    units=", ".join(UNIT_COLUMNS),
                    staff=", ".join(STAFF_REQUIRED),
                )
            kind = found
        importer = _Importer(
            ws, kind, as_account=as_account, mode=mode, progress=progress, as_of=as_of, batch_size=batch_size
        )
        return importer.run(src, header, rows)
    finally:
        src.close()


def import_units(
    ws: Workspace,
    path_or_stream: str | os.PathLike[str] | IO[bytes] | IO[str],
    *,
    as_account: str | Actor | None = None,
    mode: Mode = "all_or_nothing",
    progress: Progress | None = None,
    as_of: date | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Import units (id, parent_id, kind, name) under existing units or earlier rows.

    ``as_account``: a username or an :class:`~cbccvc_core.service.Actor` (default: the
    workspace's first admin account), which needs the admin right over each parent unit.
    """
    return _run(
        ws,
        path_or_stream,
        "units",
        as_account=as_account,
        mode=mode,
        progress=progress,
        as_of=as_of,
        batch_size=batch_size,
    )


def import_staff(
    ws: Workspace,
    path_or_stream: str | os.PathLike[str] | IO[bytes] | IO[str],
    *,
    as_account: str | Actor | None = None,
    mode: Mode = "all_or_nothing",
    progress: Progress | None = None,
    as_of: date | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Import staff: person, dossier (``entering``), revision 1, one audit entry each.

    ``as_account`` needs the update right over each row's unit. ``as_of`` (default today) is the
    day of the import: no birth or recruitment date may follow it.
    """
    return _run(
        ws,
        path_or_stream,
        "staff",
        as_account=as_account,
        mode=mode,
        progress=progress,
        as_of=as_of,
        batch_size=batch_size,
    )


def import_file(
    ws: Workspace,
    path_or_stream: str | os.PathLike[str] | IO[bytes] | IO[str],
    *,
    kind: Kind | None = None,
    as_account: str | Actor | None = None,
    mode: Mode = "all_or_nothing",
    progress: Progress | None = None,
    as_of: date | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Import a units or a staff file, told apart by its header unless ``kind`` is given."""
    return _run(
        ws,
        path_or_stream,
        kind,
        as_account=as_account,
        mode=mode,
        progress=progress,
        as_of=as_of,
        batch_size=batch_size,
    )


__all__ = [
    "BATCH_SIZE",
    "STAFF_OPTIONAL",
    "STAFF_REQUIRED",
    "UNIT_COLUMNS",
    "ImportEncodingError",
    "ImportFileError",
    "ImportHeaderError",
    "ImportKindError",
    "ImportReport",
    "ImportSyntaxError",
    "Rejection",
    "detect_kind",
    "import_file",
    "import_staff",
    "import_units",
]
