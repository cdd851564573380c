"""Kon Tum's rules, article by article, each with its quote.

Quy chế cập nhật, sử dụng và khai thác Hệ thống quản lý cán bộ, công chức, viên chức trên
địa bàn tỉnh Kon Tum, kèm theo Quyết định số .../2025/QĐ-UBND (dự thảo: number and dates
blank in the text).

Quotes are copied from the text as received; the only change is that the italics markers
of the conversion (``30 (*ba mươi*)``) are dropped. The text's own typos ("CBCCVV") are kept.
"""

from __future__ import annotations

from cbccvc_core.rules import (
    AccountIssuance,
    AccountPolicy,
    ApprovalPolicy,
    Approver,
    BackupPolicy,
    BackupRule,
    Before,
    CalendarDays,
    DeadlineRule,
    Delegation,
    Instrument,
    InstrumentStatus,
    MonthEndWindow,
    ProvinceProfile,
    ProvisionText,
    ReportItem,
    ReportRule,
    Unspecified,
    WorkingDays,
)

QC = Instrument(
    province="kontum",
    kind="Quy chế kèm Quyết định",
    number=None,
    issuer="UBND tỉnh Kon Tum",
    title="Quy chế cập nhật, sử dụng và khai thác Hệ thống quản lý cán bộ, công chức, viên chức "
    "trên địa bàn tỉnh Kon Tum",
    status=InstrumentStatus.DRAFT,
    note="Số: /2025/QĐ-UBND; 'Kon Tum, ngày tháng năm 2025'; 'có hiệu lực kể từ ngày tháng năm "
    "2025' (QĐ Điều 2); the Quy chế's heading reads 'Quyết định số /QĐ-UBND ngày tháng năm 2025'. "
    "Number, signing date and in-force date are blank. The text bears no 'DỰ THẢO' mark; it is "
    "treated as a draft because nothing in it shows adoption (it is based on Tờ trình số "
    "24/TTr-SNV ngày 20/01/2025 of Sở Nội vụ).",
)

PROFILE = ProvinceProfile(code="kontum", name="Kon Tum", instrument=QC)

# Person categories: "CBCCVC" without "người lao động" (Điều 11.2, 11.3).
CBCCVC = frozenset({"can_bo", "cong_chuc", "vien_chuc", "commune_official"})


# ---------------------------------------------------------------------------------------------
# Deadlines (RULES.md §3)
# ---------------------------------------------------------------------------------------------

