"""The exported dossier as a PDF laid out like the legal form.

A CBCCVC's dossier is printed as the sơ yếu lý lịch of the Phụ lục of Thông tư 06/2023/TT-BNV
(title, the unit header, the photo box, items 1-38 in the form's order, the tables of items 32,
33, 35, 36 and 37, the "Người khai" block and the agency's certification block); a contract
worker's record as the summary of the labour contract of Phụ lục II, Thông tư 05/2023/TT-BNV.
Items the data model does not keep (see :class:`cbccvc_core.model.dossier.DossierContent`) are
printed with an empty value, as on a blank form, so that the numbering stays the form's.

Every page's footer names what was exported (dossier, approved revision number, content hash),
so a printed page can be matched with the database. Text is Vietnamese (the form is a legal
Vietnamese form, whatever the user's language) in DejaVu Sans, embedded as a subset with its
ToUnicode map (:func:`cbccvc_core.fonts.font_path`), so every Vietnamese letter prints and can be
copied out of the file.

:func:`render` returns the bytes and the two rectangles where the signatures' visible stamps go
(the competent person's and the agency's), in PDF points from the bottom-left of the page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from ..fonts import font_path
from ..model.dossier import (
    AcademicTitle,
    Allowance,
    Content,
    ContractKind,
    ContractWorkerContent,
    DossierContent,
    FamilySide,
    PaymentMethod,
    PoliticalTheoryLevel,
    Relation,
    Training,
    WorkKind,
)

FONT = "DejaVu"
_MM = 72 / 25.4  # points per millimetre
PAGE_W, PAGE_H = 210.0, 297.0  # A4, mm
MARGIN = 15.0
STAMP_W, STAMP_H = 80.0, 30.0  # mm, each visible signature stamp

CATEGORY_TITLES = {
    "can_bo": "SƠ YẾU LÝ LỊCH CÁN BỘ, CÔNG CHỨC",
    "cong_chuc": "SƠ YẾU LÝ LỊCH CÁN BỘ, CÔNG CHỨC",
    "commune_official": "SƠ YẾU LÝ LỊCH CÁN BỘ, CÔNG CHỨC",
    "vien_chuc": "SƠ YẾU LÝ LỊCH VIÊN CHỨC",
}
CONTRACT_TITLE = "HỢP ĐỒNG LAO ĐỘNG"

GENDERS = {"male": "Nam", "female": "Nữ"}
RELATIONS = {
    Relation.FATHER: "Cha",
    Relation.MOTHER: "Mẹ",
    Relation.SPOUSE: "Vợ (chồng)",
    Relation.CHILD: "Con",
    Relation.SIBLING: "Anh, chị, em ruột",
}
THEORY_LEVELS = {
    PoliticalTheoryLevel.ELEMENTARY: "Sơ cấp",
    PoliticalTheoryLevel.INTERMEDIATE: "Trung cấp",
    PoliticalTheoryLevel.ADVANCED: "Cao cấp",
    PoliticalTheoryLevel.BACHELOR: "Cử nhân",
}
ACADEMIC_TITLES = {AcademicTitle.PROFESSOR: "Giáo sư", AcademicTitle.ASSOCIATE_PROFESSOR: "Phó giáo sư"}
WORK_KINDS = {
    WorkKind.SUPPORT_SERVICE: "Hợp đồng lao động thực hiện công việc hỗ trợ, phục vụ",
    WorkKind.PROFESSIONAL: "Hợp đồng lao động thực hiện công việc chuyên môn, nghiệp vụ",
}
CONTRACT_KINDS = {
    ContractKind.FIXED_TERM: "Hợp đồng lao động xác định thời hạn",
    ContractKind.INDEFINITE: "Hợp đồng lao động không xác định thời hạn",
}
PAYMENTS = {PaymentMethod.CASH: "Tiền mặt", PaymentMethod.TRANSFER: "Chuyển khoản"}


@attrs.frozen(kw_only=True)
class ExportSource:
    """What is exported: one approved revision of one dossier, with the names the form prints."""

    dossier_id: int
    revision: int
    """The approved revision's number (bản đã phê duyệt)."""
    content_hash: str
    """``sha256:…`` of the revision's canonical JSON, as stored."""
    approved_on: date | None
    category: str
    content: Content
    unit_name: str
    """Cơ quan, đơn vị sử dụng."""
    managing_unit_name: str | None = None
    """Cơ quan, đơn vị có thẩm quyền quản lý (the parent unit), when there is one."""
    province_name: str = ""
    legal_note: str | None = None
    """The province's clause giving a signed export the value of the paper original, with its
    reference; printed under the certification block."""
    exported_at: datetime | None = None


