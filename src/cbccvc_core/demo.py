"""The main job: a province's year on the dossier workflow (``cbccvc demo``).

:func:`run_demo` builds a province on a fresh database (SQLite by default, PostgreSQL by URL)
and plays one year of its life through the service API (:class:`~cbccvc_core.service.Actor`
methods only, never by writing tables):

- the unit tree: UBND tỉnh; Sở Nội vụ and the other sở, ban, ngành with their chi cục and
  their đơn vị sự nghiệp (trường, bệnh viện, trung tâm); provincial hội; the districts (UBND
  huyện, thị xã, thành phố: the province's real districts) with their communes (xã, phường,
  thị trấn) and schools;
- accounts: the Sở Nội vụ admin; one agency account per unit; the head of each unit (role
  ``unit_head``, or ``district_chairman`` where the province's approval policy names it) and
  deputies (``deputy_head``, ``district_vice_chairman``) with personal accounts; delegations
  (ủy quyền) where the province's text allows them; admin grants where the text lets units
  issue personal accounts;
- the staff (default 2,000): Vietnamese names (Kinh and the province's other peoples), genders
  consistent with the personal identification number (số định danh cá nhân), categories in
  realistic proportions per kind of unit, contract workers on the Annex II contract form;
  loaded at the end of the year before the one played, through :mod:`cbccvc_core.importer`
  (existing staff: no event, no obligation);
- the year: recruitments, personal changes, state decisions, monthly submissions approved in
  the month-end window, transfers of every kind the province regulates, retirements,
  resignations and deaths; every act on a working day of the workspace's calendar; a seeded
  share of obligations done late and a few never done.

How the year is played: each storyline act (a recruitment, a change, a transfer, an exit) is
put on a calendar of tasks; after every act the dossier's new obligations are read back from
the database and each gets a fate drawn from its unit's diligence: done on a working day before
its due date (approvals on the approver's signing day in the month-end window), done some days
late, or never; the act that discharges it (a submission, an approval, an account, a transfer
step, a completion by hand) is put on the calendar for that day. Days are played in order.

It then summarises compliance per unit group (the subtree of each sở, district, …) for the
obligations the year started. Deterministic for a given seed (whatever ``PYTHONHASHSEED``).
"""

from __future__ import annotations

import csv
import heapq
import io
import random
import tempfile
import time
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
from sqlalchemy import and_, case, func, inspect, or_, select
from sqlalchemy.exc import SQLAlchemyError

from .audit import VerifyResult
from .db import schema as db
from .db.engine import open_engine, sqlite_file
from .errors import CbccvcError
from .i18n import N_
from .model.dossier import (
    Contract,
    ContractWorkerContent,
    Degree,
    DossierContent,
    Education,
    Employer,
    Employment,
    EthnicityReligion,
    Identity,
    Job,
    Pay,
    Qualifications,
    Relative,
    Reward,
    Salary,
    SalaryStep,
    Training,
    WorkerIdentity,
    WorkPeriod,
)
from .model.people import PROVINCE_CODES, PersonRecord, kontum_identifier
from .registry import Registry, default_registry
from .rules.engine import deadlines
from .rules.types import RuleSet
from .service import Actor, Workspace
from .signing.approvals import signature_required, verify_approvals
from .signing.pki import TestPKI
from .signing.signer import Signer

ProgressFn = Callable[[str, int, int], None]
"""``progress(phase, done, total)``: phase is ``setup``, ``staff``, ``year`` or ``summary``."""

Content = DossierContent | ContractWorkerContent

MIN_STAFF = 40
DEFAULT_STAFF = 2000
DEFAULT_PROVINCE = "kontum"


class DemoError(CbccvcError):
    template = N_("Cannot run the demo: {why}")


# ================================================================================================
# Data: names, units, the provinces' districts and communes
# ================================================================================================

# Họ (family names) with rough frequencies among the Kinh.
_SURNAMES = tuple(
    (name, float(weight))
    for name, weight in (
        item.split(":")
        for item in (
            "Nguyễn:31 Trần:11 Lê:9.5 Phạm:7 Hoàng:4 Huỳnh:3 Phan:4.5 Vũ:2.5 Võ:3 Đặng:2.1 Bùi:2 Đỗ:1.4 "
            "Hồ:1.3 Ngô:1.3 Dương:1 Lý:0.5 Đinh:0.8 Trương:0.8 Lương:0.5 Đoàn:0.5 Mai:0.5 Hà:0.5 Cao:0.4 "
            "Lâm:0.3 Châu:0.3 Tạ:0.2 Tô:0.2 Thái:0.2 Kiều:0.1 Quách:0.1"
        ).split()
    )
)
_MIDDLE_MALE = tuple(
    "Văn Văn Văn Hữu Đức Minh Quang Thanh Công Xuân Ngọc Anh Trọng Quốc Tuấn Hoàng Thành Đình Bá Gia Duy "
    "Nhật".split()
)
_MIDDLE_FEMALE = tuple(
    "Thị Thị Thị Thị Ngọc Thu Thanh Minh Kim Bích Hồng Thúy Mai Phương Diệu Hoài Khánh Quỳnh Bảo".split()
)
_GIVEN_MALE = tuple(
    "An Bảo Bình Cường Dũng Duy Đạt Đức Giang Hải Hiếu Hòa Hoàng Hùng Huy Hưng Khang Khánh Khoa Kiên "
    "Lâm Long Lộc Mạnh Minh Nam Nghĩa Nhân Phong Phúc Phước Quân Quang Sơn Tài Tâm Thắng Thành Thịnh "
    "Thông Tiến Toàn Trí Trung Tuấn Tùng Việt Vinh Vũ".split()
)
_GIVEN_FEMALE = tuple(
    "Anh Châu Chi Dung Duyên Giang Hà Hạnh Hằng Hiền Hoa Hồng Huệ Hương Hường Lan Liên Linh Loan Mai "
    "My Nga Ngân Ngọc Nhung Oanh Phương Quyên Quỳnh Tâm Thảo Thu Thủy Trang Trinh Tuyết Uyên Vân Xuân "
    "Yến".split()
)


def _districts(text: str) -> tuple[tuple[str, str], ...]:
    """``"thành phố Kon Tum; huyện Đắk Glei"`` → ``(("thành phố", "Kon Tum"), ("huyện", "Đắk Glei"))``."""
    out = []
    for item in text.split(";"):
        item = item.strip()
        kind = next(k for k in ("thành phố", "thị xã", "huyện") if item.startswith(k))
        out.append((kind, item[len(kind) :].strip()))
    return tuple(out)


def _names(text: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in text.split(","))


@attrs.frozen
class _Province:
    """What the demo knows of a province's geography and people."""

    prefix: str
    """Unit id prefix, e.g. ``KT``."""
    code: str
    """Mã tỉnh of birth registration (digits 1-3 of the personal identification number)."""
    districts: tuple[tuple[str, str], ...]
    """(kind, name): ``thành phố``, ``thị xã`` or ``huyện``."""
    wards: tuple[str, ...]
    communes: tuple[str, ...]
    specialist_school: str
    neighbours: tuple[str, ...]
    minority: str | None
    """Which naming tradition the province's minority staff follow (see :func:`_minority_name`)."""
    minority_share: float


_GENERIC_COMMUNES = tuple(
    (
        "Tân Lập,Hòa Bình,Đoàn Kết,Quyết Thắng,Thống Nhất,Tân Tiến,Phú Hòa,Hòa Thuận,Tân Thành,"
        "Bình Minh,Hiệp Hòa,Xuân Phú,Tân An,Quảng Phú,Thắng Lợi,Trung Hòa,Đông Hòa,Tân Hiệp,Hưng Thịnh,"
        "Tân Bình,Vĩnh Thành,An Phú,Phú Lộc,Hòa Phú,Kim Sơn,Thanh Sơn,Hòa Xuân,Tân Phong,Long Hưng,"
        "Minh Đức,Yên Hòa,Đại Đồng,Quang Trung,Hồng Phong,Nghĩa Hưng,Cát Tiên"
    ).split(",")
)

_PROVINCES: dict[str, _Province] = {
    "kontum": _Province(
        prefix="KT",
        code="062",
        districts=_districts(
            "thành phố Kon Tum; huyện Đắk Glei; huyện Ngọc Hồi; huyện Đắk Tô; huyện Kon Plông; huyện Kon Rẫy; huyện Đắk Hà; huyện Sa Thầy; huyện Tu Mơ Rông; huyện Ia H'Drai"
        ),
        wards=tuple(
            "Quyết Thắng,Thắng Lợi,Thống Nhất,Quang Trung,Duy Tân,Trường Chinh,Lê Lợi,Nguyễn Trãi,"
            "Ngô Mây,Trần Hưng Đạo".split(",")
        ),
        communes=tuple(
            (
                "Đắk Blà,Đắk Cấm,Ngọk Bay,Ia Chim,Kroong,Vinh Quang,Hòa Bình,Chư Hreng,Đắk Rơ Wa,Đắk Kôi,"
                "Đắk Ruồng,Tân Lập,Đắk Tơ Lung,Mô Rai,Rờ Kơi,Sa Nhơn,Sa Bình,Ya Xiêr,Đắk Pxi,Ngọk Wang,"
                "Ngọk Réo,Hà Mòn,Đắk Mar,Đắk Ui,Diên Bình,Pô Kô,Tân Cảnh,Kon Đào,Đắk Trăm,Văn Lem,"
                "Đắk Rơ Nga,Đắk Ang,Đắk Dục,Bờ Y,Sa Loong,Đắk Kan,Măng Cành,Hiếu,Pờ Ê,Đắk Long,Đắk Pék,"
                "Đắk Choong,Xốp,Mường Hoong,Ngọc Linh,Ia Dom,Ia Đal,Ia Tơi"
            ).split(",")
        ),
        specialist_school="Trường THPT chuyên Nguyễn Tất Thành",
        neighbours=("064", "051", "049", "052", "040", "038", "042", "034", "036", "001"),
        minority="kontum",
        minority_share=0.3,
    ),
    "daklak": _Province(
        prefix="DL",
        code="066",
        districts=_districts(
            "thành phố Buôn Ma Thuột; thị xã Buôn Hồ; huyện Ea H'Leo; huyện Ea Súp; huyện Buôn Đôn; huyện Cư M'gar; huyện Krông Búk; huyện Krông Năng; huyện Ea Kar; huyện M'Đrắk; huyện Krông Bông; huyện Krông Pắc; huyện Krông A Na; huyện Lắk; huyện Cư Kuin"
        ),
        wards=tuple(
            "Tân Lợi,Tân An,Tân Hòa,Tân Lập,Tân Tiến,Tân Thành,Thành Công,Thành Nhất,Thắng Lợi,"
            "Thống Nhất,Tự An,Ea Tam,Khánh Xuân,An Lạc,An Bình,Đạt Hiếu".split(",")
        ),
        communes=tuple(
            (
                "Ea Kao,Hòa Thắng,Ea Tu,Cư Êbur,Hòa Khánh,Hòa Phú,Hòa Xuân,Ea Drông,Cư Pơng,Ea Tul,"
                "Krông Jing,Buôn Triết,Dray Sáp,Ea Na,Ea Bông,Ea Kly,Ea Yông,Hòa An,Ea Phê,Ea Kuăng,Cư Né,"
                "Pơng Drang,Ea Sin,Ea Hiao,Ea Ral,Dliê Yang,Ea Wy,Ea Rốk,Ea Lê,Krông Na,Ea Huar,Ea Wer,"
                "Ea Kmút,Cư Huê,Ea Păl,Cư Prao,Ea Riêng,Yang Mao,Hòa Lễ,Buôn Tría,Đắk Liêng,Yang Tao,"
                "Bông Krang,Ea Tiêu,Ea Ktur,Dray Bhăng"
            ).split(",")
        ),
        specialist_school="Trường THPT chuyên Nguyễn Du",
        neighbours=("064", "067", "068", "054", "056", "040", "038", "042", "037", "001"),
        minority="ede",
        minority_share=0.2,
    ),
    "dongnai": _Province(
        prefix="DN",
        code="075",
        districts=_districts(
            "thành phố Biên Hòa; thành phố Long Khánh; huyện Tân Phú; huyện Vĩnh Cửu; huyện Định Quán; huyện Trảng Bom; huyện Thống Nhất; huyện Cẩm Mỹ; huyện Long Thành; huyện Xuân Lộc; huyện Nhơn Trạch"
        ),
        wards=tuple(
            (
                "Trảng Dài,Tân Phong,Tân Biên,Hố Nai,Tân Hòa,Tân Hiệp,Bửu Long,Tân Mai,Tam Hiệp,Long Bình,"
                "Quang Vinh,Thống Nhất,Trung Dũng,Hòa Bình,Bửu Hòa,Long Bình Tân,Tân Vạn,An Bình,Xuân An,"
                "Xuân Trung,Xuân Thanh,Xuân Bình,Xuân Hòa,Phú Bình,Bàu Sen,Suối Tre,Bảo Vinh,Xuân Tân"
            ).split(",")
        ),
        communes=tuple(
            (
                "Phước Thiền,Long Phước,Bàu Hàm,Xuân Bắc,Phú Hữu,Trị An,Thạnh Phú,Bình Lợi,Suối Cát,"
                "Hiếu Liêm,Tân An,Thiện Tân,Vĩnh Tân,Phú Lý,Mã Đà,Phú Vinh,Phú Tân,Gia Canh,Thanh Sơn,"
                "Phú Lâm,Phú Thanh,Nam Cát Tiên,Tà Lài,Sông Trầu,Bắc Sơn,Bình Minh,Quảng Tiến,Hưng Thịnh,"
                "Gia Kiệm,Quang Trung,Xuân Thiện,Sông Ray,Xuân Mỹ,Lâm San,Long Đức,Bình Sơn,Tam An,"
                "An Phước,Long An,Xuân Hiệp,Xuân Phú,Suối Cao,Xuân Định,Hiệp Phước,Long Tân,Đại Phước,"
                "Phước Khánh,Vĩnh Thanh"
            ).split(",")
        ),
        specialist_school="Trường THPT chuyên Lương Thế Vinh",
        neighbours=("079", "074", "070", "068", "060", "077", "040", "038", "036", "034"),
        minority="hoa",
        minority_share=0.05,
    ),
    "quangnam": _Province(
        prefix="QN",
        code="049",
        districts=_districts(
            "thành phố Tam Kỳ; thành phố Hội An; thị xã Điện Bàn; huyện Tây Giang; huyện Đông Giang; huyện Đại Lộc; huyện Duy Xuyên; huyện Quế Sơn; huyện Nam Giang; huyện Phước Sơn; huyện Hiệp Đức; huyện Thăng Bình; huyện Tiên Phước; huyện Bắc Trà My; huyện Nam Trà My; huyện Núi Thành; huyện Phú Ninh; huyện Nông Sơn"
        ),
        wards=tuple(
            (
                "An Mỹ,An Xuân,An Sơn,Hòa Hương,Phước Hòa,Tân Thạnh,Trường Xuân,An Phú,Hòa Thuận,Minh An,"
                "Sơn Phong,Cẩm Phô,Tân An,Cẩm Châu,Cẩm An,Thanh Hà,Cửa Đại,Điện An,Điện Dương,Điện Minh,"
                "Vĩnh Điện"
            ).split(",")
        ),
        communes=tuple(
            (
                "Tam Thăng,Tam Phú,Tam Ngọc,Tam Thanh,Duy Vinh,Duy Hải,Duy Trinh,Bình Triều,Bình Minh,"
                "Bình Dương,Quế Phú,Tiên Cảnh,Tiên Kỳ,Đại Hồng,Đại Lãnh,Đại Nghĩa,Cẩm Thanh,Cẩm Hà,"
                "Tam Hiệp,Tam Nghĩa,Tam Quang,Tam Xuân,Tam An,Tam Đàn,Tam Lộc,Tam Thành,A Xan,Ch'ơm,Ga Ri,"
                "Lăng,Tr'hy,Ma Cooih,Ta Lu,Sông Kôn,Tà Bhing,Chà Vàl,Zuôih,Phước Mỹ,Phước Năng,Khâm Đức,"
                "Hiệp Thuận,Bình Lâm,Trà Mai,Trà Don,Trà Sơn,Trà Đốc,Quế Lâm,Quế Trung,Sơn Viên"
            ).split(",")
        ),
        specialist_school="Trường THPT chuyên Nguyễn Bỉnh Khiêm",
        neighbours=("048", "051", "062", "046", "052", "040", "038", "042", "045", "001"),
        minority="cotu",
        minority_share=0.06,
    ),
    "tuyenquang": _Province(
        prefix="TQ",
        code="008",
        districts=_districts(
            "thành phố Tuyên Quang; huyện Lâm Bình; huyện Na Hang; huyện Chiêm Hóa; huyện Hàm Yên; huyện Yên Sơn; huyện Sơn Dương"
        ),
        wards=tuple(
            "Phan Thiết,Minh Xuân,Tân Quang,Ỷ La,Hưng Thành,Tân Hà,Nông Tiến,Đội Cấn,Mỹ Lâm,An Tường,"
            "Lưỡng Vượng,Tràng Đà,An Khang".split(",")
        ),
        communes=tuple(
            (
                "Kim Phú,Thái Long,Trung Sơn,Hồng Thái,Lăng Can,Vĩnh Lộc,Tân Trào,Minh Thanh,Phúc Ninh,"
                "Yên Thuận,Thượng Lâm,Khuôn Hà,Năng Khả,Thanh Tương,Sơn Phú,Côn Lôn,Hòa An,Trung Hà,"
                "Kim Bình,Tân Mỹ,Phù Lưu,Minh Hương,Bình Xa,Yên Phú,Thái Sơn,Xuân Vân,Lực Hành,Chân Sơn,"
                "Nhữ Hán,Tứ Quận,Hợp Thành,Sơn Nam,Đông Thọ,Hồng Lạc,Vân Sơn,Kháng Nhật,Tú Thịnh,Đại Phú,"
                "Hào Phú,Sầm Dương"
            ).split(",")
        ),
        specialist_school="Trường THPT chuyên Tuyên Quang",
        neighbours=("002", "015", "019", "025", "026", "006", "001", "034", "036", "038"),
        minority="tay",
        minority_share=0.35,
    ),
}


