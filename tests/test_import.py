"""``cbccvc import`` and :mod:`cbccvc_core.importer`: units and staff from CSV.

Every test runs on SQLite and, when CBCCVC_TEST_PG_URL is set, on PostgreSQL (the
``workspace_url`` fixture of conftest_db.py). Expected rows, row numbers and messages are worked
out by hand from the files (examples/import/*.csv or the text in the test), never read back from
the importer.
"""

from __future__ import annotations

import hashlib
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from cli_support import run
from conftest_db import kontum_world, raw_engine, snapshot

from cbccvc_core import audit
from cbccvc_core.db import schema as db
from cbccvc_core.i18n import _
from cbccvc_core.importer import (
    ImportEncodingError,
    ImportHeaderError,
    ImportKindError,
    import_file,
    import_staff,
    import_units,
)
from cbccvc_core.model.dossier import (
    Contract,
    ContractWorkerContent,
    DossierContent,
    Employer,
    EthnicityReligion,
    Identity,
    Job,
    Salary,
    WorkerIdentity,
    content_hash,
    structure_content,
)
from cbccvc_core.model.people import PersonRecord
from cbccvc_core.service import Workspace

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "import"
AS_OF = date(2026, 3, 1)
HEADER = (
    "personal_id,full_name,birth_date,gender,category,unit_id,recruited_on,birthplace,hometown,"
    "ethnicity,religion,rank_code,grade,coefficient,salary_effective_date,work_kind,contract_kind,"
    "contract_end,job_position"
)
SHORT_HEADER = "personal_id,full_name,birth_date,gender,category,unit_id,recruited_on"


# -- helpers ----------------------------------------------------------------------------------------


def bare_workspace(url: str) -> Workspace:
    """A Kon Tum workspace with only its root unit KT and the admin account ``admin``."""
    return Workspace.create(
        url, "kontum", root=("KT", "UBND tỉnh Kon Tum"), admin="admin", on=date(2026, 1, 2)
    )


def examples_workspace(url: str) -> Workspace:
    """The bare workspace with examples/import/units.csv and staff.csv imported."""
    ws = bare_workspace(url)
    assert import_units(ws, EXAMPLES / "units.csv", as_of=AS_OF).written == 5
    assert import_staff(ws, EXAMPLES / "staff.csv", as_of=AS_OF).written == 5
    return ws


def count(engine: sa.Engine, model: type[db.Base]) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(model)).scalar_one())


def as_tuples(report) -> list[tuple[int, str | None, str]]:
    return [(r.row, r.column, r.message("en")) for r in report.rejected]


# staff_with_errors.csv, row by row (header = row 1), as_of 2026-03-01, after staff.csv:
#  2 good (062088000111)               9 062090001234: already imported from staff.csv
#  3 'A' in the number (position 12)  10 1990-02-30 does not exist
#  4 province code 063 does not exist 11 category "cong chuc"
#  5 number says 1990, birth 1991     12 good (062192000888)
#  6 number says male, row female     13 name with a digit, gender "x", recruited in 2030
#  7 unit KT.XYZ does not exist       14 recruited 1994, born 1995
#  8 the number of row 2 again        15 rank_code without grade, coefficient, effective date
KNOWN = "can_bo, cong_chuc, vien_chuc, commune_official, contract_worker"
EXPECTED_ERRORS = [
    (3, "personal_id", "'06208800011A' is not a personal identification number: 'A' at position 12 is not a digit 0-9."),
    (4, "personal_id", "'063088000222' is not a personal identification number: 063 (digits 1-3) is not the code of a province or city."),
    (5, "personal_id", "The personal identification number 062090000333 is of someone born in 1990, but the birth date is in 1991."),
    (6, "personal_id", "The personal identification number 062090000444 is of a male person, but the record says female."),
    (7, "unit_id", "unit KT.XYZ does not exist"),
    (8, "personal_id", "the personal identification number 062088000111 is already on row 2"),
    (9, "personal_id", "the personal identification number 062090001234 is already in the database"),
    (10, "birth_date", "'1990-02-30' is not a valid date; write it as YYYY-MM-DD, e.g. 2026-03-12."),
    (11, "category", f"Person category 'cong chuc' is not in the vocabulary of RULES.md. Known: {KNOWN}."),
    (13, "full_name", "'Nguyễn 2' is not a full name: write 1 to 100 letters, spaces, apostrophes or hyphens."),
    (13, "gender", "'x' is not a gender; write male, female, nam or nữ"),
    (13, "recruited_on", "2030-01-01 is after 2026-03-01, the date of the import"),
    (14, "recruited_on", "1994-01-01 is not after the birth date 1995-07-07"),
    (15, "grade", "a salary needs rank_code, grade, coefficient, salary_effective_date together"),
    (15, "coefficient", "a salary needs rank_code, grade, coefficient, salary_effective_date together"),
    (15, "salary_effective_date", "a salary needs rank_code, grade, coefficient, salary_effective_date together"),
]  # fmt: skip