DEADLINES = (
    # Điều 7. Tạo lập, cập nhật dữ liệu CBCCVC
    DeadlineRule(
        event="account_issued",
        obligation="enter_personal_info",
        period=Unspecified(),
        actor="person",
        source=QC.cite(
            7,
            2,
            quote="Cá nhân CBCCVC và người lao động có trách nhiệm truy cập vào tài khoản cá nhân "
            "đã được cấp để nhập thông tin của mình vào Hệ thống quản lý CVCCVC tỉnh Kon Tum",
        ),
        note="No time limit: the person enters their own data once Sở Nội vụ has created the "
        "personal account; it must match the biography / labour contract form confirmed by "
        "the competent authority.",
    ),
    DeadlineRule(
        event="personal_info_changed",
        obligation="update_dossier",
        period=Unspecified(),
        actor="person",
        source=QC.cite(
            7,
            3,
            quote="Đối với việc cập nhật thông tin, dữ liệu của CBCCVC và người lao động do có "
            "thay đổi, hiệu chỉnh thì cá nhân có trách nhiệm cập nhật thông tin, dữ liệu vào kèm "
            "theo bản số hóa của tài liệu đã được cấp có thẩm quyền xác nhận",
        ),
        note="No time limit; the update carries the digitised document confirmed by the "
        "competent authority. The unit's own 15-working-day duty runs from the valid paper "
        "record (Điều 10.2, event valid_paper_record).",
    ),
    # Điều 8. Phê duyệt dữ liệu CBCCVC
    DeadlineRule(
        event="dossier_updated",
        obligation="approve_dossier",
        period=MonthEndWindow(5),
        actor="unit_head",
        source=QC.cite(
            8,
            1,
            quote="Khi CBCCVC và người lao động cập nhật, thay đổi thông tin, trong vòng 05 ngày "
            "cuối từng tháng, Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh; Sở, "
            "ban, ngành, đơn vị trực thuộc Ủy ban nhân dân tỉnh; Ủy ban nhân dân các huyện, "
            "thành phố có trách nhiệm phê duyệt các hồ sơ bằng hình thức ký số",
        ),
        also=(
            QC.cite(
                7,
                4,
                quote="phê duyệt hoặc ủy quyền phê duyệt bằng ký số dữ liệu được cập nhật theo "
                "quy định tại khoản 1 Điều 8 Quy chế này",
            ),
        ),
        note="Approval by digital signature. Provincial bodies: their head, or the deputy head "
        "by delegation (8.1.a); districts (and the communes under them): the chairman of the "
        "district People's Committee, or a vice chairman by delegation (8.1.b). Điều 3.7 names "
        "the head of the personnel office as the authorised person instead.",
    ),
    # Điều 10. Quy trình cập nhật thông tin hồ sơ CBCCVC
    DeadlineRule(
        event="recruitment_decision",
        obligation="enter_dossier",
        period=WorkingDays(30),
        actor="employing_unit",
        categories={"cong_chuc", "vien_chuc", "commune_official", "contract_worker"},
        source=QC.cite(
            10,
            1,
            quote="Trong thời gian 30 (ba mươi) ngày làm việc, kể từ ngày có quyết định trúng "
            "tuyển hoặc hợp đồng lao động thì cơ quan, đơn vị, địa phương có trách nhiệm cập nhật "
            "đầy đủ, chính xác thông tin hồ sơ công chức, viên chức và người lao động",
        ),
        note="The anchor is the recruitment decision (quyết định trúng tuyển) or, for contract "
        "workers, the labour contract. The clause names công chức, viên chức and người lao "
        "động, not cán bộ (who are elected, not recruited); commune_official is kept for "
        "commune công chức.",
    ),
    DeadlineRule(
        event="valid_paper_record",
        obligation="update_dossier",
        period=WorkingDays(15),
        actor="employing_unit",
        source=QC.cite(
            10,
            2,
            quote="khi có thay đổi thông tin của CBCCVC và người lao động, trong thời gian 15 "
            "(mười lăm) ngày làm việc, kể từ ngày có hồ sơ giấy hợp lệ, cơ quan, đơn vị, địa "
            "phương có trách nhiệm cập nhật thông tin hồ sơ",
        ),
    ),
    # Điều 11. Điều chuyển và tiếp nhận hồ sơ CBCCVC
    DeadlineRule(
        event="internal_move_effective",
        obligation="move_dossier",
        period=CalendarDays(10),
        actor="employing_unit",
        source=QC.cite(
            11,
            1,
            quote="điều chuyển hồ sơ trên Hệ thống quản lý CBCCVC tỉnh Kon Tum đến bộ phận mới, "
            "thời gian chậm nhất là 10 (mười) ngày, kể từ ngày văn bản có hiệu lực",
        ),
        note="'10 (mười) ngày' without 'làm việc': calendar days, unlike the 10 working days of 11.2.",
    ),
    DeadlineRule(
        event="transfer_effective",
        obligation="complete_transfer",
        period=WorkingDays(10),
        actor="managing_agency",
        categories=CBCCVC,
        source=QC.cite(
            11,
            2,
            quote="Thời gian hoàn tất điều chuyển và tiếp nhận chậm nhất 10 (mười) ngày làm việc, "
            "kể từ ngày văn bản có hiệu lực",
        ),
        note="The superior unit competent to use the CBCCVC (cơ quan, đơn vị, địa phương có "
        "thẩm quyền sử dụng CBCCVC cấp trên) moves the dossier to the new unit. One deadline "
        "covers both the move and the receiving unit's forwarding. The clause names CBCCVC "
        "only, not người lao động.",
    ),
    DeadlineRule(
        event="transfer_effective",
        obligation="complete_transfer",
        period=WorkingDays(10),
        actor="receiving_unit",
        categories=CBCCVC,
        source=QC.cite(
            11,
            2,
            quote="cơ quan, đơn vị, địa phương tiếp nhận có trách nhiệm chuyển tiếp hồ sơ trên Hệ "
            "thống quản lý CBCCVC tỉnh Kon Tum đến cơ quan, đơn vị, địa phương trực tiếp sử "
            "dụng CBCCVC theo phân cấp quản lý. Thời gian hoàn tất điều chuyển và tiếp nhận "
            "chậm nhất 10 (mười) ngày làm việc",
        ),
        note="The receiving unit forwards the dossier to the unit that directly uses the "
        "person; the same 10 working days from the effective date cover the whole transfer.",
    ),
    DeadlineRule(
        event="exit_effective",
        obligation="update_status",
        period=CalendarDays(15),
        actor="employing_unit",
        categories=CBCCVC,
        source=QC.cite(
            11,
            3,
            "a",
            quote="Đối với CBCCVC được điều động, luân chuyển sang khối Đảng và chuyển ra ngoài "
            "tỉnh thì cơ quan, đơn vị trực tiếp sử dụng CBCCVC thực hiện cập nhật tình trạng hồ "
            "sơ tương ứng trong Hệ thống quản lý CBCCVC tỉnh Kon Tum thời gian chậm nhất 15 "
            "(mười lăm) ngày, kể từ ngày văn bản có hiệu lực",
        ),
        also=(
            QC.cite(
                11,
                3,
                "b",
                quote="Trường hợp CBCCVC nghỉ hưu, thôi việc, buộc thôi việc, từ trần thì cơ "
                "quan, đơn vị trực tiếp sử dụng CBCCVC thực hiện cập nhật tình trạng hồ sơ trong "
                "Hệ thống quản lý CBCCVC tỉnh Kon Tum, thời gian chậm nhất 15 (mười lăm) ngày",
            ),
        ),
        note="'15 (mười lăm) ngày' without 'làm việc': calendar days. Covers moves to the "
        "Party bloc or out of the province (11.3.a) and retirement, resignation, dismissal "
        "or death (11.3.b); CBCCVC only. The dossier stays stored (Điều 12.3).",
    ),
)