def _generic_province(rs: RuleSet) -> _Province:
    """For a province the demo has no geography for: plausible district and commune names."""
    code = next((c for c, name in PROVINCE_CODES.items() if name == rs.profile.name), "001")
    names = ("Trung Tâm", "Bắc Sơn", "Nam Sơn", "Đông Hà", "Tây Sơn", "Phú Bình", "An Lạc", "Hòa Vang")
    return _Province(
        prefix=rs.code[:2].upper(),
        code=code,
        districts=(("thành phố", rs.profile.name), *(("huyện", n) for n in names)),
        wards=_GENERIC_COMMUNES[:12],
        communes=_GENERIC_COMMUNES,
        specialist_school=f"Trường THPT chuyên {rs.profile.name}",
        neighbours=("001", "079", "048", "031", "092"),
        minority=None,
        minority_share=0.0,
    )


# Minority naming traditions: (male form, female form, surname/clan list, given names, ethnicities).
_KONTUM_GIVEN = (
    "Thuân Blông Hơi Dũng Kiên Pớt Vương Hùng Sơn Mưu Lứ Nhong Hlin Nhơn Dơn Hiên Tuyết Ly".split()
)
_EDE_MALE = "Ngông Biêr Khiêm Thinh Suôn Bhin Jrăng Kông Lim Dhăm Nuê Wang".split()
_EDE_FEMALE = "Hen Ban Yim Nguyên Doan Luyện Mai Linh Thu Yơn Ni Bia".split()
_EDE_CLANS = ("Niê", "Êban", "Mlô", "Byă", "Ksơr", "Adrơng", "Buôn Yă", "Kbuôr", "Hwing", "Knul", "Bkrông")
_COTU_SURNAMES = ("Alăng", "Bríu", "Bhling", "Zơrâm", "Clâu", "Arất", "Pơloong", "Hôih", "Ating")
_TAY_SURNAMES = tuple(
    (name, "Dao" if name in ("Triệu", "Bàn", "Lý") else "Tày")
    for name in ("Ma", "Nông", "Hà", "Lộc", "Quan", "Chu", "Triệu", "Bàn", "Lý")
)
_HOA_SURNAMES = ("Lâm", "Trương", "Quách", "Lưu", "Tạ", "Diệp", "Lý", "Hứa")


def _kinh_name(rng: random.Random, male: bool, surname: str | None = None) -> str:
    sur = surname or rng.choices([s for s, _w in _SURNAMES], [w for _s, w in _SURNAMES])[0]
    middle = rng.choice(_MIDDLE_MALE if male else _MIDDLE_FEMALE)
    given = rng.choice(_GIVEN_MALE if male else _GIVEN_FEMALE)
    if middle == given:
        middle = "Văn" if male else "Thị"
    return f"{sur} {middle} {given}"


def _minority_name(rng: random.Random, tradition: str, male: bool) -> tuple[str, str]:
    """(full name, ethnicity) in the naming tradition of the province's other peoples."""
    if tradition == "kontum":  # Xơ Đăng, Ba Na, Giẻ Triêng: A for men, Y for women
        ethnicity = rng.choice(("Xơ Đăng", "Ba Na", "Giẻ Triêng"))
        return f"{'A' if male else 'Y'} {rng.choice(_KONTUM_GIVEN)}", ethnicity
    if tradition == "ede":  # Ê Đê: Y for men, H' for women, then the clan
        given = rng.choice(_EDE_MALE if male else _EDE_FEMALE)
        clan = rng.choice(_EDE_CLANS)
        return (f"Y {given} {clan}" if male else f"H'{given} {clan}"), "Ê Đê"
    if tradition == "cotu":
        return _kinh_name(rng, male, rng.choice(_COTU_SURNAMES)), "Cơ Tu"
    if tradition == "tay":
        sur, ethnicity = rng.choice(_TAY_SURNAMES)
        return _kinh_name(rng, male, sur), ethnicity
    if tradition == "hoa":
        return _kinh_name(rng, male, rng.choice(_HOA_SURNAMES)), "Hoa"
    return _kinh_name(rng, male), "Kinh"


def _ascii(text: str) -> str:
    """``Nguyễn Văn An`` → ``nguyenvanan`` (for usernames)."""
    text = text.replace("Đ", "D").replace("đ", "d")
    flat = unicodedata.normalize("NFD", text)
    return "".join(c for c in flat if c.isascii() and c.isalnum()).lower()


# -- the unit catalogue ---------------------------------------------------------------------------
# (abbreviation, name, children: (abbreviation, name, kind, sector))
_DEPARTMENTS: tuple[tuple[str, str, tuple[tuple[str, str, str, str], ...]], ...] = (
    (
        "SNV",
        "Sở Nội vụ",
        (
            ("VTLT", "Chi cục Văn thư - Lưu trữ", "sub_department", "admin"),
            ("TDKT", "Ban Thi đua - Khen thưởng", "sub_department", "admin"),
            ("TG", "Ban Tôn giáo", "sub_department", "admin"),
        ),
    ),
    ("VP", "Văn phòng UBND tỉnh", (("HCC", "Trung tâm Phục vụ hành chính công tỉnh", "psu", "center"),)),
    ("STC", "Sở Tài chính", ()),
    (
        "SGD",
        "Sở Giáo dục và Đào tạo",
        (
            ("CHUYEN", "{specialist_school}", "psu", "school"),
            ("PBC", "Trường THPT Phan Bội Châu", "psu", "school"),
            ("TP", "Trường THPT Trần Phú", "psu", "school"),
        ),
    ),
    (
        "SYT",
        "Sở Y tế",
        (
            ("BVDK", "Bệnh viện Đa khoa tỉnh", "psu", "hospital"),
            ("CDC", "Trung tâm Kiểm soát bệnh tật tỉnh", "psu", "hospital"),
            ("DSKH", "Chi cục Dân số - Kế hoạch hóa gia đình", "sub_department", "admin"),
            ("ATTP", "Chi cục An toàn vệ sinh thực phẩm", "sub_department", "admin"),
            ("YHCT", "Bệnh viện Y dược cổ truyền tỉnh", "psu", "hospital"),
        ),
    ),
    (
        "SNN",
        "Sở Nông nghiệp và Phát triển nông thôn",
        (
            ("KL", "Chi cục Kiểm lâm", "sub_department", "admin"),
            ("TL", "Chi cục Thủy lợi", "sub_department", "admin"),
            ("CNTY", "Chi cục Chăn nuôi và Thú y", "sub_department", "admin"),
            ("KN", "Trung tâm Khuyến nông", "psu", "center"),
        ),
    ),
    ("STNMT", "Sở Tài nguyên và Môi trường", (("VPDK", "Văn phòng Đăng ký đất đai", "psu", "center"),)),
    ("SKHDT", "Sở Kế hoạch và Đầu tư", ()),
    ("STP", "Sở Tư pháp", (("TGPL", "Trung tâm Trợ giúp pháp lý nhà nước", "psu", "center"),)),
    (
        "SLDTBXH",
        "Sở Lao động - Thương binh và Xã hội",
        (
            ("DVVL", "Trung tâm Dịch vụ việc làm", "psu", "center"),
            ("BTXH", "Trung tâm Bảo trợ xã hội", "psu", "center"),
        ),
    ),
    ("SCT", "Sở Công Thương", ()),
    ("SXD", "Sở Xây dựng", ()),
    ("SGTVT", "Sở Giao thông vận tải", ()),
    (
        "SVHTTDL",
        "Sở Văn hóa, Thể thao và Du lịch",
        (("BT", "Bảo tàng tỉnh", "psu", "center"), ("TV", "Thư viện tỉnh", "psu", "center")),
    ),
    ("STTTT", "Sở Thông tin và Truyền thông", ()),
    ("SKHCN", "Sở Khoa học và Công nghệ", ()),
    ("TTR", "Thanh tra tỉnh", ()),
    ("BDT", "Ban Dân tộc", ()),
)
_ROOT_PSUS = (
    ("DPTTH", "Đài Phát thanh và Truyền hình {province}", "media"),
    ("CDCD", "Trường Cao đẳng Cộng đồng {province}", "college"),
)
_ASSOCIATIONS = (
    "Hội Chữ thập đỏ tỉnh {province}",
    "Liên hiệp các Hội Văn học Nghệ thuật tỉnh {province}",
    "Hội Nhà báo tỉnh {province}",
    "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh {province}",
    "Hội Luật gia tỉnh {province}",
    "Hội Người mù tỉnh {province}",
    "Hội Đông y tỉnh {province}",
)
_DISTRICT_SCHOOLS = (
    "Trường THCS Nguyễn Du",
    "Trường Tiểu học Kim Đồng",
    "Trường Mầm non Hoa Sen",
    "Trường THCS Lê Quý Đôn",
    "Trường Tiểu học Lê Văn Tám",
    "Trường Mầm non Họa Mi",
    "Trường THCS Chu Văn An",
    "Trường Tiểu học Nguyễn Văn Trỗi",
)

# Staff weight of one unit of each sector: how many people it employs, relatively.
_WEIGHTS = {
    "department": 10.0,
    "admin": 6.0,
    "center": 8.0,
    "hospital": 60.0,
    "school": 35.0,
    "media": 18.0,
    "college": 25.0,
    "association": 3.0,
    "district": 16.0,
    "commune": 6.0,
    "district_school": 22.0,
}
# Share of women by sector.
_FEMALE = {"hospital": 0.65, "school": 0.7, "district_school": 0.75, "commune": 0.35, "district": 0.4}
# Categories by sector: (category, weight).
_CATEGORIES = {
    "department": (("cong_chuc", 85), ("contract_worker", 15)),
    "admin": (("cong_chuc", 85), ("contract_worker", 15)),
    "district": (("can_bo", 10), ("cong_chuc", 76), ("contract_worker", 14)),
    "commune": (("commune_official", 86), ("contract_worker", 14)),
    "association": (("vien_chuc", 45), ("cong_chuc", 20), ("contract_worker", 35)),
}
_PSU_CATEGORIES = (("vien_chuc", 88), ("contract_worker", 12))