# -- a good file ---------------------------------------------------------------------------------------


def test_units_and_staff_import_fully(workspace_url: str) -> None:
    ws = bare_workspace(workspace_url)
    engine = raw_engine(workspace_url)
    audit_before = count(engine, db.AuditEntry)

    units = import_units(ws, EXAMPLES / "units.csv", as_of=AS_OF)
    assert (units.rows, units.accepted, units.written, units.rejected) == (5, 5, 5, [])
    with engine.connect() as conn:
        paths = dict(conn.execute(sa.select(db.Unit.id, db.Unit.path)).all())
    assert paths == {
        "KT": "/KT/",
        "KT.SNV": "/KT/KT.SNV/",
        "KT.SYT": "/KT/KT.SYT/",
        "KT.SYT.BV": "/KT/KT.SYT/KT.SYT.BV/",
        "KT.DT": "/KT/KT.DT/",
        "KT.DT.X1": "/KT/KT.DT/KT.DT.X1/",
    }

    staff_bytes = (EXAMPLES / "staff.csv").read_bytes()
    assert staff_bytes.startswith(b"\xef\xbb\xbf")  # the example is saved as Excel does, with a BOM
    staff = import_staff(ws, EXAMPLES / "staff.csv", as_of=AS_OF)
    assert (staff.rows, staff.accepted, staff.written, staff.rejected) == (5, 5, 5, [])
    assert staff.sha256 == hashlib.sha256(staff_bytes).hexdigest()

    # five people, five dossiers, five revisions 1; 5 + 1 + 5 + 1 audit entries; no event, no obligation
    assert count(engine, db.Person) == count(engine, db.Dossier) == count(engine, db.Revision) == 5
    assert count(engine, db.AuditEntry) == audit_before + 12
    assert count(engine, db.Event) == count(engine, db.Obligation) == 0
    assert ws.verify_audit().ok

    with sa.orm.Session(engine) as s:
        people = {p.personal_id: p for p in s.execute(sa.select(db.Person)).scalars()}
        assert {pid: (p.full_name, p.birth_date, p.gender, p.category) for pid, p in people.items()} == {
            "062090001234": ("Nguyễn Văn An", date(1990, 5, 1), "male", "cong_chuc"),
            "062185000321": ("Y Thị Hoa", date(1985, 11, 20), "female", "vien_chuc"),
            "066178004567": ("H'Hen Niê", date(1978, 2, 14), "female", "can_bo"),
            "062200000777": ("A Tuấn", date(2000, 9, 9), "male", "commune_official"),
            "062195000888": ("Trần Thị Mai", date(1995, 4, 30), "female", "contract_worker"),
        }
        for p in people.values():
            d = s.execute(sa.select(db.Dossier).where(db.Dossier.person_id == p.id)).scalar_one()
            assert (d.review, d.employment, d.current_revision, d.approved_revision, d.exit_reason) == (
                "entering",
                "active",
                1,
                None,
                None,
            )
            rev = s.execute(sa.select(db.Revision).where(db.Revision.dossier_id == d.id)).scalar_one()
            assert (rev.number, rev.state, rev.created_on) == (1, "entering", AS_OF)
            # the stored content is the model's: it reads back and hashes to the stored hash
            assert content_hash(structure_content(rev.content)) == rev.content_hash
            entry = s.execute(
                sa.select(db.AuditEntry).where(
                    db.AuditEntry.entity == "dossier", db.AuditEntry.entity_id == str(d.id)
                )
            ).scalar_one()
            assert entry.action == "import" and entry.username == "admin"
            assert entry.before_hash is None
            assert entry.after_hash == audit.state_hash(audit.row_state(d))
            assert entry.detail["person"] == audit.state_hash(audit.row_state(p))
            assert entry.detail["content_hash"] == rev.content_hash
            assert entry.detail["import"] == staff.import_id
        by_pid = {
            pid: s.execute(
                sa.select(db.Dossier.unit_id, db.Dossier.unit_path, db.Dossier.recruited_on).where(
                    db.Dossier.person_id == p.id
                )
            ).one()
            for pid, p in people.items()
        }
        summary = s.execute(
            sa.select(db.AuditEntry).where(
                db.AuditEntry.entity == "import", db.AuditEntry.entity_id == staff.import_id
            )
        ).scalar_one()
    assert by_pid["062185000321"] == ("KT.SYT.BV", "/KT/KT.SYT/KT.SYT.BV/", date(2010, 8, 15))
    assert by_pid["062200000777"] == ("KT.DT.X1", "/KT/KT.DT/KT.DT.X1/", date(2022, 6, 1))
    assert summary.action == "import_staff"
    assert summary.detail == {
        "sha256": hashlib.sha256(staff_bytes).hexdigest(),
        "mode": "all_or_nothing",
        "as_of": "2026-03-01",
        "rows": 5,
        "written": 5,
        "rejected_rows": 0,
    }

    # the contents, built by hand with the model's classes, hash as stored
    hoa = DossierContent(
        identity=Identity(
            full_name="Y Thị Hoa",
            gender="female",
            birth_date=date(1985, 11, 20),
            personal_id="062185000321",
            birthplace="Kon Tum",
            hometown="Kon Tum",
        ),
        ethnicity_religion=EthnicityReligion(ethnicity="Xơ Đăng", religion="Không"),
        salary=Salary(rank_code="V.08.05.12", grade=5, coefficient="3.66", effective_date=date(2023, 1, 1)),
    )
    mai = ContractWorkerContent(
        employer=Employer(unit="Sở Y tế"),
        identity=WorkerIdentity(
            full_name="Trần Thị Mai",
            gender="female",
            birth_date=date(1995, 4, 30),
            personal_id="062195000888",
            birthplace="Kon Tum",
        ),
        contract=Contract(work_kind="support_service", kind="indefinite", start=date(2021, 1, 4)),
        job=Job(job_position="Nhân viên văn thư"),
    )
    tuan = DossierContent(
        identity=Identity(
            full_name="A Tuấn",
            gender="male",
            birth_date=date(2000, 9, 9),
            personal_id="062200000777",
            birthplace="Kon Tum",
        ),
        ethnicity_religion=EthnicityReligion(ethnicity="Ba Na"),
    )
    with sa.orm.Session(engine) as s:
        stored = dict(
            s.execute(
                sa.select(db.Person.personal_id, db.Revision.content_hash)
                .join(db.Dossier, db.Dossier.person_id == db.Person.id)
                .join(db.Revision, db.Revision.dossier_id == db.Dossier.id)
            ).all()
        )
        an = structure_content(
            s.execute(
                sa.select(db.Revision.content)
                .join(db.Dossier, db.Dossier.id == db.Revision.dossier_id)
                .join(db.Person, db.Person.id == db.Dossier.person_id)
                .where(db.Person.personal_id == "062090001234")
            ).scalar_one()
        )
    assert stored["062185000321"] == content_hash(hoa)
    assert stored["062195000888"] == content_hash(mai)
    assert stored["062200000777"] == content_hash(tuan)
    assert isinstance(an, DossierContent) and an.salary is not None
    assert (an.salary.rank_code, an.salary.grade, an.salary.coefficient) == ("01.003", 3, Decimal("3.00"))

    # the history of a dossier starts with its import
    first = ws.history(1)[0]
    assert (first["action"], first["entity"], first["entity_id"]) == ("import", "dossier", "1")


