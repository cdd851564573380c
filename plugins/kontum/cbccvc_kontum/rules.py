"""Kon Tum's rules, article by article, each with its quote.

Quy chế cập nhật, sử dụng và khai thác Hệ thống quản lý cán bộ, công chức, viên chức trên
địa bàn tỉnh Kon Tum, kèm theo Quyết định số .../2025/QĐ-UBND (dự thảo: number and dates
blank in the text).
"""

from __future__ import annotations

from cbccvc_core.rules import (
    CalendarDays, DeadlineRule, Instrument, InstrumentStatus, ProvinceProfile, WorkingDays,
)

QC = Instrument(
    province="kontum",
    kind="Quy chế kèm Quyết định",
    number=None,
    issuer="UBND tỉnh Kon Tum",
    title="Quy chế cập nhật, sử dụng và khai thác Hệ thống quản lý cán bộ, công chức, viên chức "
    "trên địa bàn tỉnh Kon Tum",
    status=InstrumentStatus.DRAFT,
    note="Số: /2025/QĐ-UBND; 'có hiệu lực kể từ ngày tháng năm 2025' (number and dates blank)",
)

PROFILE = ProvinceProfile(code="kontum", name="Kon Tum", instrument=QC)

DEADLINES = (
    # Điều 10. Quy trình cập nhật thông tin hồ sơ CBCCVC
    DeadlineRule(
        event="recruitment_decision", obligation="enter_dossier", period=WorkingDays(30),
        actor="employing_unit",
        source=QC.cite(10, 1, quote="Trong thời gian 30 (ba mươi) ngày làm việc, kể từ ngày có quyết "
                       "định trúng tuyển hoặc hợp đồng lao động thì cơ quan, đơn vị, địa phương có "
                       "trách nhiệm cập nhật đầy đủ, chính xác thông tin hồ sơ"),
    ),
    # Điều 11. Điều chuyển và tiếp nhận hồ sơ CBCCVC
    DeadlineRule(
        event="internal_move_effective", obligation="move_dossier", period=CalendarDays(10),
        actor="employing_unit",
        source=QC.cite(11, 1, quote="điều chuyển hồ sơ trên Hệ thống quản lý CBCCVC tỉnh Kon Tum đến "
                       "bộ phận mới, thời gian chậm nhất là 10 (mười) ngày, kể từ ngày văn bản có hiệu lực"),
    ),
)