# ---------------------------------------------------------------------------------------------
# Approval and delegation (RULES.md §4)
# ---------------------------------------------------------------------------------------------

APPROVAL = ApprovalPolicy(
    # Điều 3.7, Điều 8.1: phê duyệt = xác thực bằng ký số
    act="digital_signature",
    act_source=QC.cite(
        8,
        1,
        quote="có trách nhiệm phê duyệt các hồ sơ bằng hình thức ký số tại Hệ thống quản lý "
        "CBCCVC tỉnh Kon Tum",
    ),
    approvers=(
        Approver(
            scope="provincial",
            role="unit_head",
            scope_note="Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh; sở, ban, "
            "ngành, đơn vị trực thuộc Ủy ban nhân dân tỉnh",
            source=QC.cite(
                8,
                1,
                "a",
                quote="Thủ trưởng Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh, Sở, "
                "ban, ngành, đơn vị trực thuộc Ủy ban nhân dân tỉnh hoặc ủy quyền Phó Thủ trưởng "
                "chịu trách nhiệm phê duyệt dữ liệu",
            ),
        ),
        Approver(
            scope="district_and_below",
            role="district_chairman",
            scope_note="Ủy ban nhân dân huyện, thành phố: CBCCVC và người lao động thuộc, trực "
            "thuộc địa phương",
            source=QC.cite(
                8,
                1,
                "b",
                quote="Chủ tịch Ủy ban nhân dân hoặc ủy quyền cho Phó Chủ tịch Ủy ban nhân dân "
                "huyện, thành phố chịu trách nhiệm phê duyệt dữ liệu của CBCCVC và người lao động "
                "thuộc, trực thuộc địa phương",
            ),
        ),
    ),
    delegations=(
        Delegation(
            delegator="unit_head",
            delegate="deputy_head",
            scope="provincial",
            source=QC.cite(
                8,
                1,
                "a",
                quote="hoặc ủy quyền Phó Thủ trưởng chịu trách nhiệm phê duyệt dữ liệu của CBCCVC "
                "và người lao động thuộc, trực thuộc cơ quan",
            ),
        ),
        Delegation(
            delegator="district_chairman",
            delegate="district_vice_chairman",
            scope="district_and_below",
            source=QC.cite(
                8,
                1,
                "b",
                quote="Chủ tịch Ủy ban nhân dân hoặc ủy quyền cho Phó Chủ tịch Ủy ban nhân dân "
                "huyện, thành phố",
            ),
        ),
        # Điều 3.7 names another delegate than Điều 8.1 (the text does not reconcile them).
        Delegation(
            delegator="unit_head",
            delegate="personnel_office_head",
            scope="all",
            source=QC.cite(
                3,
                7,
                quote="người đứng đầu cơ quan, đơn vị, địa phương hoặc người được ủy quyền "
                "(Trưởng phòng/ban thực hiện nhiệm vụ quản lý và tham mưu về công tác cán bộ của "
                "cơ quan) thực hiện xác thực thông tin, dữ liệu bằng ký số",
            ),
        ),
    ),
    # Điều 7.4: heads organise the push to the national database.
    national_sync=ProvisionText(
        summary="The heads of the VP Đoàn ĐBQH và HĐND tỉnh, provincial departments and units "
        "under the provincial People's Committee, and district People's Committees organise "
        "pushing their CBCCVC and contract workers' data from the provincial system to the "
        "national database through the connection of Điều 13 (national data integration "
        "platform, Decree 47/2020/NĐ-CP).",
        source=QC.cite(
            7,
            4,
            quote="có trách nhiệm tổ chức thực hiện việc cập nhật dữ liệu CBCCVC và người lao "
            "động thuộc thẩm quyền quản lý từ Hệ thống quản lý CBCCVC tỉnh Kon Tum lên Cơ sở dữ "
            "liệu quốc gia thông qua việc kết nối, chia sẻ dữ liệu quy định tại Điều 13",
        ),
    ),
    verification_period=MonthEndWindow(5),  # Điều 8.1: "trong vòng 05 ngày cuối từng tháng"
    # No own-dossier or rejection rule in the text.
)