def test_imported_dossiers_go_on_through_the_service(workspace_url: str) -> None:
    """Ids taken by the importer leave the database's own id allocation intact."""
    ws = examples_workspace(workspace_url)
    admin = ws.as_account("admin")
    admin.submit(1, on=date(2026, 3, 2))
    assert ws.dossier(1)["dossier"]["review"] == "submitted"
    p = PersonRecord(
        personal_id="062091009999", full_name="Đinh Văn Sơn", birth_date=date(1991, 1, 1), gender="male",
        category="cong_chuc",
    )  # fmt: skip
    content = DossierContent(
        identity=Identity(
            full_name=p.full_name, gender="male", birth_date=p.birth_date, personal_id=p.personal_id
        )
    )
    new = admin.recruit(p, unit="KT.SNV", content=content, decision_on=date(2026, 3, 2), on=date(2026, 3, 3))
    assert new == 6
    assert ws.verify_audit().ok


# -- bad rows -----------------------------------------------------------------------------------------


def test_every_bad_row_is_reported_and_nothing_is_written(workspace_url: str) -> None:
    ws = examples_workspace(workspace_url)
    engine = raw_engine(workspace_url)
    before = snapshot(engine)
    report = import_staff(ws, EXAMPLES / "staff_with_errors.csv", as_of=AS_OF)
    assert as_tuples(report) == EXPECTED_ERRORS
    assert report.rejected_rows == [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15]
    assert (report.rows, report.accepted, report.written) == (14, 2, 0)
    assert snapshot(engine) == before  # not a row, not an audit entry