@attrs.frozen
class StampBox:
    """Where a visible signature goes: 0-based page and (x1, y1, x2, y2) in PDF points."""

    field_name: str
    page: int
    box: tuple[int, int, int, int]


@attrs.frozen
class Layout:
    pdf: bytes
    person: StampBox
    """The competent person's signature (người có thẩm quyền)."""
    agency: StampBox
    """The agency's signature (cơ quan, đơn vị), with its organisation certificate."""


# --------------------------------------------------------------------------- formatting


def day(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def month(value: date | None) -> str:
    return f"{value:%m/%Y}" if value else ""


def span(start: date | None, end: date | None, *, until_now: bool = True) -> str:
    """``03/2015 - 08/2019``; an open end is "nay" (until now)."""
    if start is None and end is None:
        return ""
    return f"{month(start)} - {month(end) if end else ('nay' if until_now else '')}".strip(" -")


def coefficient(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f").replace(".", ",")


def vnd(value: int | None) -> str:
    return "" if value is None else f"{value:,}".replace(",", ".") + " đồng"


def allowance(a: Allowance) -> str:
    parts = [a.kind]
    if a.coefficient is not None:
        parts.append(f"hệ số {coefficient(a.coefficient)}")
    if a.percent is not None:
        parts.append(f"{a.percent}%")
    if a.amount_vnd is not None:
        parts.append(vnd(a.amount_vnd))
    if a.start or a.end:
        parts.append(span(a.start, a.end))
    return ", ".join(parts)


# --------------------------------------------------------------------------- the document


class _Pdf(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.footer_text = footer_text
        self.add_font(FONT, "", str(font_path()))
        self.add_font(FONT, "B", str(font_path(bold=True)))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN + 5)
        self.alias_nb_pages()

    def footer(self) -> None:
        self.set_y(-MARGIN - 3)
        self.set_font(FONT, "", 7)
        self.cell(0, 3.5, self.footer_text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.cell(0, 3.5, f"Trang {self.page_no()}/{{nb}}", align=Align.R)

    # -- building blocks
    def heading(self, text: str) -> None:
        self.set_font(FONT, "B", 10)
        self.multi_cell(0, 5.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align=Align.L)

    def item(self, label: str, value: str | None, *more: tuple[str, str | None]) -> None:
        """``label value; label value`` on one flowing line, values bold."""
        self.set_x(self.l_margin)
        for i, (lab, val) in enumerate(((label, value), *more)):
            self.set_font(FONT, "", 10)
            self.write(5.5, ("; " if i else "") + lab + " ")
            self.set_font(FONT, "B", 10)
            self.write(5.5, val if val else "…")
        self.ln(6.5)

    def grid(self, headers: Sequence[str], rows: Iterable[Sequence[str]], widths: Sequence[float]) -> None:
        rows = list(rows)
        self.set_font(FONT, "", 8.5)
        with self.table(
            col_widths=tuple(widths),
            width=PAGE_W - 2 * MARGIN,
            line_height=4.5,
            text_align="LEFT",
            headings_style=_headings_style(),
            first_row_as_headings=True,
        ) as table:
            head = table.row()
            for h in headers:
                head.cell(h)
            for values in rows or [["" for _ in headers]]:
                row = table.row()
                for v in values:
                    row.cell(v)
        self.ln(2)


def _headings_style() -> Any:
    from fpdf.fonts import FontFace

    return FontFace(family=FONT, emphasis="BOLD", size_pt=8.5, fill_color=(235, 235, 235))


def _trainings(pdf: _Pdf, trainings: Sequence[Training]) -> None:
    pdf.grid(
        ("Từ tháng/năm - đến tháng/năm", "Tên cơ sở đào tạo", "Văn bằng, chứng chỉ", "Hình thức đào tạo"),
        (
            (span(t.start, t.end, until_now=False), t.institution, t.certificate or "", t.mode or "")
            for t in trainings
        ),
        (32, 60, 50, 38),
    )


def _header(pdf: _Pdf, src: ExportSource, title: str, *, photo: bool) -> None:
    pdf.set_font(FONT, "", 9)
    top = pdf.get_y()
    left_w = 95.0
    pdf.multi_cell(
        left_w,
        4.5,
        f"Cơ quan, đơn vị có thẩm quyền quản lý: {src.managing_unit_name or src.unit_name}\n"
        f"Cơ quan, đơn vị sử dụng: {src.unit_name}\n"
        f"Số hiệu hồ sơ: {src.dossier_id}",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
        align=Align.L,
    )
    pdf.set_xy(MARGIN + left_w + 2, top)
    pdf.set_font(FONT, "B", 9.5)
    pdf.multi_cell(
        PAGE_W - 2 * MARGIN - left_w - 2,
        4.5,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
        align=Align.C,
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.set_y(max(pdf.get_y(), top + 15))
    if photo:
        y = pdf.get_y() + 2
        pdf.rect(MARGIN, y, 30, 40)
        pdf.set_font(FONT, "", 8)
        pdf.set_xy(MARGIN, y + 16)
        pdf.multi_cell(30, 4, "Ảnh màu\n(4 x 6 cm)", align=Align.C)
        pdf.set_xy(MARGIN + 35, y + 12)
        pdf.set_font(FONT, "B", 14)
        pdf.multi_cell(PAGE_W - 2 * MARGIN - 35, 7, title, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_y(y + 44)
    else:
        pdf.ln(4)
        pdf.set_font(FONT, "B", 14)
        pdf.multi_cell(0, 7, title, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(3)


def _cbccvc(pdf: _Pdf, src: ExportSource, c: DossierContent) -> None:
    _header(pdf, src, CATEGORY_TITLES.get(src.category, CATEGORY_TITLES["cong_chuc"]), photo=True)
    i, e, pol, emp = c.identity, c.education, c.political, c.employment
    pdf.item(
        "1) Họ và tên khai sinh (viết chữ in hoa):",
        i.full_name.upper(),
        ("Giới tính:", GENDERS[str(i.gender)]),
    )
    pdf.item("2) Các tên gọi khác:", ", ".join(i.other_names))
    pdf.item("3) Sinh ngày:", day(i.birth_date))
    pdf.item("4) Nơi sinh:", i.birthplace)
    pdf.item("5) Quê quán:", i.hometown)
    pdf.item("6) Dân tộc:", c.ethnicity_religion.ethnicity, ("7) Tôn giáo:", c.ethnicity_religion.religion))
    pdf.item(
        "8) Số định danh cá nhân (số CCCD):",
        i.personal_id,
        ("Ngày cấp:", day(i.personal_id_issued_on)),
        ("Số điện thoại liên hệ:", i.phone),
    )
    pdf.item(
        "9) Số sổ bảo hiểm xã hội:",
        i.social_insurance_number,
        ("Số thẻ bảo hiểm y tế:", i.health_insurance_number),
    )
    pdf.item("10) Nơi ở hiện nay:", i.current_residence, ("Nơi thường trú:", i.permanent_residence))
    pdf.item("11) Thành phần gia đình xuất thân:", c.origin.family_background)
    pdf.item("12) Nghề nghiệp trước khi được tuyển dụng:", c.origin.occupation_before_recruitment)
    pdf.item(
        "13) Ngày được tuyển dụng lần đầu:",
        day(emp.first_recruited_on),
        ("Cơ quan, tổ chức, đơn vị tuyển dụng:", emp.recruiting_agency),
    )
    pdf.item("14) Ngày vào cơ quan hiện đang công tác:", day(emp.joined_current_agency_on))
    pdf.item(
        "15) Ngày vào Đảng Cộng sản Việt Nam:",
        day(pol.party_joined_on),
        ("Ngày chính thức:", day(pol.party_official_on)),
    )
    pdf.item("16) Ngày tham gia tổ chức chính trị - xã hội đầu tiên:", day(pol.mass_organisation_joined_on))
    pdf.item("17) Ngày nhập ngũ:", None, ("Ngày xuất ngũ:", None), ("Quân hàm cao nhất:", None))
    pdf.item("18) Đối tượng chính sách:", None)
    pdf.item("19) Trình độ giáo dục phổ thông:", e.general_education)
    pdf.item("20) Trình độ chuyên môn cao nhất:", e.highest_professional_level)
    pdf.item(
        "21) Học hàm:",
        ACADEMIC_TITLES[c.titles.academic_title] if c.titles.academic_title else None,
    )
    pdf.item(
        "22) Danh hiệu nhà nước phong tặng:",
        "; ".join(
            ", ".join(x for x in (h.title, day(h.awarded_on), h.decision_ref) if x)
            for h in c.titles.state_honorary_titles
        ),
    )
    pdf.item(
        "23) Chức vụ hiện tại:",
        emp.current_position,
        ("Ngày bổ nhiệm, phê chuẩn:", day(emp.position_appointed_on)),
    )
    pdf.item("24) Được quy hoạch chức danh:", None)
    pdf.item("25) Chức vụ kiêm nhiệm:", ", ".join(emp.concurrent_positions))
    pdf.item("26) Chức vụ Đảng hiện tại:", None)
    pdf.item("27) Chức vụ Đảng kiêm nhiệm:", None)
    pdf.item("28) Công việc chính được giao:", emp.main_duties)
    pdf.item("29) Sở trường công tác:", None)
    pdf.heading("30) Tiền lương")
    s = c.salary
    if s is not None:
        pdf.item(
            "30.1) Ngạch, chức danh nghề nghiệp:",
            s.rank_name,
            ("Mã số:", s.rank_code),
            ("Ngày bổ nhiệm:", day(s.rank_appointed_on)),
        )
        pdf.item(
            "Bậc lương:",
            str(s.grade),
            ("Hệ số:", coefficient(s.coefficient)),
            ("Ngày hưởng:", day(s.effective_date)),
            ("Phần trăm hưởng:", f"{s.percent_paid}%" if s.percent_paid else None),
            (
                "Phụ cấp thâm niên vượt khung:",
                f"{s.over_grade_seniority_percent}%" if s.over_grade_seniority_percent else None,
            ),
        )
        pdf.item("30.2) Phụ cấp chức vụ, kiêm nhiệm, khác:", "; ".join(allowance(a) for a in s.allowances))
    else:
        pdf.item("30.1) Ngạch, chức danh nghề nghiệp:", None)
        pdf.item("30.2) Phụ cấp chức vụ, kiêm nhiệm, khác:", None)
    pdf.item("30.3) Vị trí việc làm:", emp.job_position)
    pdf.item("31) Tình trạng sức khỏe:", None)

    pdf.heading("32) Trình độ và quá trình đào tạo, bồi dưỡng")
    pdf.heading("32.1) Chuyên môn (từ trung cấp trở lên, cả trong nước và nước ngoài)")
    pdf.grid(
        (
            "Từ tháng/năm - đến tháng/năm",
            "Tên cơ sở đào tạo",
            "Chuyên ngành",
            "Trình độ, văn bằng",
            "Hình thức",
        ),
        (
            (span(d.start, d.end, until_now=False), d.institution, d.field, d.qualification, d.mode or "")
            for d in e.degrees
        ),
        (30, 50, 38, 34, 28),
    )
    pdf.heading(
        "32.2) Lý luận chính trị"
        + (
            f" (trình độ cao nhất: {THEORY_LEVELS[pol.political_theory_level]})"
            if pol.political_theory_level
            else ""
        )
    )
    _trainings(pdf, pol.political_theory_trainings)
    pdf.heading("32.3) Bồi dưỡng quản lý nhà nước, chức danh nghề nghiệp, nghiệp vụ chuyên ngành")
    _trainings(pdf, e.management_trainings)
    pdf.heading("32.4) Bồi dưỡng kiến thức quốc phòng, an ninh")
    _trainings(pdf, e.defence_security_trainings)
    pdf.heading("32.5) Tin học")
    _trainings(pdf, e.it_trainings)
    pdf.heading("32.6) Ngoại ngữ, tiếng dân tộc")
    pdf.grid(
        ("Từ tháng/năm - đến tháng/năm", "Ngoại ngữ, tiếng dân tộc", "Chứng chỉ", "Điểm số", "Cơ sở đào tạo"),
        (
            (
                span(x.start, x.end, until_now=False),
                x.language,
                x.certificate or "",
                x.score or "",
                x.institution or "",
            )
            for x in e.foreign_languages
        ),
        (30, 40, 40, 20, 50),
    )
    pdf.heading("33) Tóm tắt quá trình công tác")
    pdf.grid(
        ("Từ tháng/năm - đến tháng/năm", "Đơn vị công tác", "Chức danh, chức vụ"),
        ((span(w.start, w.end), w.unit, w.position or "") for w in c.work_history),
        (32, 98, 50),
    )
    pdf.item("34) Đặc điểm lịch sử bản thân:", None)
    pdf.heading("35) Khen thưởng, kỷ luật")
    pdf.heading("35.1) Khen thưởng")
    pdf.grid(
        ("Ngày quyết định", "Hình thức khen thưởng", "Số quyết định", "Cơ quan quyết định"),
        (
            (day(r.decided_on), r.form, r.decision_ref or "", r.issued_by or "")
            for r in c.rewards_discipline.rewards
        ),
        (26, 70, 34, 50),
    )
    pdf.heading("35.2) Kỷ luật")
    pdf.grid(
        ("Ngày quyết định", "Hình thức", "Hành vi vi phạm chính", "Số quyết định", "Cơ quan quyết định"),
        (
            (day(d.decided_on), d.form, d.reason or "", d.decision_ref or "", d.issued_by or "")
            for d in c.rewards_discipline.disciplines
        ),
        (24, 34, 52, 30, 40),
    )
    pdf.heading("36) Quan hệ gia đình")
    for side, heading in (
        (FamilySide.OWN, "36.1) Về bản thân: cha, mẹ, vợ (hoặc chồng), các con, anh chị em ruột"),
        (FamilySide.SPOUSE, "36.2) Về bên vợ (hoặc chồng): cha, mẹ, anh chị em ruột"),
    ):
        pdf.heading(heading)
        pdf.grid(
            (
                "Mối quan hệ",
                "Họ và tên",
                "Năm sinh",
                "Quê quán, nghề nghiệp, chức danh, chức vụ, đơn vị công tác, nơi ở",
            ),
            (
                (
                    RELATIONS[r.relation],
                    r.full_name,
                    str(r.birth_year or ""),
                    "; ".join(x for x in (r.hometown, r.occupation, r.address) if x),
                )
                for r in c.family
                if r.side is side
            ),
            (28, 46, 18, 88),
        )
    pdf.heading("37) Hoàn cảnh kinh tế")
    pdf.heading("37.1) Quá trình lương của bản thân")
    pdf.grid(
        ("Từ tháng/năm - đến tháng/năm", "Mã số ngạch/chức danh nghề nghiệp", "Bậc lương", "Hệ số lương"),
        (
            (span(h.start, h.end), h.rank_code, str(h.grade), coefficient(h.coefficient))
            for h in (s.history if s else ())
        ),
        (40, 70, 30, 40),
    )
    pdf.item("37.2) Phụ cấp:", "; ".join(allowance(a) for a in s.allowances) if s else None)
    pdf.item("37.3) Nguồn thu nhập chính của gia đình, nhà ở, đất ở:", None)
    pdf.item("38) Nhận xét, đánh giá của cơ quan, tổ chức, đơn vị quản lý và sử dụng:", None)


def _contract(pdf: _Pdf, src: ExportSource, c: ContractWorkerContent) -> None:
    _header(pdf, src, CONTRACT_TITLE, photo=False)
    pdf.set_font(FONT, "", 10)
    pdf.multi_cell(
        0,
        5,
        f"{WORK_KINDS[c.contract.work_kind]} (Phụ lục II ban hành kèm theo Thông tư số 05/2023/TT-BNV)"
        + (f" — Số {c.contract.number}" if c.contract.number else "")
        + (f", ký ngày {day(c.contract.signed_on)}" if c.contract.signed_on else ""),
        align=Align.C,
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(2)
    pdf.heading("Bên A (người sử dụng lao động)")
    pdf.item("Cơ quan, đơn vị:", c.employer.unit)
    pdf.item("Địa chỉ:", c.employer.address)
    pdf.item("Đại diện:", c.employer.representative, ("Chức vụ:", c.employer.representative_title))
    pdf.heading("Bên B (người lao động)")
    w = c.identity
    pdf.item("Ông/Bà:", w.full_name, ("Giới tính:", GENDERS[str(w.gender)]))
    pdf.item("Sinh ngày:", day(w.birth_date), ("tại:", w.birthplace))
    pdf.item(
        "Số CCCD:",
        w.personal_id,
        ("Cấp ngày:", day(w.personal_id_issued_on)),
        ("Tại:", w.personal_id_issued_by),
    )
    pdf.item("Địa chỉ nơi cư trú:", w.residence)
    pdf.item("Số điện thoại:", w.phone, ("Email:", w.email), ("Mã số thuế:", w.tax_code))
    if c.contract.work_kind is WorkKind.PROFESSIONAL:
        q = c.qualifications
        pdf.item("Trình độ chuyên môn:", q.professional_level, ("Chuyên ngành đào tạo:", q.field))
        pdf.item("Trình độ tin học:", q.it_level, ("Trình độ ngoại ngữ:", q.foreign_language_level))
        pdf.item("Chứng chỉ hành nghề:", q.practising_certificate)
    pdf.heading("Điều 1. Thời hạn và công việc hợp đồng")
    k = c.contract
    pdf.item("1. Loại hợp đồng:", CONTRACT_KINDS[k.kind])
    pdf.item("Thời hạn: từ ngày", day(k.start), ("đến ngày", day(k.end) if k.end else "không xác định"))
    pdf.item("Thời gian thử việc: từ ngày", day(k.probation_start), ("đến ngày", day(k.probation_end)))
    pdf.item("2. Vị trí việc làm:", c.job.job_position, ("Địa điểm làm việc:", c.job.workplace))
    pdf.item("Bộ phận, đơn vị quản lý:", c.job.managing_unit)
    pdf.item("Nhiệm vụ:", c.job.duties)
    pdf.heading("Điều 2. Tiền lương, phụ cấp")
    p = c.pay
    pdf.item(
        "Mức lương:",
        vnd(p.amount_vnd),
        ("Mã số ngạch:", p.rank_code),
        ("Bậc:", str(p.grade) if p.grade else None),
        ("Hệ số:", coefficient(p.coefficient)),
    )
    pdf.item("Các khoản phụ cấp:", "; ".join(allowance(a) for a in p.allowances))
    pdf.item(
        "Hình thức trả lương:",
        PAYMENTS[p.payment_method] if p.payment_method else None,
        ("Kỳ hạn trả lương:", p.pay_period),
    )


SIGN_BLOCK_H = 3 + 12 + 32 + STAMP_H + 3  # mm: the declarant's and the certification blocks, stamps


def _sign_blocks(pdf: _Pdf, src: ExportSource) -> tuple[StampBox, StampBox]:
    note_h = 0.0
    if src.legal_note:
        pdf.set_font(FONT, "", 7.5)
        height = pdf.multi_cell(0, 3.8, src.legal_note, dry_run=True, output="HEIGHT")
        note_h = height if isinstance(height, float | int) and not isinstance(height, bool) else 20.0
    if pdf.get_y() + SIGN_BLOCK_H + note_h > pdf.page_break_trigger:
        pdf.add_page()
    pdf.ln(3)
    y = pdf.get_y()
    half = (PAGE_W - 2 * MARGIN) / 2
    name = src.content.identity.full_name
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(
        half,
        4.5,
        "Tôi xin cam đoan những lời khai trên đây là đúng sự thật và chịu trách nhiệm về những lời khai của mình.",
        align=Align.L,
    )
    pdf.set_xy(MARGIN + half, y)
    approved = f"Ngày phê duyệt: {day(src.approved_on)}" if src.approved_on else ""
    pdf.multi_cell(half, 4.5, approved, align=Align.C)
    y2 = y + 12
    pdf.set_xy(MARGIN, y2)
    pdf.set_font(FONT, "B", 10)
    pdf.cell(half, 5, "NGƯỜI KHAI", align=Align.C)
    pdf.set_xy(MARGIN + half, y2)
    pdf.multi_cell(
        half,
        5,
        "XÁC NHẬN CỦA CƠ QUAN, ĐƠN VỊ QUẢN LÝ VÀ SỬ DỤNG",
        align=Align.C,
    )
    pdf.set_xy(MARGIN, y2 + 5)
    pdf.set_font(FONT, "", 8.5)
    pdf.cell(half, 4.5, "(Kê khai điện tử trên Cơ sở dữ liệu)", align=Align.C)
    pdf.set_xy(MARGIN, y2 + 22)
    pdf.set_font(FONT, "B", 10)
    pdf.cell(half, 5, name, align=Align.C)
    # The two stamps side by side under the certification heading: the competent person's
    # signature left, the agency's (the seal, on paper) right, below the declarant's name.
    stamp_top = y2 + 32
    page = pdf.page_no() - 1
    person = _box("Sig_NguoiCoThamQuyen", page, MARGIN + half - STAMP_W - 2, stamp_top)
    agency = _box("Sig_CoQuan", page, MARGIN + half + 2, stamp_top)
    pdf.set_font(FONT, "", 7.5)
    pdf.set_xy(MARGIN + half - STAMP_W - 2, stamp_top - 4)
    pdf.cell(STAMP_W, 4, "Người có thẩm quyền (ký số)", align=Align.C)
    pdf.set_xy(MARGIN + half + 2, stamp_top - 4)
    pdf.cell(STAMP_W, 4, "Cơ quan, đơn vị (ký số)", align=Align.C)
    pdf.set_y(stamp_top + STAMP_H + 3)
    if src.legal_note:
        pdf.set_font(FONT, "", 7.5)
        pdf.multi_cell(0, 3.8, src.legal_note, align=Align.J, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return person, agency


def _box(field: str, page: int, x_mm: float, y_top_mm: float) -> StampBox:
    x1 = round(x_mm * _MM)
    x2 = round((x_mm + STAMP_W) * _MM)
    y2 = round((PAGE_H - y_top_mm) * _MM)
    y1 = round((PAGE_H - y_top_mm - STAMP_H) * _MM)
    return StampBox(field, page, (x1, y1, x2, y2))


def footer_text(src: ExportSource) -> str:
    return (
        f"Hồ sơ số {src.dossier_id} — bản đã phê duyệt số {src.revision}"
        + (f" ({day(src.approved_on)})" if src.approved_on else "")
        + f" — {src.content_hash}"
    )


def render(src: ExportSource) -> Layout:
    """The PDF of ``src`` and where its two signatures go."""
    pdf = _Pdf(footer_text(src))
    title = (
        CONTRACT_TITLE
        if isinstance(src.content, ContractWorkerContent)
        else CATEGORY_TITLES.get(src.category, CATEGORY_TITLES["cong_chuc"])
    )
    name = src.content.identity.full_name
    pdf.set_title(f"{title} — {name}")
    pdf.set_author(src.unit_name)
    pdf.set_subject(
        f"Hồ sơ số {src.dossier_id}, bản đã phê duyệt số {src.revision}, {src.content_hash}"
        + (f". {src.legal_note}" if src.legal_note else "")
    )
    pdf.set_keywords(f"cbccvc dossier={src.dossier_id} revision={src.revision} {src.content_hash}")
    pdf.set_creator("cbccvc_core")
    pdf.set_lang("vi-VN")
    if src.exported_at is not None:
        pdf.set_creation_date(src.exported_at)
    pdf.add_page()
    if isinstance(src.content, DossierContent):
        _cbccvc(pdf, src, src.content)
    else:
        _contract(pdf, src, src.content)
    person, agency = _sign_blocks(pdf, src)
    return Layout(bytes(pdf.output()), person, agency)