# Rank (ngạch, chức danh nghề nghiệp) by sector: (code, name, pay scale).
_RANKS = {
    "cong_chuc": (
        ("01.003", "Chuyên viên", "A1", 60),
        ("01.002", "Chuyên viên chính", "A2", 15),
        ("01.004", "Cán sự", "B", 10),
        ("06.031", "Kế toán viên", "A1", 15),
    ),
    "can_bo": (("01.002", "Chuyên viên chính", "A2", 1),),
    "commune_official": (("01.003", "Chuyên viên", "A1", 70), ("01.004", "Cán sự", "B", 30)),
    "hospital": (
        ("V.08.01.03", "Bác sĩ", "A1", 35),
        ("V.08.05.12", "Điều dưỡng hạng III", "A1", 50),
        ("V.08.08.22", "Dược sĩ", "A1", 15),
    ),
    "school": (("V.07.05.15", "Giáo viên trung học phổ thông hạng III", "A1", 1),),
    "THCS": (("V.07.04.32", "Giáo viên trung học cơ sở hạng III", "A1", 1),),
    "Tiểu học": (("V.07.03.29", "Giáo viên tiểu học hạng III", "A1", 1),),
    "Mầm non": (("V.07.02.26", "Giáo viên mầm non hạng III", "A0", 1),),
    "other": (("01.003", "Chuyên viên", "A1", 1),),
}
# Pay scales (Nghị định 204/2004/NĐ-CP): first coefficient, step, number of grades.
_SCALES = {
    "A2": ("4.40", "0.34", 8),
    "A1": ("2.34", "0.33", 9),
    "A0": ("2.10", "0.31", 10),
    "B": ("1.86", "0.20", 12),
}
_YEARS_PER_GRADE = {"A2": 3, "A1": 3, "A0": 2, "B": 2}

_JOBS = {
    "department": (
        "Chuyên viên phòng Tổ chức - Hành chính",
        "Chuyên viên phòng Kế hoạch - Tài chính",
        "Chuyên viên quản lý chuyên ngành",
        "Thanh tra viên",
        "Kế toán",
    ),
    "admin": ("Chuyên viên", "Kiểm lâm viên", "Kế toán", "Văn thư"),
    "district": (
        "Chuyên viên Phòng Nội vụ",
        "Chuyên viên Phòng Tài chính - Kế hoạch",
        "Chuyên viên Phòng Tài nguyên và Môi trường",
        "Chuyên viên Văn phòng HĐND và UBND",
    ),
    "commune": (
        "Công chức Văn phòng - Thống kê",
        "Công chức Tư pháp - Hộ tịch",
        "Công chức Địa chính - Xây dựng",
        "Công chức Tài chính - Kế toán",
        "Công chức Văn hóa - Xã hội",
    ),
    "hospital": ("Bác sĩ điều trị", "Điều dưỡng", "Dược sĩ", "Kỹ thuật viên xét nghiệm"),
    "school": ("Giáo viên",),
    "district_school": ("Giáo viên",),
    "other": ("Chuyên viên", "Biên tập viên", "Kỹ thuật viên", "Giảng viên"),
}
_CONTRACT_JOBS = (
    ("Lái xe", "support_service"),
    ("Bảo vệ", "support_service"),
    ("Tạp vụ", "support_service"),
    ("Văn thư", "professional"),
    ("Kỹ thuật viên tin học", "professional"),
    ("Kế toán", "professional"),
)
_HEAD_TITLES = {
    "department": ("Giám đốc", "Phó Giám đốc"),
    "admin": ("Chi cục trưởng", "Phó Chi cục trưởng"),
    "center": ("Giám đốc", "Phó Giám đốc"),
    "hospital": ("Giám đốc", "Phó Giám đốc"),
    "school": ("Hiệu trưởng", "Phó Hiệu trưởng"),
    "district_school": ("Hiệu trưởng", "Phó Hiệu trưởng"),
    "college": ("Hiệu trưởng", "Phó Hiệu trưởng"),
    "media": ("Giám đốc", "Phó Giám đốc"),
    "association": ("Chủ tịch", "Phó Chủ tịch"),
    "district": ("Chủ tịch UBND", "Phó Chủ tịch UBND"),
    "commune": ("Chủ tịch UBND", "Phó Chủ tịch UBND"),
}
_DEGREES = (
    ("Trường Đại học Sư phạm - Đại học Đà Nẵng", "Sư phạm", "Cử nhân"),
    ("Trường Đại học Kinh tế Quốc dân", "Kinh tế", "Cử nhân"),
    ("Học viện Hành chính Quốc gia", "Quản lý nhà nước", "Cử nhân"),
    ("Trường Đại học Luật Hà Nội", "Luật", "Cử nhân"),
    ("Trường Đại học Y Dược Huế", "Y đa khoa", "Bác sĩ"),
    ("Trường Đại học Tây Nguyên", "Nông học", "Kỹ sư"),
    ("Trường Đại học Bách khoa Hà Nội", "Công nghệ thông tin", "Kỹ sư"),
    ("Trường Đại học Nông Lâm TP. Hồ Chí Minh", "Lâm nghiệp", "Kỹ sư"),
)


# ================================================================================================
# Results
# ================================================================================================


@attrs.frozen
class GroupSummary:
    """Compliance of one unit group (a sở, a district, … with everything under it)."""

    unit_id: str
    name: str
    kind: str
    done_on_time: int
    done_late: int
    open: int
    overdue: int

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def total(self) -> int:
        return self.done + self.open

    @property
    def on_time_rate(self) -> float | None:
        return None if self.done == 0 else self.done_on_time / self.done


@attrs.frozen
class DemoResult:
    """What :func:`run_demo` built and played, and the compliance it ended with."""

    url: str
    province: str
    province_name: str
    year: int
    seed: int
    staff: int
    """The initial staff, loaded in the year before."""
    units: int
    accounts: int
    delegations: int
    initial_load: str
    """``importer`` or ``recruit`` (Actor.recruit with decisions in the year before)."""
    acts: dict[str, int]
    """How many acts of each kind were played in the year (``recruit``, ``submit``, …)."""
    setup_acts: dict[str, int]
    """Acts of the setup and the initial load (``add_unit``, ``issue_account``, …)."""
    refused: dict[str, int]
    """Acts the services refused (there should be none), by act and error."""
    never: dict[str, int]
    """Obligations the demo chose never to do (and transfers left to stall), by name."""
    groups: tuple[GroupSummary, ...]
    total: GroupSummary
    """Obligations started in the year, as of 31 December."""
    carried: GroupSummary
    """Obligations started before the year (the initial load), as of 31 December."""
    people: dict[str, int]
    """Dossiers by employment state at the end of the year."""
    audit: VerifyResult
    seconds: float
    phases: dict[str, float]
    signatures: tuple[int, int] | None = None
    """Signed approvals (verified, total) where the province approves by digital signature."""


# ================================================================================================
# The simulation
# ================================================================================================


@attrs.define
class _Unit:
    id: str
    parent: str | None
    kind: str
    name: str
    sector: str
    weight: float
    path: str
    group: str
    level: str = ""
    agency: str | None = None
    head: str | None = None
    deputy: str | None = None
    staff: list[int] = attrs.Factory(list)
    late_p: float = 0.1
    never_p: float = 0.01


@attrs.define
class _Account:
    username: str
    kind: str
    unit: str
    role: str | None
    did: int | None


@attrs.define
class _Staff:
    did: int
    person: PersonRecord
    unit: str
    content: Content
    recruited: date
    male: bool
    ethnicity: str
    rank: tuple[str, str, str]
    rev: int = 1
    review: str = "entering"
    employment: str = "active"
    username: str | None = None
    role: str | None = None
    protected: bool = False
    leaving: bool = False
    stuck: bool = False
    transfer: int | None = None
    submit_planned: bool = False
    approval_day: date | None = None

    @property
    def category(self) -> str:
        return str(self.person.category)

    @property
    def free(self) -> bool:
        """May be picked for a change, a transfer or an exit."""
        return (
            self.employment == "active"
            and self.transfer is None
            and not self.leaving
            and not self.stuck
            and self.review != "submitted"
        )


@attrs.frozen
class _Row:
    """A person of the initial staff, before loading."""

    on: date
    decision: date
    index: int
    unit: _Unit
    person: PersonRecord
    content: Content
    male: bool
    ethnicity: str
    rank: tuple[str, str, str]
    position: str | None


@attrs.define
class _Transfer:
    id: int
    kind: str
    did: int
    src: str
    via: str | None
    dst: str
    state: str = "started"