def test_skip_mode_writes_exactly_the_good_rows(workspace_url: str) -> None:
    ws = examples_workspace(workspace_url)
    engine = raw_engine(workspace_url)
    audit_before = count(engine, db.AuditEntry)
    report = import_staff(ws, EXAMPLES / "staff_with_errors.csv", as_of=AS_OF, mode="skip_bad_rows")
    assert as_tuples(report) == EXPECTED_ERRORS
    assert (report.rows, report.accepted, report.written) == (14, 2, 2)
    with engine.connect() as conn:
        pids = set(conn.execute(sa.select(db.Person.personal_id)).scalars())
    assert pids == {
        "062090001234",
        "062185000321",
        "066178004567",
        "062200000777",
        "062195000888",
        "062088000111",  # row 2
        "062192000888",  # row 12
    }
    assert count(engine, db.Dossier) == count(engine, db.Revision) == 7
    assert count(engine, db.AuditEntry) == audit_before + 2 + 1
    assert ws.verify_audit().ok


def test_skip_mode_with_no_good_row_writes_nothing(workspace_url: str) -> None:
    ws = examples_workspace(workspace_url)
    engine = raw_engine(workspace_url)
    before = snapshot(engine)
    # staff.csv again: every row is already in the database
    report = import_staff(ws, EXAMPLES / "staff.csv", as_of=AS_OF, mode="skip_bad_rows")
    assert [(r.row, r.column) for r in report.rejected] == [(n, "personal_id") for n in range(2, 7)]
    assert (report.accepted, report.written) == (0, 0)
    assert snapshot(engine) == before