# ---------------------------------------------------------------------------------------------
# Accounts and access (RULES.md §5)
# ---------------------------------------------------------------------------------------------

ACCOUNTS = AccountPolicy(
    issuance=(
        # Điều 7.2: the system's managing agency (Sở Nội vụ, Điều 8.2) creates personal accounts.
        AccountIssuance(
            kind="personal",
            issued_by="home_affairs",
            source=QC.cite(
                7,
                2,
                quote="Cơ quan quản lý Hệ thống quản lý CBCCVC tỉnh Kon Tum có trách nhiệm tạo lập "
                "tài khoản cá nhân cho công chức, viên chức quản trị hệ thống, CBCCVC và người lao "
                "động",
            ),
        ),
        # Điều 17.1: Sở Nội vụ issues user accounts (agency and personal, Điều 3.4) on request.
        AccountIssuance(
            kind="agency",
            issued_by="home_affairs",
            requested_by="employing_unit",
            source=QC.cite(
                17,
                1,
                quote="cấp mới tài khoản người dùng, phân quyền cho tài khoản người dùng, cấp lại "
                "mật khẩu cho người dùng trên Hệ thống quản lý CBCCVC tỉnh Kon Tum theo đề xuất "
                "của các cơ quan, đơn vị, địa phương",
            ),
        ),
    ),
    # Điều 3.3: Mã số định danh của UBND Kon Tum (H34) - số định danh cá nhân.
    identifier="h34_personal_id",
    identifier_source=QC.cite(
        3,
        3,
        quote="Thống nhất sử dụng Mã số định danh của Ủy ban nhân dân Kon Tum (H34) - số định "
        "danh cá nhân theo quy định tại Luật Căn cước năm 2023 làm mã định danh CBCCVC và người "
        "lao động",
    ),
    # No password-change interval in the text.
    # Điều 15.5 (and 17.1: Sở Nội vụ reissues passwords).
    lost_password=ProvisionText(
        summary="Lost account, forgotten password or signs of a stolen password: report "
        "immediately (ngay) to the head of the unit and to Sở Nội vụ, which reissues a new "
        "password (Điều 17.1).",
        source=QC.cite(
            15,
            5,
            quote="Trường hợp bị mất tài khoản, quên mật khẩu hoặc có dấu hiệu bị đánh cắp mật "
            "khẩu đăng nhập Hệ thống quản lý CBCCVC tỉnh Kon Tum thì phải báo cáo ngay cho Thủ "
            "trưởng cơ quan, đơn vị và báo cáo Sở Nội vụ để được xem xét, cấp lại mật khẩu mới",
        ),
    ),
    lost_password_via=("unit_head", "home_affairs"),
    # Điều 7.2: personal accounts for every CBCCVC and contract worker; Điều 14.2: the unit
    # names by decision who uses its agency account.
    model="per_person",
    model_source=QC.cite(
        7,
        2,
        quote="tạo lập tài khoản cá nhân cho công chức, viên chức quản trị hệ thống, CBCCVC và "
        "người lao động",
    ),
    holder_change="reassign",
    holder_change_source=QC.cite(
        14,
        2,
        quote="ban hành quyết định giao nhiệm vụ cho CBCCVC và người lao động trực tiếp quản lý, "
        "cập nhật, sử dụng tài khoản",
    ),
    revocation=(
        # Điều 3.4: the text speaks of granting, restricting, extending, delegating access;
        # it has no word for revoking (thu hồi) an account.
        ProvisionText(
            summary="Managing user accounts means creating agency and personal accounts and "
            "granting, restricting, extending or delegating their access (no revocation is "
            "named).",
            source=QC.cite(
                3,
                4,
                quote="Là việc tạo lập tài khoản cơ quan, đơn vị, tài khoản cá nhân của CBCCVV, "
                "người lao động; cấp, hạn chế, mở rộng hoặc ủy quyền truy cập của tài khoản",
            ),
        ),
        ProvisionText(
            summary="Sở Nội vụ, with the system's operator, assigns the permissions of user "
            "accounts at the proposal of the agencies.",
            source=QC.cite(
                17,
                1,
                quote="phân quyền cho tài khoản người dùng, cấp lại mật khẩu cho người dùng",
            ),
        ),
    ),
    # No rights (quyền) are enumerated in the text.
    access=(
        ProvisionText(
            summary="Accounts and permissions are issued by the managing agency; access and "
            "data-exploitation rights are assigned per account.",
            source=QC.cite(
                4,
                3,
                quote="được cơ quan quản lý cấp tài khoản truy cập và được phân quyền chức năng sử "
                "dụng, phân quyền khai thác dữ liệu theo quy định",
            ),
        ),
        ProvisionText(
            summary="Connecting and sharing the system's data with other systems needs the "
            "written consent of the competent authority.",
            source=QC.cite(
                4,
                4,
                quote="Việc kết nối và chia sẻ dữ liệu của Hệ thống quản lý CBCCVV tỉnh Kon Tum "
                "với các hệ thống thông tin khác phải được sự đồng ý bằng văn bản của cấp có "
                "thẩm quyền",
            ),
        ),
        ProvisionText(
            summary="Forbidden: acts of Decree 47/2020 Điều 8, inaccurate data, misuse of "
            "data, disclosing user names and passwords to unauthorised people.",
            source=QC.cite(
                5,
                4,
                quote="Cung cấp hoặc để lộ tên và mật khẩu đăng nhập vào Hệ thống quản lý CBCCVV "
                "tỉnh Kon Tum cho cá nhân, tổ chức không được giao quyền",
            ),
        ),
        ProvisionText(
            summary="Sở Nội vụ uses the whole system's data for analysis and connects it to the "
            "national database and other systems.",
            source=QC.cite(
                9,
                1,
                quote="Giao Sở Nội vụ sử dụng dữ liệu từ Hệ thống quản lý CBCCVC tỉnh Kon Tum để "
                "tổng hợp, phân tích đội ngũ CBCCVC, người lao động",
            ),
        ),
        ProvisionText(
            summary="A unit sees the aggregated data and its own staff's data.",
            source=QC.cite(
                9,
                2,
                quote="Các cơ quan, đơn vị, địa phương được khai thác, sử dụng dữ liệu tổng hợp, "
                "phân tích chung, dữ liệu về CBCCVC, người lao động của cơ quan mình",
            ),
        ),
        ProvisionText(
            summary="A person sees their own data; other data only with the competent "
            "authority's written consent.",
            source=QC.cite(
                9,
                3,
                quote="CBCCVC, người lao động được khai thác dữ liệu của cá nhân mình; được truy "
                "cập, nghiên cứu, sử dụng và khai thác dữ liệu trên Cơ sở dữ liệu quốc gia, Hệ "
                "thống quản lý CBCCVC tỉnh Kon Tum của cơ quan khi cơ quan có thẩm quyền đồng ý "
                "bằng văn bản",
            ),
        ),
        ProvisionText(
            summary="An electronic export signed by the competent person and by the agency has "
            "the legal value of the paper original.",
            source=QC.cite(
                9,
                4,
                quote="được ký số bởi người có thẩm quyền và ký số của cơ quan nhà nước theo quy "
                "định của pháp luật thì văn bản điện tử đó có giá trị pháp lý như bản gốc văn bản "
                "giấy",
            ),
        ),
        ProvisionText(
            summary="Sở Nội vụ reads the national database with an account from the Ministry "
            "of Home Affairs, over the dedicated data network.",
            source=QC.cite(
                9,
                5,
                quote="Sở Nội vụ khai thác sử dụng dữ liệu của Cơ sở dữ liệu quốc gia bằng tài "
                "khoản do Bộ Nội vụ cung cấp",
            ),
        ),
        ProvisionText(
            summary="Each unit manages the accounts it was given and names, by decision, the "
            "staff who use them.",
            source=QC.cite(
                14,
                2,
                quote="Quản lý tài khoản người dùng được cấp, ban hành quyết định giao nhiệm vụ "
                "cho CBCCVC và người lao động trực tiếp quản lý, cập nhật, sử dụng tài khoản",
            ),
        ),
        ProvisionText(
            summary="The official assigned to the system uses the unit's account and keeps it "
            "safe and secret.",
            source=QC.cite(
                15,
                1,
                quote="có trách nhiệm bảo quản và bảo mật tài khoản của cơ quan, đơn vị, địa phương",
            ),
        ),
    ),
)