@attrs.define
class _Delegation:
    delegator: str
    delegate: str
    unit: str
    valid_from: date
    valid_to: date | None

    def valid(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


_SUBMIT_OBLIGATIONS = frozenset(
    {
        "enter_dossier",
        "enter_personal_info",
        "complete_personal_info",
        "update_dossier",
        "declare_personal_changes",
        "create_new_dossier",
    }
)
_APPROVE_OBLIGATIONS = frozenset({"approve_dossier", "verify_supplement"})
_ACCOUNT_OBLIGATIONS = frozenset({"create_account", "request_personal_account", "issue_personal_account"})
_TRANSFER_OBLIGATIONS = frozenset({"move_dossier", "send_dossier", "forward_dossier", "complete_transfer"})
_STEP_OBLIGATIONS = {
    "move": ("move_dossier",),
    "send": ("send_dossier",),
    "forward": ("forward_dossier", "complete_transfer"),
    "complete": ("forward_dossier", "complete_transfer"),
    "receive_last": ("forward_dossier", "complete_transfer"),
    "create_dossier": ("forward_dossier", "complete_transfer"),
}
#: Transfer kinds and the event whose rules make the province "regulate" them.
_TRANSFER_KINDS = (
    ("internal_move", "internal_move_effective"),
    ("within_province", "transfer_effective"),
    ("inbound", "dossier_handed_over"),
    ("inbound_unsyncable", "unsyncable_transfer_in"),
    ("commune_to_commune", "commune_transfer_effective"),
)
_RETURN_REASONS = (
    "Thiếu bản sao văn bằng, chứng chỉ; đề nghị bổ sung",
    "Quá trình công tác chưa khớp với quyết định; đề nghị kiểm tra lại",
    "Thông tin gia đình chưa đầy đủ; đề nghị bổ sung",
)


_REFUSED: Any = object()


def _plus(items: Sequence[Any], item: Any) -> Any:
    """``items`` with ``item`` appended, as a tuple (for the attrs fields that convert lists)."""
    return (*items, item)


def _add_months(day: date, months: int) -> date:
    m0 = day.month - 1 + months
    year, month = day.year + m0 // 12, m0 % 12 + 1
    last = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def _month_after(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def retirement_day(birth: date, male: bool) -> date:
    """The day a person's retirement takes effect (the 1st of the month after the month they
    reach retirement age). Nghị định 135/2020/NĐ-CP Điều 4: 60 years 3 months for men and 55
    years 4 months for women in 2021, then 3 (men) or 4 (women) months more each year, up to 62
    and 60."""
    for year in range(birth.year + 55, birth.year + 63):
        if male:
            months = 720 + (min(24, 3 * (year - 2020)) if year >= 2021 else 0)
        else:
            months = 660 + (min(60, 4 * (year - 2020)) if year >= 2021 else 0)
        reach = _add_months(birth, months)
        if reach.year <= year:
            return _month_after(reach)
    return _month_after(_add_months(birth, 744))


def _coefficient(scale: str, grade: int) -> Decimal:
    first, step, _n = _SCALES[scale]
    return Decimal(first) + Decimal(step) * (grade - 1)


class _Demo:
    def __init__(
        self,
        ws: Workspace,
        *,
        staff: int,
        year: int,
        seed: int,
        progress: ProgressFn | None,
    ) -> None:
        self.ws = ws
        self.rs = ws.ruleset
        self.cal = ws.calendar
        self.n = staff
        self.year = year
        self.seed = seed
        self.progress = progress
        self.prov = _PROVINCES.get(self.rs.code) or _generic_province(self.rs)
        self.rng = random.Random(f"cbccvc-demo-{seed}-{self.rs.code}")
        self.start = date(year, 1, 1)
        self.end = date(year, 12, 31)
        first = date(year - 1, 1, 1)
        self.workdays = [
            first + timedelta(days=i)
            for i in range((date(year + 1, 12, 31) - first).days + 1)
            if self.cal.is_working_day(first + timedelta(days=i))
        ]
        self.setup_day = self.workdays[0]
        self.year_days = self._wd_between(self.start, self.end)
        self.today = self.setup_day
        self.units: dict[str, _Unit] = {}
        self.accounts: dict[str, _Account] = {}
        self.actors: dict[str, Actor] = {}
        self.staff: dict[int, _Staff] = {}
        self.ids: list[int] = []
        self.pids: set[str] = set()
        self.usernames: set[str] = set()
        self.delegations: list[_Delegation] = []
        self.transfers: dict[int, _Transfer] = {}
        self.admin = f"{self.prov.prefix.lower()}.snv.admin"
        self.root = self.prov.prefix
        self.heap: list[tuple[date, int, Callable[..., None], tuple[Any, ...]]] = []
        self.seq = 0
        self.seen: set[int] = set()
        self.step_fates: dict[int, dict[str, list[tuple[int, date | None]]]] = {}
        self.signing: dict[tuple[str, int, int], date] = {}
        self.pki: TestPKI | None = None
        """Test certificates made on the fly, where the province approves by digital signature."""
        self.acts: Counter[str] = Counter()
        self.setup_acts: Counter[str] = Counter()
        self.refused: Counter[str] = Counter()
        self.refusals: list[str] = []
        self.counter = 0
        self.in_year = False
        self.ticks: Counter[str] = Counter()
        self.phase_total: dict[str, int] = {}
        self.never: Counter[str] = Counter()
        self.role_cache: dict[str, frozenset[str]] = {}
        events = {r.event for r in self.rs.deadlines}
        self.events = events
        self.recruit_event = (
            "reported_for_duty"
            if "reported_for_duty" in events and "recruitment_decision" not in events
            else "recruitment_decision"
        )
        self.has_approval_rule = "dossier_updated" in events
        policy = self.rs.approval
        self.signer = policy.own_dossier_signer if policy else None
        all_roles = {a.role for a in policy.approvers} if policy else {"unit_head"}
        delegation_roles = {d.delegator for d in policy.delegations} if policy else set()
        self.chairman = "district_chairman" in all_roles | delegation_roles
        self.vice_chairman = bool(policy) and any(
            d.delegate == "district_vice_chairman" for d in (policy.delegations if policy else ())
        )
        issuers = (
            {i.issued_by for i in self.rs.accounts.issuance if i.kind.value == "personal"}
            if (self.rs.accounts)
            else set()
        )
        self.personal_accounts = bool(issuers)
        self.units_issue = bool(issuers & {"employing_unit", "district_committee", "receiving_unit"})

    # -- calendar -----------------------------------------------------------------------------------
    def _wd(self, day: date, n: int = 0) -> date:
        """The working day on or after ``day`` (n = 0), or the n-th after it."""
        if n == 0:
            i = bisect_left(self.workdays, day)
        else:
            i = bisect_right(self.workdays, day) + n - 1
        if i >= len(self.workdays):
            return self.workdays[-1] + timedelta(days=1 + n)
        return self.workdays[i]

    def _wd_between(self, a: date, b: date) -> list[date]:
        return self.workdays[bisect_left(self.workdays, a) : bisect_right(self.workdays, b)]

    def _year_day(self, lo_frac: float = 0.0, hi_frac: float = 1.0) -> date:
        days = self.year_days
        a, b = int(lo_frac * (len(days) - 1)), int(hi_frac * (len(days) - 1))
        return days[self.rng.randint(a, b)]

    # -- tasks --------------------------------------------------------------------------------------
    def _at(self, day: date, fn: Callable[..., None], *args: Any) -> None:
        self.seq += 1
        heapq.heappush(self.heap, (max(day, self.today), self.seq, fn, args))

    def _ref(self, what: str, by: str, day: date) -> str:
        self.counter += 1
        return f"{what} số {self.counter}/{by} ngày {day:%d/%m/%Y}"

    # -- acting -------------------------------------------------------------------------------------
    def _actor(self, username: str) -> Actor:
        actor = self.actors.get(username)
        if actor is None:
            actor = self.actors[username] = self.ws.as_account(username)
        return actor

    def _agency(self, unit_id: str) -> str:
        return self.units[unit_id].agency or self.admin

    def _do(self, act: str, username: str, method: str, *args: Any, **kw: Any) -> Any:
        """Call one Actor method; count it, or count the refusal (a typed error), return
        :data:`_REFUSED` and go on."""
        try:
            result = getattr(self._actor(username), method)(*args, **kw)
        except CbccvcError as exc:
            self.refused[f"{act}: {type(exc).__name__}"] += 1
            if len(self.refusals) < 20:
                self.refusals.append(f"{self.today} {act} by {username}: {exc.message('en')}")
            return _REFUSED
        (self.acts if self.in_year else self.setup_acts)[act] += 1
        return result

    # ==============================================================================================
    # Setup: units, accounts
    # ==============================================================================================
    def build_units(self) -> None:
        p, n, rng = self.prov, self.n, self.rng
        name = self.rs.profile.name
        root = _Unit(self.root, None, "province", f"UBND tỉnh {name}", "root", 0, f"/{self.root}/", self.root)
        self.units[root.id] = root

        def add(uid: str, parent: str, kind: str, uname: str, sector: str, level: str = "") -> None:
            par = self.units[parent]
            group = uid if parent == self.root else par.group
            late = min(0.45, rng.betavariate(2, 14))
            self.units[uid] = _Unit(
                uid, parent, kind, uname, sector, _WEIGHTS[sector], f"{par.path}{uid}/", group, level
            )
            self.units[uid].late_p, self.units[uid].never_p = late, late * 0.12

        n_dep = min(len(_DEPARTMENTS), max(3, n // 110))
        deps = _DEPARTMENTS[:n_dep]
        for abbr, dname, _children in deps:
            add(f"{p.prefix}.{abbr}", self.root, "department", dname, "department")
        children = [
            (abbr, child)
            for i in range(5)
            for abbr, _d, kids in deps
            for j, child in enumerate(kids)
            if j == i
        ]
        for abbr, (cabbr, cname, ckind, sector) in children[: max(1, n // 90)]:
            kind = "public_service_unit" if ckind == "psu" else ckind
            cname = cname.format(specialist_school=p.specialist_school)
            add(f"{p.prefix}.{abbr}.{cabbr}", f"{p.prefix}.{abbr}", kind, cname, sector)
        for abbr, pname, sector in _ROOT_PSUS[: 1 if n < 500 else 2]:
            add(f"{p.prefix}.{abbr}", self.root, "public_service_unit", pname.format(province=name), sector)
        for i, aname in enumerate(_ASSOCIATIONS[: min(len(_ASSOCIATIONS), max(1, n // 300))], start=1):
            add(f"{p.prefix}.HOI{i}", self.root, "association", aname.format(province=name), "association")
        communes = list(p.communes)
        wards = list(p.wards)
        rng.shuffle(communes)
        rng.shuffle(wards)
        n_comm = min(12, max(2, n // 500))
        n_sch = min(len(_DISTRICT_SCHOOLS), max(1, n // 600))
        for i, (dkind, dname) in enumerate(p.districts[: max(2, n // 160)], start=1):
            did = f"{p.prefix}.H{i:02d}"
            add(did, self.root, "district", f"UBND {dkind} {dname}", "district")
            for j in range(1, n_comm + 1):
                if dkind != "huyện" and wards and j <= max(1, n_comm * 2 // 3):
                    cname = f"UBND phường {wards.pop()}"
                elif dkind == "huyện" and j == 1:
                    cname = f"UBND thị trấn {dname}"
                else:
                    pool = communes or [c for c in _GENERIC_COMMUNES]
                    cname = f"UBND xã {pool.pop() if communes else rng.choice(pool)}"
                add(f"{did}.X{j:02d}", did, "commune", cname, "commune")
            for j, sname in enumerate(_DISTRICT_SCHOOLS[:n_sch], start=1):
                level = "THCS" if "THCS" in sname else "Tiểu học" if "Tiểu học" in sname else "Mầm non"
                add(f"{did}.T{j}", did, "public_service_unit", sname, "district_school", level)

    def create_units(self) -> None:
        for u in list(self.units.values())[1:]:
            assert u.parent is not None
            self._do(
                "add_unit",
                self.admin,
                "add_unit",
                u.id,
                parent=u.parent,
                kind=u.kind,
                name=u.name,
                on=self.setup_day,
            )
            self._tick("setup")
        policy = self.rs.approval
        district_role = None
        if policy is not None and any(a.role == "account_holding_unit" for a in policy.approvers):
            # The unit's own account approves (Đắk Lắk); the district's is the committee's, the one
            # that may delegate as its chairman.
            district_role = next(
                (d.delegator for d in policy.delegations if d.delegator == "district_chairman"), None
            )
        for u in self.units.values():
            username = u.id.lower()
            role = district_role if u.kind == "district" else None
            made = self._do(
                "issue_account",
                self.admin,
                "issue_account",
                username,
                kind="agency",
                unit=u.id,
                role=role,
                on=self.setup_day,
            )
            if made is not _REFUSED:
                u.agency = username
                self.accounts[username] = _Account(username, "agency", u.id, role, None)
            if self.units_issue and u.id != self.root:
                self._do(
                    "grant",
                    self.admin,
                    "grant",
                    username,
                    right="admin",
                    unit=u.id,
                    document_ref=self._ref("Quyết định", "QĐ-SNV", self.setup_day)
                    + " về việc phân quyền cấp tài khoản cá nhân",
                    valid_from=self.setup_day,
                    # every grant has an expiry (access.py): the decision's term, five years here
                    valid_to=date(self.setup_day.year + 5, 12, 31),
                )
            self._tick("setup")

    def _tick(self, phase: str) -> None:
        if self.progress is None:
            return
        self.ticks[phase] += 1
        done, total = self.ticks[phase], self.phase_total.get(phase, 0)
        if done % 20 == 0 or done == total:
            self.progress(phase, done, total)

    # ==============================================================================================
    # People and their dossiers
    # ==============================================================================================
    def _place(self, code: str) -> str:
        if code == self.prov.code:
            kind, name = self.rng.choice(self.prov.districts)
            return f"{kind} {name}, tỉnh {self.rs.profile.name}"
        name = PROVINCE_CODES[code]
        if name.startswith("Thành phố"):
            return name
        cities = ("Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ")
        return f"{'thành phố' if name in cities else 'tỉnh'} {name}"

    def _phone(self) -> str:
        return f"0{self.rng.choice('3579')}{self.rng.randrange(10**8):08d}"

    def _new_person(
        self,
        unit: _Unit,
        category: str,
        age: tuple[float, float],
        born_here: float = 0.78,
    ) -> tuple[PersonRecord, bool, str, str]:
        """A person of ``category`` for ``unit``: (record, male, ethnicity, birthplace)."""
        rng, p = self.rng, self.prov
        male = rng.random() >= _FEMALE.get(unit.sector, 0.45)
        for _ in range(100):
            birth = self.start - timedelta(days=int(rng.uniform(*age) * 365.25))
            if retirement_day(birth, male) > self.start:
                break
        code = p.code if rng.random() < born_here else rng.choice(p.neighbours)
        if p.minority and code == p.code and rng.random() < p.minority_share:
            name, ethnicity = _minority_name(rng, p.minority, male)
        else:
            name, ethnicity = _kinh_name(rng, male), "Kinh"
        digit = (0 if birth.year < 2000 else 2) + (0 if male else 1)
        while True:
            pid = f"{code}{digit}{birth.year % 100:02d}{rng.randrange(10**6):06d}"
            if pid not in self.pids:
                break
        self.pids.add(pid)
        record = PersonRecord(
            personal_id=pid,
            full_name=name,
            birth_date=birth,
            gender="male" if male else "female",
            category=category,
        )
        return record, male, ethnicity, self._place(code)

    def _category(self, unit: _Unit, *, recruit: bool = False) -> str:
        table = _CATEGORIES.get(unit.sector, _PSU_CATEGORIES)
        if unit.kind == "sub_department":
            table = _CATEGORIES["admin"]
        names = [c for c, _w in table if not (recruit and c == "can_bo")]
        weights = [w for c, w in table if not (recruit and c == "can_bo")]
        return self.rng.choices(names, weights)[0]

    def _head_category(self, unit: _Unit) -> str:
        if unit.kind in ("province", "district"):
            return "can_bo"
        if unit.kind == "commune":
            return "commune_official"
        if unit.kind in ("department", "sub_department"):
            return "cong_chuc"
        return "vien_chuc"

    def _rank(self, unit: _Unit, category: str) -> tuple[str, str, str]:
        if category == "vien_chuc":
            key = {"hospital": "hospital", "school": "school", "district_school": unit.level}.get(
                unit.sector, "other"
            )
        else:
            key = category if category in _RANKS else "other"
        ranks = _RANKS[key]
        code, name, scale, _w = self.rng.choices(ranks, [r[3] for r in ranks])[0]
        return code, name, scale

    def _content(
        self,
        person: PersonRecord,
        unit: _Unit,
        ethnicity: str,
        birthplace: str,
        rank: tuple[str, str, str],
        *,
        first: date,
        joined: date,
        position: str | None,
        job: str,
    ) -> Content:
        rng = self.rng
        residence = f"{rng.choice(self.prov.wards or _GENERIC_COMMUNES)}, {self.rs.profile.name}"
        if person.category == "contract_worker":
            title, work_kind = rng.choice(_CONTRACT_JOBS)
            fixed = rng.random() < 0.4
            start = max(joined, self.start - timedelta(days=rng.randint(30, 700))) if fixed else joined
            end = _add_months(start, 36) - timedelta(days=1) if fixed else None
            return ContractWorkerContent(
                employer=Employer(
                    unit=unit.name,
                    representative_title=_HEAD_TITLES[
                        unit.sector if unit.sector in _HEAD_TITLES else "department"
                    ][0],
                ),
                identity=WorkerIdentity(
                    full_name=person.full_name,
                    gender=person.gender,
                    birth_date=person.birth_date,
                    personal_id=person.personal_id,
                    birthplace=birthplace,
                    residence=residence,
                    phone=self._phone(),
                ),
                contract=Contract(
                    work_kind=work_kind,
                    kind="fixed_term" if fixed else "indefinite",
                    start=start,
                    end=end,
                    number=f"{rng.randint(1, 200):02d}/HĐLĐ",
                    signed_on=start,
                ),
                job=Job(job_position=title, workplace=unit.name),
                qualifications=Qualifications(professional_level="Trung cấp", it_level="Cơ bản")
                if work_kind == "professional"
                else Qualifications(),
                pay=Pay(amount_vnd=rng.randrange(4_680_000, 9_500_000, 10_000), payment_method="transfer"),
            )
        code, rank_name, scale = rank
        years = max(0, (self.start - first).days // 365)
        grade = min(_SCALES[scale][2], 1 + years // _YEARS_PER_GRADE[scale])
        raised = (
            first.replace(year=first.year + (grade - 1) * _YEARS_PER_GRADE[scale])
            if first.month != 2 or first.day != 29
            else first
        )
        institution, field, qualification = rng.choice(_DEGREES)
        graduated = person.birth_date.replace(month=6, day=30, year=person.birth_date.year + 22)
        return DossierContent(
            identity=Identity(
                full_name=person.full_name,
                gender=person.gender,
                birth_date=person.birth_date,
                personal_id=person.personal_id,
                birthplace=birthplace,
                hometown=birthplace,
                phone=self._phone(),
                current_residence=residence,
            ),
            ethnicity_religion=EthnicityReligion(ethnicity=ethnicity, religion="Không"),
            education=Education(
                general_education="12/12",
                highest_professional_level=qualification if qualification != "Cử nhân" else "Đại học",
                degrees=_plus(
                    (),
                    Degree(
                        start=graduated.replace(year=graduated.year - 4, month=9, day=5),
                        end=graduated,
                        institution=institution,
                        field=field,
                        qualification=qualification,
                        mode="Chính quy",
                    ),
                ),
            ),
            employment=Employment(
                first_recruited_on=first,
                recruiting_agency=unit.name,
                joined_current_agency_on=joined,
                current_position=position,
                job_position=job,
            ),
            salary=Salary(
                rank_code=code,
                rank_name=rank_name,
                grade=grade,
                coefficient=_coefficient(scale, grade),
                effective_date=min(raised, self.start - timedelta(days=1)),
                rank_appointed_on=first,
            ),
        )

    def _job(self, unit: _Unit) -> str:
        jobs = _JOBS.get(unit.sector) or _JOBS.get(unit.kind) or _JOBS["other"]
        if unit.kind == "sub_department":
            jobs = _JOBS["admin"]
        return self.rng.choice(jobs)

    def _make(
        self,
        unit: _Unit,
        category: str,
        age: tuple[float, float],
        position: str | None,
        *,
        born_here: float = 0.78,
    ) -> tuple[PersonRecord, Content, bool, str, tuple[str, str, str]]:
        person, male, ethnicity, birthplace = self._new_person(unit, category, age, born_here)
        rank = self._rank(unit, category) if category != "contract_worker" else ("", "", "")
        youngest = (
            person.birth_date.replace(year=person.birth_date.year + 22)
            if not (person.birth_date.month == 2 and person.birth_date.day == 29)
            else person.birth_date.replace(year=person.birth_date.year + 22, day=28)
        )
        span = max(1, (self.start - youngest).days - 200)
        first = youngest + timedelta(days=self.rng.randint(0, span))
        joined = first + timedelta(days=self.rng.randint(0, max(0, (self.start - first).days - 100)))
        content = self._content(
            person,
            unit,
            ethnicity,
            birthplace,
            rank,
            first=first,
            joined=joined,
            position=position,
            job=self._job(unit),
        )
        return person, content, male, ethnicity, rank

    # ==============================================================================================
    # The initial staff, the heads and their accounts, delegations
    # ==============================================================================================
    def staff_plan(self) -> list[tuple[_Unit, str, str | None]]:
        """(unit, category, position) for every initial staff member; heads and deputies first."""
        rng = self.rng
        units = [u for u in self.units.values() if u.id != self.root]
        # Two each (a head and one more), three in a district or commune; the Sở Nội vụ and its first unit
        # four, so that even a tiny province has someone to move between units.
        snv = f"{self.prov.prefix}.SNV"
        counts = Counter(
            {
                u.id: 4 if u.id == snv or u.parent == snv else 3 if u.kind in ("commune", "district") else 2
                for u in units
            }
        )
        counts[self.root] = 2
        extra = self.n - sum(counts.values())
        for u in rng.choices(units, [u.weight for u in units], k=extra):
            counts[u.id] += 1
        plan: list[tuple[_Unit, str, str | None]] = []
        for u in self.units.values():
            c = counts[u.id]
            titles = _HEAD_TITLES.get(u.sector, _HEAD_TITLES.get(u.kind, ("Giám đốc", "Phó Giám đốc")))
            if u.kind == "province":
                titles = ("Chủ tịch UBND tỉnh", "Phó Chủ tịch UBND tỉnh")
            elif u.kind == "sub_department" and u.sector == "admin":
                titles = _HEAD_TITLES["admin"]
            plan.append((u, self._head_category(u), titles[0]))
            has_deputy = c >= 4 or self.signer is not None or u.kind in ("province", "district")
            if has_deputy:
                plan.append((u, self._head_category(u), titles[1]))
            plan += [(u, self._category(u), None) for _ in range(c - 1 - has_deputy)]
        return plan

    def load_staff(self, use_importer: bool = True) -> str:
        """Load the initial staff in the year before the one played: through the CSV importer
        (existing staff: no event, no obligation) when it is there, else by recruiting each person
        with a decision in that year. Then the heads' and deputies' accounts. Returns how."""
        rng = self.rng
        prev = self._wd_between(self.setup_day + timedelta(days=1), date(self.year - 1, 12, 31))
        last = prev[-1]
        rows: list[_Row] = []
        for i, (unit, category, position) in enumerate(self.staff_plan()):
            if position is None:
                age = (23.0, 62.0)
            else:
                age = (35.0, 54.0) if position.startswith("Phó") else (40.0, 54.0)
            person, content, male, ethnicity, rank = self._make(unit, category, age, position)
            decision = prev[rng.randint(0, len(prev) - 8)]
            on = min(last, self._wd(decision, rng.randint(0, 3)))
            rows.append(_Row(on, decision, i, unit, person, content, male, ethnicity, rank, position))
        self.phase_total["staff"] = len(rows)
        how = "importer" if use_importer and self._import(rows, last) else "recruit"
        if how == "recruit":
            for r in sorted(rows, key=lambda r: (r.on, r.decision, r.index)):
                self.today = r.on
                did = self._do(
                    "recruit",
                    self._agency(r.unit.id),
                    "recruit",
                    r.person,
                    unit=r.unit.id,
                    content=r.content,
                    decision_on=r.decision,
                    on=r.on,
                )
                if did is not _REFUSED:
                    self._register(did, r.person, r.unit, r.content, r.decision, r.male, r.ethnicity, r.rank)
                    self.staff[did].protected = r.position is not None
                self._tick("staff")
        self.today = last
        for did in self.ids:
            st = self.staff[did]
            if st.protected:
                position = (
                    st.content.employment.current_position if isinstance(st.content, DossierContent) else None
                )
                self._appoint(st, self.units[st.unit], head=not (position or "").startswith("Phó"), on=last)
        # What the initial load started is the backlog of the year before, not the year's work.
        with self.ws.engine.connect() as conn:
            self.seen.update(conn.execute(select(db.Obligation.id)).scalars())
        return how

    def _import(self, rows: Sequence[_Row], day: date) -> bool:
        """Import the rows through :mod:`cbccvc_core.importer` as of ``day``; False if it is not
        there or refuses the file."""
        try:
            from .importer import import_staff
        except ImportError:  # pragma: no cover - the importer ships with the core
            return False
        header = (
            "personal_id,full_name,birth_date,gender,category,unit_id,recruited_on,birthplace,hometown,"
            "ethnicity,religion,rank_code,grade,coefficient,salary_effective_date,work_kind,contract_kind,"
            "contract_end,job_position"
        ).split(",")
        buf = io.StringIO()
        out = csv.writer(buf, lineterminator="\n")
        out.writerow(header)
        recruited: dict[str, date] = {}
        for r in rows:
            p, c = r.person, r.content
            if isinstance(c, ContractWorkerContent):
                since = c.contract.start
                tail = [c.identity.birthplace or "", "", "", "", "", "", "", ""]
                end = c.contract.end.isoformat() if c.contract.end else ""
                tail += [str(c.contract.work_kind), str(c.contract.kind), end, c.job.job_position]
            else:
                since = c.employment.first_recruited_on or r.decision
                ident, sal = c.identity, c.salary
                tail = [ident.birthplace or "", ident.hometown or "", r.ethnicity, "Không"]
                tail += (
                    [sal.rank_code, str(sal.grade), str(sal.coefficient), sal.effective_date.isoformat()]
                    if sal
                    else ["", "", "", ""]
                )
                tail += ["", "", "", ""]
            recruited[p.personal_id] = since
            head = [p.personal_id, p.full_name, p.birth_date.isoformat(), str(p.gender), str(p.category)]
            out.writerow([*head, r.unit.id, since.isoformat(), *tail])
        buf.seek(0)
        try:
            report = import_staff(ws := self.ws, buf, as_account=self._actor(self.admin), as_of=day)
        except CbccvcError as exc:
            self.refusals.append(f"import: {exc.message('en')}")
            self.refused[f"import: {type(exc).__name__}"] += 1
            return False
        if not report.ok:
            self.refused["import: rejected rows"] += len(report.rejected)
            self.refusals += [r.message("en") for r in report.rejected[:5]]
            return False
        with ws.session() as s:
            dids = dict(
                s.execute(
                    select(db.Person.personal_id, db.Dossier.id).join(
                        db.Dossier, db.Dossier.person_id == db.Person.id
                    )
                ).all()
            )
        for r in rows:
            did = dids[r.person.personal_id]
            self._register(
                did, r.person, r.unit, r.content, recruited[r.person.personal_id], r.male, r.ethnicity, r.rank
            )
            self.staff[did].protected = r.position is not None
        self.setup_acts["import_staff"] += 1
        if self.progress is not None:
            self.progress("staff", len(rows), len(rows))
        return True

    def _personal_username(self, st: _Staff) -> str:
        if self.rs.code == "kontum":
            name = kontum_identifier(st.person.personal_id)
        else:
            name = f"{_ascii(st.person.full_name)[:28]}.{st.person.personal_id[-4:]}"
        while name in self.usernames:
            name += str(self.rng.randint(0, 9))
        self.usernames.add(name)
        return name

    def _roles(self, unit: _Unit) -> frozenset[str]:
        """The approver roles of the province's policy for a dossier in ``unit`` (as the service
        reads them: the approvers whose scope covers the unit, else all of them)."""
        cached = self.role_cache.get(unit.id)
        if cached is not None:
            return cached
        policy = self.rs.approval
        if policy is None:
            roles = frozenset({"unit_head"})
        else:
            chain = self._chain(unit)
            kinds = {u.kind for u in chain}

            def matches(scope: str) -> bool:
                if scope in ("all", "education"):
                    return True
                if scope in ("district_and_below", "district"):
                    return "district" in kinds
                if scope == "provincial":
                    return "district" not in kinds and unit.kind != "association"
                if scope == "provincial_association":
                    return "district" not in kinds and unit.kind == "association"
                return False

            roles = frozenset({a.role for a in policy.approvers if matches(a.scope)}) or frozenset(
                a.role for a in policy.approvers
            )
        self.role_cache[unit.id] = roles
        return roles

    def _chain(self, unit: _Unit) -> list[_Unit]:
        return [self.units[uid] for uid in unit.path.strip("/").split("/")]

    def _appoint(self, st: _Staff, unit: _Unit, *, head: bool, on: date) -> None:
        """Issue the personal account of a head or deputy, with the role the policy needs."""
        if head:
            role = "district_chairman" if unit.kind == "district" and self.chairman else "unit_head"
        else:
            role = (
                "district_vice_chairman" if unit.kind == "district" and self.vice_chairman else "deputy_head"
            )
        username = self._personal_username(st)
        made = self._do(
            "issue_account",
            self.admin,
            "issue_account",
            username,
            kind="personal",
            unit=unit.id,
            role=role,
            on=on,
            person_dossier=st.did,
        )
        if made is _REFUSED:
            return
        self.accounts[username] = _Account(username, "personal", unit.id, role, st.did)
        st.username, st.role = username, role
        if head:
            unit.head = username
        else:
            unit.deputy = username

    def _is_approver(self, username: str, unit: _Unit, roles: frozenset[str]) -> bool:
        acc = self.accounts[username]
        if not unit.path.startswith(self.units[acc.unit].path):
            return False
        return ("account_holding_unit" in roles and acc.kind == "agency") or acc.role in roles

    def make_delegations(self) -> None:
        """Ủy quyền where the province's text allows it: to deputies, to an authorised person, to
        the district's home affairs or education office. Most for the year, some for the summer."""
        policy = self.rs.approval
        if policy is None or not policy.delegations:
            return
        first = self._wd(self.start)
        on = self._wd_between(self.start - timedelta(days=20), self.start - timedelta(days=1))[-1]
        departments = [
            self.units[self.root],
            *[u for u in self.units.values() if u.kind == "department"][::2],
        ]
        districts = [u for u in self.units.values() if u.kind == "district"]
        schools = [u for u in self.units.values() if u.sector == "district_school"]
        extra: dict[tuple[str, str], str] = {}
        for rule in policy.delegations:
            if rule.delegate == "subordinate_unit_head":
                continue  # heads of subordinate units approve their own units already
            if rule.scope == "provincial":
                targets = departments
            elif rule.scope in ("district_and_below", "district"):
                targets = districts
            elif rule.scope == "education":
                targets = schools
            else:
                targets = departments + districts
            for i, unit in enumerate(targets):
                owner = self.units[unit.parent] if rule.scope == "education" and unit.parent else unit
                roles = self._roles(unit)
                if (
                    owner.head
                    and self.accounts[owner.head].role == rule.delegator
                    and owner.head
                    and self._is_approver(owner.head, unit, roles)
                ):
                    delegator = owner.head
                elif "account_holding_unit" in roles and owner.agency:
                    delegator = owner.agency
                else:
                    continue
                if rule.delegate in ("deputy_head", "district_vice_chairman"):
                    delegate = owner.deputy
                    if delegate is None or self.accounts[delegate].role != rule.delegate:
                        continue
                else:
                    delegate = extra.get((owner.id, rule.delegate))
                    if delegate is None:
                        delegate = self._appoint_delegate(owner, rule.delegate, on)
                        if delegate is None:
                            continue
                        extra[(owner.id, rule.delegate)] = delegate
                summer = i % 3 == 2
                valid_from = date(self.year, 7, 1) if summer else first
                valid_to = date(self.year, 8, 31) if summer else self.end
                by = "GUQ" if rule.in_writing else "QĐ"
                made = self._do(
                    "delegate",
                    delegator,
                    "delegate",
                    delegate,
                    unit=unit.id,
                    document_ref=self._ref("Giấy ủy quyền" if rule.in_writing else "Quyết định", by, on)
                    + " về việc ủy quyền phê duyệt hồ sơ CBCCVC",
                    valid_from=valid_from,
                    valid_to=valid_to,
                )
                if made is not _REFUSED:
                    self.delegations.append(_Delegation(delegator, delegate, unit.id, valid_from, valid_to))

    def _appoint_delegate(self, unit: _Unit, role: str, on: date) -> str | None:
        """A staff member of ``unit`` (not a head, not leaving) gets a personal account with ``role``."""
        for did in unit.staff:
            st = self.staff[did]
            if st.protected or st.username or st.category == "contract_worker":
                continue
            if retirement_day(st.person.birth_date, st.male) <= self.end:
                continue
            username = self._personal_username(st)
            made = self._do(
                "issue_account",
                self.admin,
                "issue_account",
                username,
                kind="personal",
                unit=unit.id,
                role=role,
                on=on,
                person_dossier=did,
            )
            if made is _REFUSED:
                return None
            self.accounts[username] = _Account(username, "personal", unit.id, role, did)
            st.username, st.role, st.protected = username, role, True
            return username
        return None

    def _approver(self, st: _Staff, day: date) -> tuple[str, bool] | None:
        """Who signs ``st``'s dossier on ``day``: (username, through a delegation)."""
        unit = self.units[st.unit]
        roles = self._roles(unit)
        chain = self._chain(unit)
        if self.signer is not None and st.role in roles:
            # Đồng Nai: the head's own dossier is signed by a deputy.
            for u in reversed(chain):
                if (
                    u.deputy
                    and self.accounts[u.deputy].role == self.signer
                    and self.accounts[u.deputy].did != st.did
                ):
                    return u.deputy, False
            return None
        direct = None
        for u in reversed(chain):
            for name in (u.head, u.agency):
                if name is None or self.accounts[name].did == st.did:
                    continue
                if self._is_approver(name, unit, roles):
                    direct = name
                    break
            if direct:
                break
        # A delegate signs for the approver who would otherwise sign, or for a delegation made
        # for this very unit; the delegation a head made signs their own dossier only when
        # nobody else could.
        options = [
            d
            for d in self.delegations
            if d.valid(day)
            and unit.path.startswith(self.units[d.unit].path)
            and self.accounts[d.delegate].did != st.did
            and (
                direct is None
                or (self.accounts[d.delegator].did != st.did and (d.delegator == direct or d.unit == unit.id))
            )
            and self._is_approver(d.delegator, unit, roles)
        ]
        if options:
            deepest = max(len(self.units[d.unit].path) for d in options)
            options = [d for d in options if len(self.units[d.unit].path) == deepest]
            if direct is None or self.rng.random() < 0.35:
                return self.rng.choice(options).delegate, True
        if direct is None and st.username and self._is_approver(st.username, unit, roles):
            return st.username, False  # nobody above: the text lets the approver sign their own
        return (direct, False) if direct else None

    # ==============================================================================================
    # Obligations: read what an act started, decide when (and whether) it is done
    # ==============================================================================================
    def _fate(
        self, start: date, due: date | None, window: date | None, unit: _Unit, signer: str | None = None
    ) -> date | None:
        """The day the obligation will be done: on time, late (a seeded share per unit), or
        never (None)."""
        rng = self.rng
        r = rng.random()
        lo = self._wd(max(self.today, start))
        if r < unit.never_p:
            return None
        late = r < unit.never_p + unit.late_p
        if due is None:
            return self._wd(lo, rng.randint(5, 30) if late else rng.randint(0, 10))
        if late:
            return self._wd(max(due, lo), rng.randint(1, 15))
        first = max(lo, window) if window else lo
        if signer is not None and window is not None:
            key = (signer, due.year, due.month)
            day = self.signing.get(key)
            if day is None:
                days = self._wd_between(window, due) or self._wd_between(due - timedelta(days=10), due)
                day = self.signing[key] = rng.choice(days) if days else due
            if first <= day <= due:
                return day
        days = self._wd_between(first, due)
        if not days:
            days = self._wd_between(lo, due)
        if not days:
            return lo
        return days[min(rng.randrange(len(days)), rng.randrange(len(days)))]  # most act early

    def _scan(self, did: int) -> list[str]:
        """Plan the obligations of the dossier not seen yet; returns their names."""
        o = db.Obligation
        with self.ws.engine.connect() as conn:
            rows = conn.execute(
                select(o.id, o.obligation, o.unit_id, o.started_on, o.due, o.window_start)
                .where(o.dossier_id == did, o.done_on.is_(None))
                .order_by(o.id)
            ).all()
        names = []
        for ob_id, name, unit_id, started, due, window in rows:
            if ob_id in self.seen:
                continue
            self.seen.add(ob_id)
            names.append(name)
            self._plan(did, ob_id, name, unit_id, started, due, window)
        return names

    def _done(self, ob_id: int) -> bool:
        return self._ob(ob_id)[0]

    def _ob(self, ob_id: int) -> tuple[bool, str]:
        """Whether the obligation is done, and the unit that owes it now (a completed transfer
        hands the open obligations of the dossier to the new unit)."""
        o = db.Obligation
        with self.ws.engine.connect() as conn:
            done_on, unit_id = conn.execute(select(o.done_on, o.unit_id).where(o.id == ob_id)).one()
        return done_on is not None, unit_id

    def _plan(
        self,
        did: int,
        ob_id: int,
        name: str,
        unit_id: str,
        started: date,
        due: date | None,
        window: date | None,
    ) -> None:
        st = self.staff[did]
        signer = None
        if name in _APPROVE_OBLIGATIONS:
            approver = self._approver(st, due or started)
            signer = approver[0] if approver else None
        fate = self._fate(started, due, window, self.units[unit_id], signer)
        if name in _TRANSFER_OBLIGATIONS:
            self.step_fates.setdefault(did, {}).setdefault(name, []).append((ob_id, fate))
            return
        handler: Callable[..., None]
        if name in _SUBMIT_OBLIGATIONS or name == "enter_basic_info":
            st.submit_planned = True
            handler = self._h_basic_info if name == "enter_basic_info" else self._h_submit
        elif name in _APPROVE_OBLIGATIONS:
            handler = self._h_approve
            if fate is not None:
                st.approval_day = fate
        elif name in _ACCOUNT_OBLIGATIONS:
            handler = self._h_account
        elif name == "guide_info_form":
            handler = self._h_guide
        else:
            handler = self._h_complete
        if fate is None:
            self.never[name] += 1
            if handler in (self._h_submit, self._h_approve):
                st.stuck = True
            return
        self._at(fate, handler, did, ob_id)

    # -- handlers: the act that discharges each kind of obligation -----------------------------------
    def _postpone(self, st: _Staff, fn: Callable[..., None], *args: Any) -> bool:
        """Wait while the dossier is being transferred or awaits approval."""
        if st.transfer is not None:
            self._at(self._wd(self.today, 3), fn, *args)
            return True
        if st.review == "submitted":
            self._at(self._wd(max(st.approval_day or self.today, self.today), 1), fn, *args)
            return True
        return False

    def _h_submit(self, did: int, ob_id: int) -> None:
        st = self.staff[did]
        if self._done(ob_id) or st.employment in ("exited", "archived"):
            return
        if not self._postpone(st, self._h_submit, did, ob_id):
            self._submit(st)

    def _h_basic_info(self, did: int, ob_id: int) -> None:
        st = self.staff[did]
        if self._done(ob_id) or st.employment in ("exited", "archived"):
            return
        if self._postpone(st, self._h_basic_info, did, ob_id):
            return
        self._edit(st, self._basic_info(st), "basic_info", event="basic_info_entered", event_on=self.today)

    def _h_approve(self, did: int, ob_id: int | None) -> None:
        st = self.staff[did]
        if st.employment == "archived" or (ob_id is not None and self._done(ob_id)):
            return
        if st.review in ("entering", "returned"):
            if ob_id is None or st.employment in ("exited", "archived") or st.transfer is not None:
                return
            if not self._submit(st):  # verify_supplement: what was entered is submitted, then verified
                return
        if st.review != "submitted":
            return
        approver = self._approver(st, self.today)
        if approver is None:
            self.refused["approve: no approver"] += 1
            if len(self.refusals) < 20:
                self.refusals.append(f"{self.today} no approver for {st.unit} {st.role} {st.category}")
            st.stuck = True
            return
        username, delegated = approver
        if self.rng.random() < 0.03:
            reason = self.rng.choice(_RETURN_REASONS)
            if (
                self._do("return", username, "return_for_correction", did, on=self.today, reason=reason)
                is not _REFUSED
            ):
                st.review = "returned"
                self._at(self._wd(self.today, self.rng.randint(2, 6)), self._t_resubmit, did)
            return
        kind = "approve_delegated" if delegated else "approve"
        signer = self._signer_of(username)
        if self._do(kind, username, "approve", did, on=self.today, signer=signer) is not _REFUSED:
            st.review, st.approval_day = "approved", None

    def _signer_of(self, username: str) -> Signer | None:
        """Where the text approves by digital signature: the approver's certificate from the test
        PKI made for this run (a personal one naming the holder's personal ID; for an agency
        account the unit's organisation certificate, bound to it by an audited act)."""
        if self.pki is None:
            return None
        acc = self.accounts.get(username)
        if acc is not None and acc.did is not None and acc.did in self.staff:
            p = self.staff[acc.did].person
            self.pki.add_person(p.personal_id, p.full_name)
            return self.pki.signer(p.personal_id)
        unit = self.units[acc.unit] if acc is not None else self.units[self.root]
        if unit.id not in self.pki.holders:
            self.pki.add_organisation(unit.id, unit.name)
            self._do(
                "bind_certificate",
                self.admin,
                "bind_certificate",
                username,
                self.pki.certificate(unit.id).dump(),
                document_ref=self._ref("Quyết định", "QĐ-SNV", self.today) + " giao chứng thư số",
                on=self.today,
            )
        return self.pki.signer(unit.id)

    def _h_account(self, did: int, ob_id: int | None) -> None:
        st = self.staff[did]
        done, ob_unit = self._ob(ob_id) if ob_id is not None else (False, None)
        if done or st.employment in ("exited", "archived"):
            return
        if st.transfer is not None:
            self._at(self._wd(self.today, 3), self._h_account, did, ob_id)
            return
        if st.username is not None:
            if ob_id is not None and ob_unit is not None:
                self._complete(ob_id, ob_unit)
            return
        issuer = self.admin
        if ob_unit is not None and self.units_issue and self.units[ob_unit].agency:
            issuer = self._agency(ob_unit)
        username = self._personal_username(st)
        made = self._do(
            "issue_personal_account",
            issuer,
            "issue_account",
            username,
            kind="personal",
            unit=st.unit,
            on=self.today,
            person_dossier=did,
        )
        if made is _REFUSED:
            return
        self.accounts[username] = _Account(username, "personal", st.unit, None, did)
        st.username = username
        if "account_issued" in self.events:  # issuing the account recorded the event
            self._scan(did)

    def _h_complete(self, did: int, ob_id: int) -> None:
        if self.staff[did].employment == "archived":  # kept for good, read-only
            return
        done, unit = self._ob(ob_id)
        if not done:
            self._complete(ob_id, unit)

    def _complete(self, ob_id: int, unit: str) -> None:
        self._do("complete_obligation", self._agency(unit), "complete_obligation", ob_id, on=self.today)

    def _h_guide(self, did: int, ob_id: int) -> None:
        """Đắk Lắk: the managing agency guides the new recruit through the information form,
        which the recruit hands in a few days later."""
        self._h_complete(did, ob_id)
        self._at(self._wd(self.today, self.rng.randint(1, 6)), self._t_form, did)

    def _t_form(self, did: int) -> None:
        st = self.staff[did]
        if st.employment != "active":
            return
        made = self._do(
            "record_event",
            self._agency(st.unit),
            "record_event",
            did,
            "info_form_submitted",
            occurred_on=self.today,
        )
        if made is not _REFUSED:
            self._scan(did)

    # -- dossier acts --------------------------------------------------------------------------------
    def _edit(
        self,
        st: _Staff,
        content: Content,
        kind: str,
        *,
        event: str | None = None,
        event_on: date | None = None,
        by: str | None = None,
    ) -> bool:
        rev = self._do(
            kind,
            by or self._agency(st.unit),
            "edit",
            st.did,
            content,
            on=self.today,
            base_revision=st.rev,
            event=event,
            event_on=event_on,
        )
        if rev is _REFUSED:
            return False
        st.rev, st.content = rev, content
        st.review = "returned" if st.review == "returned" else "entering"
        if event is not None:
            self._scan(st.did)
        return True

    def _submit(self, st: _Staff) -> bool:
        if st.review == "approved" and not self._edit(st, self._touched(st), "update"):
            return False
        by = st.username if st.username and self.rng.random() < 0.5 else self._agency(st.unit)
        if self._do("submit", by, "submit", st.did, on=self.today) is _REFUSED:
            return False
        st.review, st.submit_planned = "submitted", False
        names = self._scan(st.did)
        if not any(n in _APPROVE_OBLIGATIONS for n in names):
            self._plan_approval(st)
        return True

    def _plan_approval(self, st: _Staff) -> None:
        """Approval where no rule of the province dates it: within the policy's verification
        period (Đắk Lắk: 1 working day), else in the month-end window like the others."""
        policy = self.rs.approval
        window: date | None
        if policy is not None and policy.verification_period is not None:
            due_info = policy.verification_period.due(self.today, self.cal)
            due, window = due_info.day, due_info.window_start
        else:
            due = _month_after(self.today) - timedelta(days=1)
            window = due - timedelta(days=4)
        approver = self._approver(st, due or self.today)
        fate = self._fate(self.today, due, window, self.units[st.unit], approver[0] if approver else None)
        if fate is None:
            self.never["approval"] += 1
            st.stuck = True
            return
        st.approval_day = fate
        self._at(fate, self._h_approve, st.did, None)

    def _t_submit(self, did: int) -> None:
        st = self.staff[did]
        st.submit_planned = False
        if st.employment in ("exited", "archived") or st.review not in ("entering", "returned"):
            return
        if st.transfer is not None:
            st.submit_planned = True
            self._at(self._wd(self.today, 3), self._t_submit, did)
            return
        self._submit(st)

    def _t_resubmit(self, did: int) -> None:
        st = self.staff[did]
        if st.review != "returned" or st.employment in ("exited", "archived"):
            return
        if self._edit(st, self._corrected(st), "correction"):
            self._submit(st)

    # -- content changes -----------------------------------------------------------------------------
    def _touched(self, st: _Staff) -> Content:
        c = st.content
        if isinstance(c, ContractWorkerContent):
            return attrs.evolve(c, identity=attrs.evolve(c.identity, phone=self._phone()))
        return attrs.evolve(c, identity=attrs.evolve(c.identity, phone=self._phone()))

    def _personal_change(self, st: _Staff) -> Content:
        rng, c = self.rng, st.content
        r = rng.random()
        where = f"{rng.choice(self.prov.wards or _GENERIC_COMMUNES)}, {self.rs.profile.name}"
        if isinstance(c, ContractWorkerContent):
            identity = (
                attrs.evolve(c.identity, phone=self._phone())
                if r < 0.5
                else attrs.evolve(c.identity, residence=where)
            )
            return attrs.evolve(c, identity=identity)
        if r < 0.35:
            return attrs.evolve(c, identity=attrs.evolve(c.identity, phone=self._phone()))
        if r < 0.6:
            return attrs.evolve(c, identity=attrs.evolve(c.identity, current_residence=where))
        age = self.year - st.person.birth_date.year
        has_spouse = any(rel.relation == "spouse" for rel in c.family)
        if r < 0.8 and not has_spouse and age < 45:
            spouse = Relative(
                side="own",
                relation="spouse",
                full_name=_kinh_name(rng, not st.male),
                birth_year=st.person.birth_date.year + rng.randint(-4, 4),
                occupation=rng.choice(("Giáo viên", "Kinh doanh", "Nhân viên văn phòng", "Nông nghiệp")),
            )
            return attrs.evolve(c, family=_plus(c.family, spouse))
        surname = st.person.full_name.split()[0] if st.male else _kinh_name(rng, True).split()[0]
        child = Relative(
            side="own",
            relation="child",
            full_name=_kinh_name(rng, rng.random() < 0.5, surname),
            birth_year=self.year,
        )
        return attrs.evolve(c, family=_plus(c.family, child))

    def _state_decision(self, st: _Staff, effective: date) -> Content:
        """Nâng bậc lương, bổ nhiệm, or for contract workers a renewed or better-paid contract."""
        rng, c = self.rng, st.content
        if isinstance(c, ContractWorkerContent):
            if c.contract.end is not None and rng.random() < 0.6:
                contract = Contract(
                    work_kind=c.contract.work_kind,
                    kind="indefinite",
                    start=effective,
                    number=f"{rng.randint(1, 300):02d}/HĐLĐ",
                    signed_on=effective,
                )
                return attrs.evolve(c, contract=contract)
            amount = (c.pay.amount_vnd or 5_000_000) * 107 // 100 // 10_000 * 10_000
            return attrs.evolve(c, pay=attrs.evolve(c.pay, amount_vnd=amount))
        salary = c.salary
        if salary is not None and rng.random() < 0.8 and salary.effective_date < effective:
            scale = st.rank[2] or "A1"
            top = _SCALES[scale][2]
            step = SalaryStep(
                start=salary.effective_date,
                end=effective - timedelta(days=1),
                rank_code=salary.rank_code,
                grade=salary.grade,
                coefficient=salary.coefficient,
            )
            if salary.grade < top:
                raised = attrs.evolve(
                    salary,
                    grade=salary.grade + 1,
                    coefficient=_coefficient(scale, salary.grade + 1),
                    effective_date=effective,
                    history=_plus(salary.history, step),
                )
            else:
                raised = attrs.evolve(
                    salary,
                    over_grade_seniority_percent=min(100, (salary.over_grade_seniority_percent or 4) + 1),
                    effective_date=effective,
                    history=_plus(salary.history, step),
                )
            return attrs.evolve(c, salary=raised)
        if st.protected:  # a head or deputy keeps the post: a new assignment of duties
            duties = rng.choice(("Phụ trách tổ chức cán bộ", "Phụ trách tài chính", "Phụ trách chuyên môn"))
            return attrs.evolve(c, employment=attrs.evolve(c.employment, main_duties=duties))
        position = rng.choice(
            ("Phó Trưởng phòng", "Trưởng phòng", "Tổ trưởng chuyên môn", "Phó Chánh Văn phòng")
        )
        return attrs.evolve(
            c,
            employment=attrs.evolve(c.employment, current_position=position, position_appointed_on=effective),
        )

    def _paper_record(self, st: _Staff) -> Content:
        c = st.content
        if isinstance(c, ContractWorkerContent):
            return attrs.evolve(
                c, qualifications=attrs.evolve(c.qualifications, foreign_language_level="Bậc 2")
            )
        first = c.employment.first_recruited_on or st.recruited
        period = WorkPeriod(start=first, unit=self.units[st.unit].name, position=c.employment.job_position)
        return attrs.evolve(c, work_history=_plus(c.work_history, period))

    def _supplement(self, st: _Staff) -> Content:
        rng, c = self.rng, st.content
        if isinstance(c, ContractWorkerContent):
            return attrs.evolve(
                c, qualifications=attrs.evolve(c.qualifications, it_level="Ứng dụng CNTT cơ bản")
            )
        if rng.random() < 0.5:
            start = self.today - timedelta(days=rng.randint(30, 120))
            training = Training(
                start=start,
                end=start + timedelta(days=rng.randint(5, 40)),
                institution=rng.choice(
                    ("Trường Chính trị tỉnh", "Học viện Hành chính Quốc gia", "Sở Nội vụ")
                ),
                certificate="Chứng chỉ bồi dưỡng",
            )
            return attrs.evolve(
                c,
                education=attrs.evolve(
                    c.education, management_trainings=_plus(c.education.management_trainings, training)
                ),
            )
        reward = Reward(
            decided_on=self.today - timedelta(days=rng.randint(1, 60)),
            form=rng.choice(("Giấy khen", "Bằng khen", "Chiến sĩ thi đua cơ sở")),
            issued_by=self.units[st.unit].name,
        )
        rd = c.rewards_discipline
        return attrs.evolve(c, rewards_discipline=attrs.evolve(rd, rewards=_plus(rd.rewards, reward)))

    def _basic_info(self, st: _Staff) -> Content:
        c = st.content
        if isinstance(c, ContractWorkerContent):
            return attrs.evolve(
                c,
                identity=attrs.evolve(
                    c.identity, email=f"{_ascii(st.person.full_name)}@{self.prov.prefix.lower()}.gov.vn"
                ),
            )
        return attrs.evolve(c, ethnicity_religion=EthnicityReligion(ethnicity=st.ethnicity, religion="Không"))

    def _corrected(self, st: _Staff) -> Content:
        c = st.content
        if isinstance(c, ContractWorkerContent):
            return attrs.evolve(c, job=attrs.evolve(c.job, duties="Theo phân công của thủ trưởng đơn vị"))
        return attrs.evolve(
            c, employment=attrs.evolve(c.employment, main_duties="Theo vị trí việc làm được phê duyệt")
        )

    # ==============================================================================================
    # The year's storylines
    # ==============================================================================================
    def _pick(self, ok: Callable[[_Staff], bool]) -> _Staff | None:
        for _ in range(60):
            st = self.staff[self.rng.choice(self.ids)]
            if ok(st):
                return st
        return None

    def _register(
        self,
        did: int,
        person: PersonRecord,
        unit: _Unit,
        content: Content,
        decision: date,
        male: bool,
        ethnicity: str,
        rank: tuple[str, str, str],
    ) -> _Staff:
        st = _Staff(did, person, unit.id, content, decision, male, ethnicity, rank)
        self.staff[did] = st
        self.ids.append(did)
        unit.staff.append(did)
        return st

    def _t_recruit(self) -> None:
        rng = self.rng
        units = [u for u in self.units.values() if u.id != self.root]
        unit = rng.choices(units, [u.weight for u in units])[0]
        category = self._category(unit, recruit=True)
        person, content, male, ethnicity, rank = self._make(unit, category, (22.0, 35.0), None)
        decision = max(self.start, self.today - timedelta(days=rng.randint(0, 6)))
        if isinstance(content, DossierContent):
            content = attrs.evolve(
                content,
                employment=attrs.evolve(
                    content.employment, first_recruited_on=decision, joined_current_agency_on=decision
                ),
                salary=attrs.evolve(
                    content.salary,
                    grade=1,
                    coefficient=_coefficient(rank[2], 1),
                    effective_date=decision,
                    rank_appointed_on=decision,
                    percent_paid=85,
                )
                if content.salary
                else None,
            )
        else:
            start = decision
            content = attrs.evolve(
                content,
                contract=Contract(
                    work_kind=content.contract.work_kind,
                    kind="fixed_term",
                    start=start,
                    end=_add_months(start, 12) - timedelta(days=1),
                    number=f"{rng.randint(1, 300):02d}/HĐLĐ",
                    signed_on=start,
                ),
            )
        did = self._do(
            "recruit",
            self._agency(unit.id),
            "recruit",
            person,
            unit=unit.id,
            content=content,
            decision_on=decision,
            on=self.today,
            event=self.recruit_event,
        )
        if did is _REFUSED:
            return
        st = self._register(did, person, unit, content, decision, male, ethnicity, rank)
        names = self._scan(did)
        if self.personal_accounts and not any(n in _ACCOUNT_OBLIGATIONS for n in names):
            self._at(self._wd(self.today, rng.randint(2, 12)), self._h_account, did, None)
        if not st.submit_planned:
            st.submit_planned = True
            self._at(self._wd(self.today, rng.randint(3, 15)), self._t_submit, did)

    def _t_change(self, event: str) -> None:
        rng = self.rng
        st = self._pick(lambda s: s.free)
        if st is None:
            return
        # A diligent unit records the change the day it happens; the others some days later.
        lag = 0 if rng.random() >= self.units[st.unit].late_p else rng.randint(2, 10)
        back = max(st.recruited, self.start, self.today - timedelta(days=lag))
        by = None
        if event == "personal_info_changed":
            content, kind = self._personal_change(st), "personal_change"
            by = st.username  # the person declares it where they have an account
        elif event == "state_decision_effective":
            content, kind = self._state_decision(st, back), "state_decision"
        elif event == "valid_paper_record":
            content, kind = self._paper_record(st), "paper_record"
        else:
            content, kind = self._supplement(st), "supplement"
            by = st.username
        if self._edit(st, content, kind, event=event, event_on=back, by=by) and not st.submit_planned:
            st.submit_planned = True
            self._at(self._wd(self.today, rng.randint(1, 8)), self._t_submit, st.did)

    # -- transfers -----------------------------------------------------------------------------------
    def _family(self, unit: _Unit) -> str:
        if unit.kind in ("department", "sub_department", "district") and unit.sector in (
            "department",
            "admin",
            "district",
        ):
            return "admin"
        return {
            "commune": "commune",
            "hospital": "health",
            "school": "school",
            "district_school": "school",
        }.get(unit.sector, "other")

    def _destinations(self, kind: str, here: _Unit) -> list[_Unit]:
        fam = self._family(here)
        units = [
            u for u in self.units.values() if u.id not in (self.root, here.id) and self._family(u) == fam
        ]
        if kind == "internal_move":  # inside one agency, as Actor.start_transfer requires

            def agency(u: _Unit) -> str:
                return u.parent if u.kind == "sub_department" and u.parent else u.id

            return [u for u in units if agency(u) == agency(here)]
        if kind == "within_province":
            return [u for u in units if u.group != here.group]
        if kind == "commune_to_commune":
            return [
                u for u in units if here.kind == "commune" and u.kind == "commune" and u.parent == here.parent
            ]
        return []

    def _t_transfer(self, kind: str) -> None:
        if kind in ("inbound", "inbound_unsyncable"):
            self._t_inbound(kind)
            return
        rng = self.rng
        for _ in range(60):
            st = self.staff[rng.choice(self.ids)]
            if not st.free or st.protected or st.category in ("contract_worker", "can_bo"):
                continue
            if kind == "commune_to_commune" and st.category != "commune_official":
                continue
            targets = self._destinations(kind, self.units[st.unit])
            if targets:
                break
        else:
            self.never[f"transfer_{kind}: no candidate"] += 1
            return
        dst = rng.choice(targets)
        via = dst.parent if kind == "within_province" and dst.parent != self.root else None
        by = "QĐ-UBND" if kind == "within_province" else "QĐ"
        tid = self._do(
            f"transfer_start_{kind}",
            self._agency(st.unit),
            "start_transfer",
            st.did,
            kind=kind,
            to_unit=dst.id,
            via_unit=via,
            effective_on=self.today,
            decision_ref=self._ref("Quyết định", by, self.today),
            on=self.today,
        )
        if tid is _REFUSED:
            return
        self._begin_transfer(tid, kind, st, dst.id, via)

    def _t_inbound(self, kind: str) -> None:
        """Someone handed over from another province or a ministry (``inbound``), or coming from
        the Party bloc or a mass organisation whose system cannot sync (``inbound_unsyncable``):
        the province's Sở Nội vụ takes the person in and hands the dossier to the receiving unit,
        which completes it (or makes the new dossier)."""
        rng = self.rng
        holding = f"{self.prov.prefix}.SNV"
        targets = [
            u
            for u in self.units.values()
            if u.kind in ("department", "sub_department", "district", "public_service_unit")
            and u.id != holding
        ]
        dst = rng.choice(targets)
        category = "cong_chuc" if self._family(dst) == "admin" else "vien_chuc"
        person, content, male, ethnicity, rank = self._make(dst, category, (28.0, 50.0), None, born_here=0.1)
        did = self._do(
            "inbound_reported",
            self._agency(holding),
            "recruit",
            person,
            unit=holding,
            content=content,
            decision_on=self.today,
            on=self.today,
            event="reported_for_duty",
        )
        if did is _REFUSED:
            return
        st = self._register(did, person, self.units[holding], content, self.today, male, ethnicity, rank)
        self._scan(did)
        tid = self._do(
            f"transfer_start_{kind}",
            self._agency(holding),
            "start_transfer",
            did,
            kind=kind,
            to_unit=dst.id,
            effective_on=self.today,
            decision_ref=self._ref("Quyết định tiếp nhận", "QĐ-UBND", self.today),
            on=self.today,
        )
        if tid is not _REFUSED:
            self._begin_transfer(tid, kind, st, dst.id, None)

    def _begin_transfer(self, tid: int, kind: str, st: _Staff, dst: str, via: str | None) -> None:
        t = _Transfer(tid, kind, st.did, st.unit, via, dst)
        self.transfers[tid] = t
        st.transfer, st.employment = tid, "transferring"
        self._scan(st.did)
        self._schedule_step(t)

    @staticmethod
    def _next_step(t: _Transfer) -> str | None:
        steps: dict[str, dict[str, str]] = {
            "internal_move": {"started": "move"},
            "within_province": {
                "started": "send",
                "sent": "receive",
                "received": "forward" if t.via else "complete",
            },
            "inbound": {"started": "receive", "received": "complete"},
            "inbound_unsyncable": {"started": "create_dossier"},
            "commune_to_commune": {"started": "send", "sent": "receive"},
        }
        return steps[t.kind].get(t.state)

    def _step_key(self, t: _Transfer, step: str) -> str:
        return "receive_last" if step == "receive" and t.kind == "commune_to_commune" else step

    def _schedule_step(self, t: _Transfer) -> None:
        step = self._next_step(t)
        if step is None:
            return
        pending = self.step_fates.get(t.did, {})
        fates = [
            f
            for name in _STEP_OBLIGATIONS.get(self._step_key(t, step), ())
            for _ob, f in pending.get(name, [])
        ]
        if any(f is None for f in fates):
            self.never[f"transfer_{step}"] += 1  # the step is never taken: the transfer stalls
            return
        day = (
            min(f for f in fates if f is not None) if fates else self._wd(self.today, self.rng.randint(1, 4))
        )
        self._at(day, self._t_step, t.id)

    def _t_step(self, tid: int) -> None:
        t = self.transfers[tid]
        step = self._next_step(t)
        if step is None:
            return
        side = t.src if step in ("move", "send") else (t.via or t.dst)
        if t.kind == "commune_to_commune":
            side = self.units[t.src].parent or side  # the district committee hands the dossier over
        method = "complete_transfer" if step == "complete" else step
        if self._do(f"transfer_{step}", self._agency(side), method, tid, on=self.today) is _REFUSED:
            return
        for name in _STEP_OBLIGATIONS.get(self._step_key(t, step), ()):
            self.step_fates.get(t.did, {}).pop(name, None)
        t.state = {
            "move": "completed",
            "send": "sent",
            "receive": "completed" if t.kind == "commune_to_commune" else "received",
            "forward": "completed",
            "complete": "completed",
            "create_dossier": "completed",
        }[step]
        st = self.staff[t.did]
        if t.state == "completed":
            self.units[t.src].staff.remove(t.did)
            self.units[t.dst].staff.append(t.did)
            st.unit, st.transfer, st.employment = t.dst, None, "active"
            self.step_fates.pop(t.did, None)
        elif step == "receive":
            self._scan(t.did)
        self._schedule_step(t)

    # -- exits ---------------------------------------------------------------------------------------
    def _t_leave(self, reason: str) -> None:
        st = self._pick(lambda s: s.free and not s.protected)
        if st is None:
            return
        st.leaving = True
        effective = self.today - timedelta(days=self.rng.randint(0, 3)) if reason == "death" else self.today
        self._exit_begin(st, reason, max(effective, st.recruited, self.start))

    def _t_retire(self, did: int, effective: date) -> None:
        st = self.staff[did]
        if st.transfer is not None:
            self._at(self._wd(self.today, 5), self._t_retire, did, effective)
            return
        if st.employment == "active":
            self._exit_begin(st, "retirement", effective)

    def _exit_begin(self, st: _Staff, reason: str, effective: date) -> None:
        due = next(
            (
                d.due
                for d in deadlines(self.rs, "exit_effective", effective, self.cal, st.category)
                if d.obligation == "update_status"
            ),
            None,
        )
        fate = self._fate(effective, due, None, self.units[st.unit])
        if fate is None:  # an exit is always recorded in the end, if late
            fate = self._wd(max(due or effective, self.today), self.rng.randint(10, 30))
        self._at(fate, self._t_exit, st.did, reason, effective)

    def _t_exit(self, did: int, reason: str, effective: date) -> None:
        st = self.staff[did]
        if st.employment != "active" or st.transfer is not None:
            if st.employment == "active":
                self._at(self._wd(self.today, 3), self._t_exit, did, reason, effective)
            return
        made = self._do(
            f"exit_{reason}",
            self._agency(st.unit),
            "record_exit",
            did,
            reason=reason,
            effective_on=effective,
            on=self.today,
        )
        if made is _REFUSED:
            return
        st.employment = "exited"
        self.units[st.unit].staff.remove(did)
        self._scan(did)
        if st.username is not None:
            why = {"retirement": "Nghỉ hưu", "resignation": "Thôi việc", "death": "Từ trần"}.get(
                reason, reason
            )
            self._do(
                "revoke_account",
                self.admin,
                "set_account_state",
                st.username,
                "revoke",
                on=self.today,
                reason=why,
            )
        self._at(self._wd(self.today, self.rng.randint(15, 45)), self._t_archive, did)

    def _t_archive(self, did: int) -> None:
        st = self.staff[did]
        if (
            st.employment == "exited"
            and self._do("archive", self._agency(st.unit), "archive", did, on=self.today) is not _REFUSED
        ):
            st.employment = "archived"

    # -- the year ------------------------------------------------------------------------------------
    def plan_year(self) -> None:
        n = self.n

        def times(rate: float, least: int = 1) -> int:
            return max(least, round(n * rate))

        for _ in range(times(0.04, 2)):
            self._at(self._year_day(0, 0.92), self._t_recruit)
        for _ in range(times(0.12)):
            self._at(self._year_day(), self._t_change, "personal_info_changed")
        for _ in range(times(0.22)):
            self._at(self._year_day(), self._t_change, "state_decision_effective")
        for event in ("valid_paper_record", "supplement_entered"):
            if event in self.events:
                for _ in range(times(0.04)):
                    self._at(self._year_day(), self._t_change, event)
        rates = {
            "internal_move": 0.015,
            "within_province": 0.02,
            "inbound": 0.004,
            "inbound_unsyncable": 0.002,
            "commune_to_commune": 0.01,
        }
        for kind, event in _TRANSFER_KINDS:
            if event in self.events:
                for _ in range(times(rates[kind])):
                    self._at(self._year_day(0, 0.95), self._t_transfer, kind)
        for _ in range(times(0.008)):
            self._at(self._year_day(), self._t_leave, "resignation")
        for _ in range(times(0.002)):
            self._at(self._year_day(), self._t_leave, "death")
        for did in self.ids:
            st = self.staff[did]
            day = retirement_day(st.person.birth_date, st.male)
            if self.start < day <= self.end and not st.protected:
                st.leaving = True
                self._at(day, self._t_retire, did, day)

    def play(self) -> None:
        self.in_year = True
        days = self._wd_between(self.start, self.end)
        self.phase_total["year"] = len(days)
        for day in days:
            self.today = day
            while self.heap and self.heap[0][0] <= day:
                _day, _seq, fn, args = heapq.heappop(self.heap)
                fn(*args)
            self._tick("year")
        self.today = self.end


# ================================================================================================
# The summary
# ================================================================================================

_GROUP_ORDER = {"province": 0, "department": 1, "public_service_unit": 2, "association": 3, "district": 4}


def year_compliance(ws: Workspace, year: int) -> tuple[tuple[GroupSummary, ...], GroupSummary]:
    """Compliance on 31 December of the obligations started in ``year``, per unit group (each
    unit directly under the root with its whole subtree; the root's own obligations form a group
    of their own), and the total. Counted in SQL, as :meth:`Workspace.compliance` counts."""
    o = db.Obligation
    start, end = date(year, 1, 1), date(year, 12, 31)
    done = and_(o.done_on.is_not(None), o.done_on <= end)
    late = and_(done, o.due.is_not(None), o.done_on > o.due)
    is_open = or_(o.done_on.is_(None), o.done_on > end)
    with ws.session() as s:
        units = {u.id: u for u in s.execute(select(db.Unit)).scalars()}
        rows = s.execute(
            select(
                o.unit_id,
                func.sum(case((and_(done, ~late), 1), else_=0)),
                func.sum(case((late, 1), else_=0)),
                func.sum(case((is_open, 1), else_=0)),
                func.sum(case((and_(is_open, o.due < end), 1), else_=0)),
            )
            .where(o.started_on >= start, o.started_on <= end)
            .group_by(o.unit_id)
        ).all()
    root = next(u for u in units.values() if u.parent_id is None)
    sums: dict[str, list[int]] = {
        u.id: [0, 0, 0, 0] for u in units.values() if u.parent_id == root.id or u.id == root.id
    }
    for unit_id, *counts in rows:
        parts = units[unit_id].path.strip("/").split("/")
        group = parts[1] if len(parts) > 1 else parts[0]
        for i, value in enumerate(counts):
            sums[group][i] += int(value or 0)
    groups = [GroupSummary(uid, units[uid].name, units[uid].kind, *v) for uid, v in sums.items()]
    groups = [g for g in groups if g.unit_id != root.id or g.total]
    groups.sort(key=lambda g: (_GROUP_ORDER.get(g.kind, 9), g.unit_id != root.id, g.unit_id))
    total = GroupSummary(
        root.id,
        root.name,
        root.kind,
        sum(g.done_on_time for g in groups),
        sum(g.done_late for g in groups),
        sum(g.open for g in groups),
        sum(g.overdue for g in groups),
    )
    return tuple(groups), total


def _carried(ws: Workspace, year: int, in_year: GroupSummary) -> GroupSummary:
    """Obligations started before the year (the initial load): everything the service's
    compliance counts on 31 December, less those the year started."""
    rows = ws.compliance(date(year, 12, 31))
    return GroupSummary(
        in_year.unit_id,
        in_year.name,
        in_year.kind,
        sum(r.done_on_time for r in rows) - in_year.done_on_time,
        sum(r.done_late for r in rows) - in_year.done_late,
        sum(r.open for r in rows) - in_year.open,
        sum(r.overdue for r in rows) - in_year.overdue,
    )


def _people(ws: Workspace) -> dict[str, int]:
    with ws.session() as s:
        rows = s.execute(select(db.Dossier.employment, func.count()).group_by(db.Dossier.employment)).all()
    return {state: int(n) for state, n in sorted(rows)}


# ================================================================================================
# Entry point
# ================================================================================================


def _check_empty(url: str) -> None:
    """Refuse a database that already holds a workspace: the demo builds one from scratch."""
    engine = open_engine(url)
    try:
        if "workspace_meta" in inspect(engine).get_table_names():
            with engine.connect() as conn:
                if conn.execute(select(db.Meta.value).where(db.Meta.key == "province")).first():
                    raise DemoError(
                        why=N_(
                            "the database {url} already holds a workspace; give a new file or an empty database"
                        ),
                        url=url,
                    )
    except SQLAlchemyError as exc:
        raise DemoError(
            why=N_("cannot open {url} ({detail})"), url=url, detail=str(getattr(exc, "orig", None) or exc)
        ) from None
    finally:
        engine.dispose()


def _test_pki(sim: _Demo, url: str) -> TestPKI:
    """One test PKI per run (ECDSA P-256: fast), next to a SQLite file or in a temporary folder;
    its root and CRL become the workspace's trust configuration (audited admin acts)."""
    path = sqlite_file(url)
    folder = Path(path + ".pki") if path else Path(tempfile.mkdtemp(prefix="cbccvc-demo-pki-"))
    pki = TestPKI.generate(folder, key="ecdsa")
    sim._do("add_trust_root", sim.admin, "add_trust_root", pki.root_pem.read_bytes(), on=sim.setup_day)
    sim._do("add_crl", sim.admin, "add_crl", pki.crl_path.read_bytes(), on=sim.setup_day)
    return pki


def default_year() -> int:
    """The year the demo plays by default: the last complete calendar year."""
    return date.today().year - 1


def run_demo(
    url: str | None = None,
    province: str = DEFAULT_PROVINCE,
    staff: int = DEFAULT_STAFF,
    year: int | None = None,
    seed: int = 1,
    progress: ProgressFn | None = None,
    registry: Registry | None = None,
    importer: bool = True,
) -> DemoResult:
    """Build ``province`` on ``url`` (a new SQLite file in a temporary directory when None; a
    SQLite path or a PostgreSQL URL otherwise), load ``staff`` people in the year before
    ``year``, play ``year`` through the services, and summarise. Same seed, same result.

    The initial staff come through :mod:`cbccvc_core.importer` (existing staff: no event, no
    obligation); with ``importer=False`` each is recruited instead (``Actor.recruit``, a decision
    in the year before), and what those recruitments started is reported apart as ``carried``."""
    t0 = time.perf_counter()
    reg = registry or default_registry()
    rs = reg.get(province)
    year = default_year() if year is None else year
    cal = reg.calendar(province)
    if staff < MIN_STAFF:
        raise DemoError(why=N_("give at least {least} staff (--staff)"), least=MIN_STAFF)
    if not cal.first_day.year < year < cal.last_day.year:
        raise DemoError(
            why=N_("the calendar covers {first} to {last}; play a year between them"),
            first=cal.first_day.year + 1,
            last=cal.last_day.year - 1,
        )
    if url is None:
        url = str(Path(tempfile.mkdtemp(prefix="cbccvc-demo-")) / f"{province}-{year}.db")
    _check_empty(url)
    prov = _PROVINCES.get(rs.code) or _generic_province(rs)
    setup_day = cal.next_working_day(date(year - 1, 1, 1))
    ws = Workspace.create(
        url,
        province,
        root=(prov.prefix, f"UBND tỉnh {rs.profile.name}"),
        admin=f"{prov.prefix.lower()}.snv.admin",
        on=setup_day,
        registry=reg,
    )
    phases: dict[str, float] = {}
    try:
        sim = _Demo(ws, staff=staff, year=year, seed=seed, progress=progress)
        sim.build_units()
        sim.phase_total["setup"] = 2 * len(sim.units) - 1
        sim.create_units()
        if signature_required(rs) is not None:
            sim.pki = _test_pki(sim, url)
        t1 = time.perf_counter()
        phases["setup"] = t1 - t0
        how = sim.load_staff(use_importer=importer)
        initial = len(sim.staff)
        sim.make_delegations()
        t2 = time.perf_counter()
        phases["staff"] = t2 - t1
        sim.plan_year()
        sim.play()
        t3 = time.perf_counter()
        phases["year"] = t3 - t2
        groups, total = year_compliance(ws, year)
        carried = _carried(ws, year, total)
        people = _people(ws)
        verified = ws.verify_audit()
        signatures = None
        if sim.pki is not None:
            checks = verify_approvals(ws)
            signatures = (sum(c.ok for c in checks), len(checks))
        if progress is not None:
            progress("summary", 1, 1)
        phases["summary"] = time.perf_counter() - t3
        return DemoResult(
            url=ws.url,
            province=rs.code,
            province_name=rs.profile.name,
            year=year,
            seed=seed,
            staff=initial,
            units=len(sim.units),
            accounts=len(sim.accounts) + 1,
            delegations=len(sim.delegations),
            initial_load=how,
            acts=dict(sorted(sim.acts.items())),
            setup_acts=dict(sorted(sim.setup_acts.items())),
            refused=dict(sorted(sim.refused.items())),
            never=dict(sorted(sim.never.items())),
            groups=groups,
            total=total,
            carried=carried,
            people=people,
            audit=verified,
            seconds=time.perf_counter() - t0,
            phases=phases,
            signatures=signatures,
        )
    finally:
        ws.engine.dispose()


__all__ = [
    "DEFAULT_PROVINCE",
    "DEFAULT_STAFF",
    "MIN_STAFF",
    "DemoError",
    "DemoResult",
    "GroupSummary",
    "run_demo",
]