def test_unit_rows(workspace_url: str) -> None:
    ws = bare_workspace(workspace_url)
    text = (
        "id,parent_id,kind,name\n"
        "KT.A,KT,department,Sở A\n"  # 2 good
        "KT.A.B,KT.A,sub_department,Phòng B\n"  # 3 good: its parent is row 2
        "KT,KT,department,Gốc\n"  # 4 KT exists
        "KT.A,KT,department,Sở A lần hai\n"  # 5 the id of row 2
        "KT.C,KT.Z,department,Sở C\n"  # 6 unknown parent
        "KT.D,KT,ministry,Bộ\n"  # 7 unknown kind
        "KT.E F,KT,department,\n"  # 8 a space in the id, no name
        "KT.G,KT.D,department,Sở G\n"  # 9 parent on row 7, rejected
    )
    report = import_units(ws, io.StringIO(text), as_of=AS_OF)
    kinds = "department, sub_department, district, commune, public_service_unit, association"
    assert as_tuples(report) == [
        (4, "id", "unit KT already exists"),
        (5, "id", "unit KT.A is already on row 2"),
        (6, "parent_id", "unit KT.Z does not exist"),
        (7, "kind", f"'ministry' is not a unit kind; write one of {kinds}"),
        (8, "id", "'KT.E F' is not a unit id: up to 40 characters, no spaces or /"),
        (8, "name", "a value is required"),
        (9, "parent_id", "unit KT.D is on row 7, which was rejected"),
    ]
    assert count(raw_engine(workspace_url), db.Unit) == 1  # all or nothing
    report = import_units(ws, io.StringIO(text), as_of=AS_OF, mode="skip_bad_rows")
    assert report.written == 2
    with raw_engine(workspace_url).connect() as conn:
        units = conn.execute(
            sa.select(db.Unit.id, db.Unit.path, db.Unit.created_on).order_by(db.Unit.id)
        ).all()
    assert [tuple(u) for u in units] == [
        ("KT", "/KT/", date(2026, 1, 2)),
        ("KT.A", "/KT/KT.A/", AS_OF),
        ("KT.A.B", "/KT/KT.A/KT.A.B/", AS_OF),
    ]
    assert ws.verify_audit().ok


def test_rights_and_dissolved_units(workspace_url: str) -> None:
    world = kontum_world(workspace_url)
    with raw_engine(workspace_url).begin() as conn:
        conn.execute(sa.update(db.Unit).where(db.Unit.id == "KT.DT.X2").values(active=False))
    text = (
        SHORT_HEADER + "\n"
        "062090000101,Nguyễn Văn Một,1990-01-01,male,cong_chuc,KT.DT.X1,2015-01-01\n"  # 2 in dt.unit's subtree
        "062090000102,Nguyễn Văn Hai,1990-01-01,male,cong_chuc,KT.SNV,2015-01-01\n"  # 3 outside it
        "062090000103,Nguyễn Văn Ba,1990-01-01,male,cong_chuc,KT.DT.X2,2015-01-01\n"  # 4 dissolved
    )
    report = import_staff(
        world.ws, io.StringIO(text), as_account="dt.unit", as_of=AS_OF, mode="skip_bad_rows"
    )
    assert as_tuples(report) == [
        (3, "unit_id", "no update right over /KT/KT.SNV/"),
        (4, "unit_id", "unit KT.DT.X2 is dissolved"),
    ]
    assert report.written == 1
    entry = world.ws.history(1)[0]
    assert entry["username"] == "dt.unit"
    # a units file needs the admin right over the parent: an agency account has none
    units = import_units(
        world.ws, io.StringIO("id,parent_id,kind,name\nKT.DT.X3,KT.DT,commune,Xã Ba\n"), as_account="dt.unit"
    )
    assert as_tuples(units) == [(2, "parent_id", "no admin right over /KT/KT.DT/")]