# ---------------------------------------------------------------------------------------------
# Storage, backup and retention (RULES.md §6): Điều 12
# ---------------------------------------------------------------------------------------------

BACKUP = BackupPolicy(
    backups=(
        BackupRule(
            kind="database",
            by="home_affairs",
            frequency="monthly",
            keep_months=3,
            source=QC.cite(
                12,
                1,
                quote="được sao lưu định kỳ hàng tháng, tối thiểu ba tháng trên phương tiện lưu "
                "trữ chuyên dụng để dự phòng rủi ro",
            ),
            note="The text names no one and no day of the month: Sở Nội vụ is the agency that "
            "manages the whole system (Điều 8.2) and runs it with the operator (Điều 17.1). "
            "'tối thiểu ba tháng' is read as keeping each backup at least three months.",
        ),
    ),
    # No restore rule in the text.
    exited_dossiers=ProvisionText(
        summary="Dossiers of retired, resigned or deceased CBCCVC stay stored in the system at "
        "their unit, for follow-up.",
        source=QC.cite(
            12,
            3,
            quote="Hồ sơ CBCCVC đã nghỉ hưu, thôi việc, từ trần vẫn được lưu trữ trên Hệ thống "
            "quản lý CBCCVC tỉnh Kon Tum ở cơ quan, đơn vị để theo dõi",
        ),
    ),
    storage=(
        ProvisionText(
            summary="Data are stored in the provincial system according to the management "
            "hierarchy, with backups on dedicated storage media.",
            source=QC.cite(
                12,
                1,
                quote="Dữ liệu CBCCVC và người lao động được lưu trữ trong Hệ thống quản lý "
                "CBCCVC tỉnh Kon Tum theo phân cấp quản lý",
            ),
        ),
        ProvisionText(
            summary="Storage must strictly follow the rules on information security.",
            source=QC.cite(
                12,
                2,
                quote="phải thực hiện tuân thủ nghiêm ngặt các nguyên tắc bảo đảm an ninh, an "
                "toàn bảo mật thông tin theo quy định hiện hành",
            ),
        ),
    ),
)