def test_contract_workers_and_optional_columns(workspace_url: str) -> None:
    ws = examples_workspace(workspace_url)
    text = (
        HEADER + "\n"
        # 2 good: fixed term, 24 months
        "062196000201,Lê Thị Hạnh,1996-02-02,female,contract_worker,KT.SYT,2025-01-01,,,,,,,,,professional,fixed_term,2026-12-31,Kế toán viên\n"
        # 3 no job position, no work kind, a fixed term without its end
        "062196000202,Lê Thị Hiền,1996-02-02,female,contract_worker,KT.SYT,2025-01-01,,,,,,,,,,fixed_term,,\n"
        # 4 a contract worker with an ethnicity; fixed term of 37 months
        "062196000203,Lê Thị Hoà,1996-02-02,female,contract_worker,KT.SYT,2025-01-01,,,Kinh,,,,,,support_service,fixed_term,2028-02-01,Bảo vệ\n"
        # 5 a công chức with contract columns; a bad grade and coefficient
        "062096000204,Lê Văn Hùng,1996-02-02,male,cong_chuc,KT.SNV,2020-01-01,,,,,01.003,21,2.345,2024-01-01,support_service,,,\n"
    )
    report = import_staff(ws, io.StringIO(text), as_of=AS_OF, mode="skip_bad_rows")
    assert as_tuples(report) == [
        (3, "work_kind", "required for a contract worker"),
        (3, "contract_end", "a fixed-term contract has an end date, an indefinite one none"),
        (3, "job_position", "required for a contract worker"),
        (4, "ethnicity", "a contract worker's record (Annex II of TT 05/2023) has no ethnicity"),
        (4, "contract_end", "a fixed-term contract starting on 2025-01-01 must end after it and within 36 months"),
        (5, "grade", "'21' is not a salary grade: a whole number from 1 to 20"),
        (5, "coefficient", "'2.345' is not a salary coefficient: a positive decimal with at most two decimals, e.g. 2.34"),
        (5, "work_kind", "work_kind is only for contract workers"),
    ]  # fmt: skip
    assert report.written == 1
    expected = ContractWorkerContent(
        employer=Employer(unit="Sở Y tế"),
        identity=WorkerIdentity(
            full_name="Lê Thị Hạnh", gender="female", birth_date=date(1996, 2, 2), personal_id="062196000201"
        ),
        contract=Contract(
            work_kind="professional", kind="fixed_term", start=date(2025, 1, 1), end=date(2026, 12, 31)
        ),
        job=Job(job_position="Kế toán viên"),
    )
    assert ws.dossier(6)["revision"]["content_hash"] == content_hash(expected)


# -- the file itself ---------------------------------------------------------------------------------


def test_bom_in_a_byte_stream_and_in_a_text_stream(workspace_url: str) -> None:
    ws = bare_workspace(workspace_url)
    text = "id,parent_id,kind,name\nKT.A,KT,department,Sở A\n"
    report = import_file(ws, io.BytesIO(b"\xef\xbb\xbf" + text.encode()), as_of=AS_OF)
    assert (report.kind, report.written) == ("units", 1)
    report = import_file(ws, io.StringIO("\ufeff" + text.replace("KT.A", "KT.B")), as_of=AS_OF)
    assert (report.kind, report.written) == ("units", 1)


def test_row_numbers_count_blank_lines_and_not_line_breaks_in_values(workspace_url: str) -> None:
    ws = examples_workspace(workspace_url)
    text = (
        "personal_id,full_name,birth_date,gender,category,unit_id,recruited_on,birthplace\r\n"  # 1
        '062090000301,Mai Văn Một,1990-01-01,male,cong_chuc,KT.SNV,2015-01-01,"Thôn 1,\r\nxã Diên Bình"\r\n'  # 2
        "\r\n"  # 3 blank
        "062090000302,Mai Văn Hai,1990-01-01,male,cong_chuc,KT.SNV\r\n"  # 4 a value short
        "062090000303,Mai Văn Ba,1990-13-01,male,cong_chuc,KT.SNV,2015-01-01,\r\n"  # 5 month 13
    )
    report = import_staff(ws, io.StringIO(text), as_of=AS_OF)
    assert as_tuples(report) == [
        (4, None, "the row has 6 values, the header 8"),
        (5, "birth_date", "'1990-13-01' is not a valid date; write it as YYYY-MM-DD, e.g. 2026-03-12."),
    ]
    assert report.rows == 3


def test_a_wrong_header_is_one_clear_error(workspace_url: str, tmp_path: Path) -> None:
    ws = examples_workspace(workspace_url)
    engine = raw_engine(workspace_url)
    before = snapshot(engine)
    bad = tmp_path / "bad.csv"
    bad.write_text(SHORT_HEADER.replace("birth_date", "birthdate") + ",note\n", encoding="utf-8")
    with pytest.raises(ImportHeaderError) as info:
        import_staff(ws, bad, as_of=AS_OF)
    columns = (
        "personal_id, full_name, birth_date, gender, category, unit_id, recruited_on [birthplace, hometown, "
        "ethnicity, religion, rank_code, grade, coefficient, salary_effective_date, work_kind, "
        "contract_kind, contract_end, job_position]"
    )
    assert info.value.message("en") == (
        f"{bad}: the header is not that of a staff file (missing columns: birth_date; unknown columns: "
        f"birthdate, note). The columns are: {columns}."
    )
    # a units header given as staff
    with pytest.raises(ImportHeaderError, match="missing columns: personal_id, full_name"):
        import_file(ws, EXAMPLES / "units.csv", kind="staff", as_of=AS_OF)
    # a header of neither kind
    with pytest.raises(ImportKindError) as kind_info:
        import_file(ws, io.StringIO("name,date\nA,2020-01-01\n"), as_of=AS_OF)
    assert kind_info.value.message("en") == (
        "<stream>: its header (name, date) is neither that of a units file (id, parent_id, kind, name) nor "
        "that of a staff file (personal_id, full_name, birth_date, gender, category, unit_id, recruited_on); "
        "check the header or give --kind units or --kind staff."
    )
    # not UTF-8 (Windows-1258 bytes)
    with pytest.raises(ImportEncodingError):
        import_file(ws, io.BytesIO(b"id,parent_id,kind,name\nKT.A,KT,department,S\xd2 A\n"), as_of=AS_OF)
    assert snapshot(engine) == before