# ---------------------------------------------------------------------------------------------
# Reports (RULES.md §7): Điều 19 (and Điều 14.5, 17.6)
# ---------------------------------------------------------------------------------------------

REPORTS = (
    ReportRule(
        report="unit_yearly_report",
        sender="employing_unit",
        recipient="provincial_committee",
        frequency="yearly",
        due=Before(1, 15),
        year_offset=1,
        source=QC.cite(
            19,
            1,
            quote="Các cơ quan, đơn vị, địa phương có trách nhiệm báo cáo tình hình thực hiện "
            "công tác cập nhật, sử dụng và khai thác Hệ thống quản lý CBCCVC tỉnh Kon Tum thuộc "
            "thẩm quyền quản lý về Ủy ban nhân dân tỉnh (qua Sở Nội vụ) trước ngày 15 tháng 01 "
            "hàng năm",
        ),
        contents=(
            ReportItem(
                key="assessment",
                source=QC.cite(
                    19,
                    2,
                    "a",
                    quote="Đánh giá việc thực hiện quy chế cập nhật, sử dụng và khai thác hệ thống quản lý CBCCVC tỉnh Kon Tum tại cơ quan, đơn vị, địa phương",
                ),
                heading="Đánh giá việc thực hiện quy chế cập nhật, sử dụng và khai thác hệ thống quản lý CBCCVC tỉnh Kon Tum tại cơ quan, đơn vị, địa phương",
                summary="Assessment of how the unit applies the regulation",
                figures=("timeliness",),
            ),
            ReportItem(
                key="dossiers",
                source=QC.cite(
                    19,
                    2,
                    "b",
                    quote="Tình hình lập mới, cập nhật tình trạng, thông tin hồ sơ CBCCVC và người lao động",
                ),
                heading="Tình hình lập mới, cập nhật tình trạng, thông tin hồ sơ CBCCVC và người lao động",
                summary="New dossiers and updates of dossiers' status and information",
                figures=("new_dossiers", "status_updates", "transfers", "exits", "headcount"),
            ),
            ReportItem(
                key="problems",
                source=QC.cite(
                    19,
                    2,
                    "c",
                    quote="Những vướng mắc trong quá trình quản lý, cập nhật, sử dụng và khai thác Hệ thống quản lý CBCCVC tỉnh Kon Tum (nếu có)",
                ),
                heading="Những vướng mắc trong quá trình quản lý, cập nhật, sử dụng và khai thác Hệ thống quản lý CBCCVC tỉnh Kon Tum (nếu có)",
                summary="Problems met in managing, updating and using the system (if any)",
            ),
            ReportItem(
                key="equipment",
                source=QC.cite(
                    19,
                    2,
                    "d",
                    quote="Tình trạng trang thiết bị, hạng tầng công nghệ thông tin phục vụ công tác quản lý, cập nhật, sử dụng và khai thác Hệ thống quản lý CBCCVC tỉnh Kon Tum",
                ),
                heading="Tình trạng trang thiết bị, hạng tầng công nghệ thông tin phục vụ công tác quản lý, cập nhật, sử dụng và khai thác Hệ thống quản lý CBCCVC tỉnh Kon Tum",
                summary="State of the equipment and IT infrastructure serving the system",
            ),
            ReportItem(
                key="proposals",
                source=QC.cite(19, 2, "đ", quote="Kiến nghị, đề xuất nếu có"),
                heading="Kiến nghị, đề xuất nếu có",
                summary="Recommendations and proposals, if any",
            ),
        ),
        note="Sent to the provincial People's Committee through Sở Nội vụ (qua Sở Nội vụ); a "
        "January date for a yearly report, so it covers the previous year. Contents: Điều "
        "19.2.a-đ. Điều 14.5 adds periodic and ad hoc reports 'theo quy định', with no date.",
    ),
    ReportRule(
        report="home_affairs_yearly_report",
        sender="home_affairs",
        recipient="provincial_committee",
        frequency="yearly",
        due=Unspecified(),
        source=QC.cite(
            19,
            3,
            quote="Sở Nội vụ tổng hợp và báo cáo Ủy ban nhân dân tỉnh thực hiện công tác quản lý, "
            "cập nhật, sử dụng và khai thác Hệ thống quản lý CBCCVV tỉnh Kon Tum toàn tỉnh định "
            "kỳ hàng năm",
        ),
        note="Yearly, no date. Điều 17.6 adds reports to higher authorities on request "
        "('theo yêu cầu của cơ quan quản lý cấp trên'), with no frequency or date.",
    ),
)