def test_batches_and_progress(workspace_url: str) -> None:
    """Many small batches chain their audit entries correctly; progress reaches the file's size."""
    ws = examples_workspace(workspace_url)
    lines = [SHORT_HEADER]
    for i in range(1, 8):
        lines.append(f"0620900004{i:02d},Phạm Văn Số,1990-01-0{i},male,cong_chuc,KT.SNV,2015-01-01")
    data = ("\n".join(lines) + "\n").encode()
    seen: list[tuple[int, int | None]] = []
    for mode in ("all_or_nothing", "skip_bad_rows"):
        report = import_staff(
            ws,
            io.BytesIO(data),
            as_of=AS_OF,
            mode=mode,  # type: ignore[arg-type]
            batch_size=2,
            progress=lambda done, total: seen.append((done, total)),
        )
        data = data.replace(b"0620900004", b"0620900005")
        assert report.written == 7, report.rejected
    assert seen[-1][0] == len(data)
    assert ws.verify_audit().ok
    assert count(raw_engine(ws.url), db.Person) == 5 + 14


# -- the command line ----------------------------------------------------------------------------------


def test_cli_exit_codes_and_english_messages(workspace_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    examples_workspace(workspace_url)
    errors = str(EXAMPLES / "staff_with_errors.csv")
    code, out, err = run(
        capsys, "--lang", "en", "import", "--db", workspace_url, errors, "--as-of", "2026-03-01"
    )
    assert code == 2
    lines = out.splitlines()
    assert lines[0] == (
        "Row 3, column personal_id: '06208800011A' is not a personal identification number: 'A' at position "
        "12 is not a digit 0-9."
    )
    assert (
        lines[6]
        == "Row 9, column personal_id: the personal identification number 062090001234 is already in the database"
    )
    assert len(lines) == len(EXPECTED_ERRORS)
    assert " ".join(err.split()) == (
        f"{errors}: 12 of 14 rows are bad; nothing was written. Correct them, or import the 2 good rows "
        "with --skip-bad-rows."
    )

    code, out, err = run(
        capsys,
        "--lang",
        "en",
        "import",
        "--db",
        workspace_url,
        errors,
        "--as-of",
        "2026-03-01",
        "--skip-bad-rows",
    )
    assert code == 0, err
    assert out.splitlines()[-1] == f"{errors}: imported 2 rows (staff); 12 bad rows were skipped."

    # everything in it is now in the database: no good row left
    code, out, err = run(
        capsys,
        "--lang",
        "en",
        "import",
        "--db",
        workspace_url,
        errors,
        "--as-of",
        "2026-03-01",
        "--skip-bad-rows",
    )
    assert code == 2
    assert err.strip() == f"{errors}: no row is good; nothing was written."


def test_cli_vietnamese_by_default(workspace_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    examples_workspace(workspace_url)
    errors = str(EXAMPLES / "staff_with_errors.csv")
    code, out, _err = run(capsys, "import", "--db", workspace_url, errors, "--as-of", "2026-03-01")
    assert code == 2
    # the model's own messages, already in the catalogue
    assert "'1990-02-30' không phải là ngày hợp lệ; hãy viết theo dạng YYYY-MM-DD, ví dụ 2026-03-12." in out
    assert "Đối tượng 'cong chuc' không có trong danh mục của RULES.md" in out
    if _("Row {row}, column {column}", "vi") == "Row {row}, column {column}":
        pytest.skip("the new messages of the importer are not translated yet (the lead adds them)")
    assert "Dòng 10, cột birth_date: '1990-02-30' không phải là ngày hợp lệ" in out


def test_cli_wrong_header_and_json(
    workspace_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    examples_workspace(workspace_url)
    bad = tmp_path / "staff.csv"
    bad.write_text("personal_id;full_name\n", encoding="utf-8")
    code, out, err = run(capsys, "--lang", "en", "import", "--db", workspace_url, str(bad))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert " ".join(err.split()).startswith(
        f"Error: {bad}: the header is not that of a staff file (missing columns: birth_date, gender, "
        "category, unit_id, recruited_on)."
    )
    import json

    code, out, err = run(
        capsys,
        "--lang",
        "en",
        "import",
        "--db",
        workspace_url,
        str(EXAMPLES / "staff_with_errors.csv"),
        "--as-of",
        "2026-03-01",
        "--json",
    )
    assert code == 2
    data = json.loads(out)
    assert (data["rows"], data["accepted"], data["written"], data["rejected_rows"]) == (14, 2, 0, 12)
    assert data["rejected"][4] == {
        "row": 7,
        "column": "unit_id",
        "reason": "unit {unit} does not exist",
        "fields": {"unit": "KT.XYZ"},
        "message": "unit KT.XYZ does not exist",
    }


def test_a_failing_write_rolls_back_everything(workspace_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """An error while writing the third batch reaches the caller, and the batches before it are
    rolled back with the rest."""
    from cbccvc_core import importer
    from cbccvc_core.service import WorkspaceError

    ws = examples_workspace(workspace_url)
    engine = raw_engine(workspace_url)
    before = snapshot(engine)
    real = importer._Importer._write_people
    calls = []

    def failing(self, s, batch):
        calls.append(len(batch))
        if len(calls) == 3:
            raise WorkspaceError(url=ws.url, detail="disk full")
        real(self, s, batch)

    monkeypatch.setattr(importer._Importer, "_write_people", failing)
    lines = [SHORT_HEADER] + [
        f"0620900006{i:02d},Tạ Văn Sáu,1990-01-01,male,cong_chuc,KT.SNV,2015-01-01" for i in range(1, 11)
    ]
    with pytest.raises(WorkspaceError, match="disk full"):
        import_staff(ws, io.StringIO("\n".join(lines) + "\n"), as_of=AS_OF, batch_size=2)
    assert snapshot(engine) == before


def test_cli_rejects_an_unknown_kind(workspace_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    examples_workspace(workspace_url)
    code, out, err = run(
        capsys,
        "--lang",
        "en",
        "import",
        "--db",
        workspace_url,
        str(EXAMPLES / "units.csv"),
        "--kind",
        "people",
    )
    assert code == 2 and out == ""
    assert "--kind" in err and "write units or staff" in err


def test_text_is_stored_nfc(workspace_url: str) -> None:
    """Decomposed text (NFD, as some Mac and web forms write it) is stored composed (NFC)."""
    import unicodedata

    ws = examples_workspace(workspace_url)
    name, place = "Nguyễn Thị Ánh", "Đắk Tô"
    text = f"{SHORT_HEADER},birthplace\n062191000901,  {name}  ,1991-01-01,NỮ,vien_chuc,KT.SNV,2015-01-01,{place}\n"
    report = import_staff(ws, io.StringIO(unicodedata.normalize("NFD", text)), as_of=AS_OF)
    assert report.written == 1, report.rejected
    data = ws.dossier(6)
    assert data["person"]["full_name"] == name and unicodedata.is_normalized("NFC", name)
    assert data["person"]["gender"] == "female"
    expected = DossierContent(
        identity=Identity(
            full_name=name,
            gender="female",
            birth_date=date(1991, 1, 1),
            personal_id="062191000901",
            birthplace=place,
        )
    )
    assert data["revision"]["content_hash"] == content_hash(expected)
