"""Quảng Nam's rules, article by article, each with its quote.

Quy định phê duyệt, cập nhật, quản lý, sử dụng, khai thác Cơ sở dữ liệu cán bộ, công chức,
viên chức tỉnh Quảng Nam, kèm theo Quyết định số #sovb/2024/QĐ-UBND ngày #nbh/9/2024 của UBND
tỉnh Quảng Nam (adopted; number and day left blank in the text as received).

The only time limits the text sets are "trong vòng 05 ngày cuối từng tháng" (Điều 5.1) and
"ngay sau khi văn bản có hiệu lực" (Điều 9.2, 9.3); every other duty has no time
(``Unspecified``). Điều 9 speaks of CBCCVC only, never of người lao động: its rules carry
``categories=CBCCVC``.
"""

from __future__ import annotations

from cbccvc_core.rules import (
    AccountIssuance,
    AccountKind,
    AccountPolicy,
    ApprovalAct,
    ApprovalPolicy,
    Approver,
    BackupKind,
    BackupPolicy,
    BackupRule,
    DeadlineRule,
    Delegation,
    Frequency,
    IdentifierScheme,
    Immediately,
    Instrument,
    InstrumentStatus,
    MonthEndWindow,
    ProvinceProfile,
    ProvisionText,
    ReportItem,
    ReportRule,
    Unspecified,
)

QC = Instrument(
    province="quangnam",
    kind="Quy định kèm Quyết định",
    number=None,
    issuer="UBND tỉnh Quảng Nam",
    title="Quy định phê duyệt, cập nhật, quản lý, sử dụng, khai thác Cơ sở dữ liệu cán bộ, "
    "công chức, viên chức tỉnh Quảng Nam",
    status=InstrumentStatus.ISSUED,
    note="Kèm theo Quyết định số #sovb /2024/QĐ-UBND ngày #nbh /9/2024 của UBND tỉnh Quảng Nam: "
    "number and day left blank (placeholders #sovb, #nbh; month 9/2024); the text states no "
    "in-force date",
)

PROFILE = ProvinceProfile(code="quangnam", name="Quảng Nam", instrument=QC)

# Điều 9 names "CBCCVC" (cán bộ, công chức, viên chức, cấp xã included), never "người lao động".
CBCCVC = frozenset({"can_bo", "cong_chuc", "vien_chuc", "commune_official"})

# ---------------------------------------------------------------------------------------------
# Deadlines (RULES.md §3)
# ---------------------------------------------------------------------------------------------

DEADLINES = (
    # Điều 4. Tạo lập, cập nhật dữ liệu
    DeadlineRule(
        event="recruitment_decision",
        obligation="request_personal_account",
        period=Unspecified(),
        actor="employing_unit",
        source=QC.cite(
            4,
            3,
            quote="Cơ quan, đơn vị trực tiếp sử dụng CBCCVC, người lao động có trách nhiệm lập "
            "danh sách đề nghị tạo lập tài khoản cá nhân cho CBCCVC, người lao động",
        ),
        note="A standing duty: the text names no triggering event and no time; a new recruit or "
        "contract (Điều 2.1: 'kể từ khi được tuyển dụng, ký hợp đồng lao động') is when it "
        "arises. Accounts are provided by Sở Nội vụ (Điều 4.2).",
    ),
    DeadlineRule(
        event="recruitment_decision",
        obligation="enter_dossier",
        period=Unspecified(),
        actor="employing_unit",
        source=QC.cite(
            4,
            3,
            quote="triển khai thực hiện việc cập nhật thông tin của CBCCVC, người lao động vào "
            "Cơ sở dữ liệu CBCCVC tỉnh",
        ),
        note="The unit organises the entry; the person declares the information (Điều 4.4). "
        "No time and no triggering event in the text.",
        also=(
            QC.cite(
                13,
                2,
                quote="Có trách nhiệm tổ chức, thực hiện việc cập nhật, bổ sung thông tin đối "
                "với hồ sơ CBCCVC, người lao động thuộc thẩm quyền quản lý theo phân cấp",
            ),
        ),
    ),
    DeadlineRule(
        event="account_issued",
        obligation="enter_personal_info",
        period=Unspecified(),
        actor="person",
        source=QC.cite(
            4,
            4,
            quote="Cá nhân CBCCVC, người lao động có trách nhiệm khai báo lên Cơ sở dữ liệu "
            "CBCCVC tỉnh đầy đủ thông tin theo mẫu sơ yếu lý lịch hoặc mẫu hợp đồng lao động",
        ),
        note="Form: sơ yếu lý lịch of TT 06/2023/TT-BNV (CBCCVC) or the labour contract of "
        "Annex II TT 05/2023/TT-BNV (người lao động) (Điều 4.1). The person answers for what "
        "is declared. No time in the text.",
    ),
    # Điều 5. Phê duyệt dữ liệu
    DeadlineRule(
        event="dossier_updated",
        obligation="approve_dossier",
        period=MonthEndWindow(5),
        actor="unit_head",
        source=QC.cite(
            5,
            1,
            quote="Trong vòng 05 ngày cuối từng tháng, định kỳ thực hiện kiểm tra, phê duyệt "
            "bằng chữ ký số đối với hồ sơ được cập nhật, bổ sung thông tin theo thẩm quyền",
        ),
        note="Approval by digital signature. The 'head' is: for provincial agencies, units "
        "under the UBND tỉnh and VP Đoàn ĐBQH và HĐND, their head (5.1.a); for district "
        "agencies, units, associations and commune officials, the Chairman of the district "
        "UBND (5.1.b); for provincial associations, their head, for contract workers' "
        "dossiers (5.1.c). The head may delegate (5.2).",
        also=(QC.cite(13, 5, quote="Thực hiện nhiệm vụ quy định tại Điều 5 Quy định này"),),
    ),
    # Điều 9. Chuyển giao, tiếp nhận dữ liệu
    # 9.1: from an agency of a ministry or another province into the province.
    DeadlineRule(
        event="dossier_handed_over",
        obligation="issue_personal_account",
        period=Unspecified(),
        actor="receiving_unit",
        source=QC.cite(
            9,
            1,
            "a",
            quote="Kể từ ngày nhận chuyển giao Hồ sơ CBCCVC theo quy định tại Điểm b, Khoản 1 "
            "Điều 11 Thông tư số 06/2023/TT-BNV, cơ quan, đơn vị tiếp nhận tạo lập tài khoản cá "
            "nhân cho CBCCVC",
        ),
        categories=CBCCVC,
        note="'Kể từ ngày nhận chuyển giao' with no number of days: no due date. Done "
        "together with the paper handover ('đồng thời với việc chuyển giao hồ sơ').",
    ),
    DeadlineRule(
        event="dossier_handed_over",
        obligation="request_national_sync",
        period=Unspecified(),
        actor="receiving_unit",
        source=QC.cite(
            9,
            1,
            "a",
            quote="có văn bản đề nghị để Sở Nội vụ đồng bộ dữ liệu của CBCCVC đó từ Cơ sở dữ "
            "liệu quốc gia của cơ quan, đơn vị cũ",
        ),
        categories=CBCCVC,
        note="A written request to Sở Nội vụ, which pulls the data from the national database "
        "into the provincial one. No number of days.",
    ),
    DeadlineRule(
        event="dossier_handed_over",
        obligation="update_dossier",
        period=Unspecified(),
        actor="receiving_unit",
        source=QC.cite(
            9,
            1,
            "b",
            quote="Cơ quan, đơn vị tiếp nhận CBCCVC có trách nhiệm tổ chức việc kiểm tra thông "
            "tin, dữ liệu và tổ chức thực hiện việc cập nhật thông tin, dữ liệu",
        ),
        categories=CBCCVC,
        note="Check the synced data, and update it if the information has changed "
        "('nếu có sự thay đổi về thông tin'). No time.",
    ),
    # 9.2: move within the same employing unit.
    DeadlineRule(
        event="internal_move_effective",
        obligation="move_dossier",
        period=Immediately(),
        actor="employing_unit",
        source=QC.cite(
            9,
            2,
            quote="cơ quan, đơn vị đó có trách nhiệm điều chuyển hồ sơ trên phần mềm đến cơ "
            "quan, đơn vị, bộ phận mới (ngay sau khi văn bản có hiệu lực)",
        ),
        categories=CBCCVC,
    ),
    # 9.3: move to another unit inside the province's system.
    DeadlineRule(
        event="transfer_effective",
        obligation="send_dossier",
        period=Immediately(),
        actor="sending_unit",
        source=QC.cite(
            9,
            3,
            quote="cơ quan, đơn vị sử dụng nơi CBCCVC đã công tác trước đây chuyển hồ sơ trên "
            "phần mềm đến cơ quan, đơn vị mới (ngay sau khi văn bản có hiệu lực)",
        ),
        categories=CBCCVC,
        note="Moves other than those of 9.1 (from a ministry or another province) and 9.2 "
        "(inside the same employing unit).",
    ),
    DeadlineRule(
        event="transfer_received",
        obligation="issue_personal_account",
        period=Unspecified(),
        actor="receiving_unit",
        source=QC.cite(
            9,
            3,
            quote="Sau khi tiếp nhận hồ sơ trên phần mềm, cơ quan, đơn vị mới có trách nhiệm "
            "tạo lập, bàn giao tài khoản cá nhân cho CBCCVC",
        ),
        categories=CBCCVC,
        note="Counted from receipt of the dossier on the software; 'sau khi' with no time.",
    ),
    DeadlineRule(
        event="transfer_received",
        obligation="update_dossier",
        period=Unspecified(),
        actor="receiving_unit",
        source=QC.cite(
            9,
            3,
            quote="thực hiện cập nhật thông tin, dữ liệu theo quy định tại khoản 3 Điều 4 Quy "
            "định này và theo quy định nếu có sự thay đổi về thông tin",
        ),
        categories=CBCCVC,
        note="Only if the information has changed. No time.",
    ),
    # 9.4: from the Party bloc, mass organisations or a system that cannot sync.
    DeadlineRule(
        event="unsyncable_transfer_in",
        obligation="create_new_dossier",
        period=Unspecified(),
        actor="unit_head",
        source=QC.cite(
            9,
            4,
            quote="người đứng đầu cơ quan, đơn vị mới thực hiện việc tạo lập hồ sơ mới cho "
            "CBCCVC theo quy định tại Điều 4 Quy định này",
        ),
        categories=CBCCVC,
    ),
    # 9.5: leaving (to a ministry or another province, out of State bodies), retirement,
    # resignation, death.
    DeadlineRule(
        event="exit_effective",
        obligation="update_status",
        period=Unspecified(),
        actor="employing_unit",
        source=QC.cite(
            9,
            5,
            quote="cơ quan, đơn vị trực tiếp sử dụng CBCCVC thực hiện điều chỉnh tình trạng hồ "
            "sơ tương ứng trên Cơ sở dữ liệu CBCCVC tỉnh",
        ),
        categories=CBCCVC,
        note="Exits: transfer to an agency of the kind named in 9.1 (a ministry or another "
        "province), leaving State bodies, retirement (nghỉ hưu), resignation (thôi việc), "
        "death (qua đời). No time.",
    ),
    DeadlineRule(
        event="exit_effective",
        obligation="report_exit_list",
        period=Unspecified(),
        actor="employing_unit",
        source=QC.cite(
            9,
            5,
            quote="đồng thời báo cáo danh sách về Sở Nội vụ theo dõi, cập nhật vào Cơ sở dữ "
            "liệu quốc gia về CBCCVC",
        ),
        categories=CBCCVC,
        note="At the same time as the status update ('đồng thời'); no date.",
    ),
    # Điều 15. Trách nhiệm của cán bộ, công chức, viên chức, người lao động
    DeadlineRule(
        event="personal_info_changed",
        obligation="update_dossier",
        period=Unspecified(),
        actor="person",
        source=QC.cite(
            15,
            2,
            quote="Cập nhật dữ liệu, thông báo kịp thời cho cơ quan quản lý cơ sở dữ liệu khi "
            "có sự thay đổi hoặc có sai sót đối với dữ liệu mình cung cấp",
        ),
        note="'kịp thời' (promptly): no number of days. Also on finding an error in one's own "
        "data, and the person notifies the database manager.",
    ),
)

# ---------------------------------------------------------------------------------------------
# Approval and delegation (RULES.md §4): Điều 5
# ---------------------------------------------------------------------------------------------

APPROVAL = ApprovalPolicy(
    act=ApprovalAct.DIGITAL_SIGNATURE,
    act_source=QC.cite(
        5,
        1,
        quote="Người đứng đầu các cơ quan, đơn vị thực hiện kiểm tra, rà soát, phê duyệt bằng "
        "chữ ký số đối với tất cả hồ sơ CBCCVC, người lao động thuộc thẩm quyền quản lý",
    ),
    approvers=(
        Approver(
            scope="provincial",
            role="unit_head",
            source=QC.cite(
                5,
                1,
                "a",
                quote="Người đứng đầu các cơ quan hành chính nhà nước, đơn vị sự nghiệp công lập "
                "thuộc UBND tỉnh, Văn phòng Đoàn ĐBQH và HĐND tỉnh kiểm tra, rà soát, phê duyệt",
            ),
            scope_note="State administrative agencies and public service units under the UBND "
            "tỉnh; Văn phòng Đoàn ĐBQH và HĐND tỉnh",
        ),
        Approver(
            scope="district_and_below",
            role="district_chairman",
            source=QC.cite(
                5,
                1,
                "b",
                quote="Chủ tịch UBND các huyện, thị xã, thành phố kiểm tra, rà soát, phê duyệt "
                "bằng chữ ký số đối với hồ sơ CBCCVC, người lao động",
            ),
            scope_note="District agencies, district public service units and district "
            "associations (Hội được Đảng, Nhà nước giao nhiệm vụ cấp huyện); commune cadres "
            "and civil servants",
        ),
        Approver(
            scope="provincial_association",
            role="unit_head",
            source=QC.cite(
                5,
                1,
                "c",
                quote="Người đứng đầu các Hội được Đảng, Nhà nước giao nhiệm vụ cấp tỉnh kiểm "
                "tra, rà soát, phê duyệt bằng chữ ký số đối với Hồ sơ người lao động thuộc đơn vị",
            ),
            scope_note="Provincial associations: the dossiers of their contract workers (người lao động)",
        ),
    ),
    # 5.2 lets "người đứng đầu các cơ quan, đơn vị" of clause 1 delegate; the Chairman of the
    # district UBND is the approver of 5.1.b, so the same delegation is listed for him.
    delegations=(
        Delegation(
            delegator="unit_head",
            delegate="subordinate_unit_head",
            source=QC.cite(
                5,
                2,
                quote="người đứng đầu các cơ quan, đơn vị ủy quyền cho người đứng đầu các đơn vị "
                "trực thuộc và cá nhân có thẩm quyền",
            ),
        ),
        Delegation(
            delegator="unit_head",
            delegate="authorised_person",
            source=QC.cite(
                5,
                2,
                quote="người đứng đầu các cơ quan, đơn vị ủy quyền cho người đứng đầu các đơn vị "
                "trực thuộc và cá nhân có thẩm quyền",
            ),
        ),
        Delegation(
            delegator="district_chairman",
            delegate="subordinate_unit_head",
            scope="district_and_below",
            source=QC.cite(
                5,
                2,
                quote="đối với tất cả hồ sơ CBCCVC, người lao động thuộc thẩm quyền quản lý theo "
                "quy định tại khoản 1 Điều này",
            ),
        ),
        Delegation(
            delegator="district_chairman",
            delegate="authorised_person",
            scope="district_and_below",
            source=QC.cite(
                5,
                2,
                quote="đối với tất cả hồ sơ CBCCVC, người lao động thuộc thẩm quyền quản lý theo "
                "quy định tại khoản 1 Điều này",
            ),
        ),
    ),
    national_sync=ProvisionText(
        summary="The Director of Sở Nội vụ organises the updating of the provincial database and "
        "approves by digital signature, or delegates to an authorised individual the approval "
        "of, the data pushed from the provincial database to the national CBCCVC database "
        "(connection and sharing under TT 06/2023/TT-BNV).",
        source=QC.cite(
            5,
            3,
            quote="phê duyệt hoặc ủy quyền cho cá nhân có thẩm quyền phê duyệt bằng ký số dữ "
            "liệu CBCCVC, người lao động từ Cơ sở dữ liệu CBCCVC tỉnh lên Cơ sở dữ liệu quốc gia",
        ),
    ),
    # "Trong vòng 05 ngày cuối từng tháng" (5.1): the same window as the approve_dossier rule.
    verification_period=MonthEndWindow(5),
)

# ---------------------------------------------------------------------------------------------
# Accounts and access (RULES.md §5): Điều 2, 4, 6, 9, 13, 14
# ---------------------------------------------------------------------------------------------
# The text names no identifier scheme, no password rule and no lost-password procedure.
# (Điều 7.1: Sở Nội vụ uses the national database with an account given by Bộ Nội vụ; that
# account is of the national system, not of the provincial database, and is not listed here.)

ACCOUNTS = AccountPolicy(
    issuance=(
        AccountIssuance(
            kind=AccountKind.AGENCY,
            issued_by="home_affairs",
            source=QC.cite(
                4,
                2,
                quote="Cơ quan, đơn vị khai thác, sử dụng dữ liệu của Cơ sở dữ liệu CBCCVC người "
                "lao động của tỉnh bằng tài khoản do Sở Nội vụ cung cấp",
            ),
        ),
        # 4.3 does not say to whom the request goes; Sở Nội vụ provides the accounts (4.2).
        AccountIssuance(
            kind=AccountKind.PERSONAL,
            issued_by="home_affairs",
            requested_by="employing_unit",
            source=QC.cite(
                4,
                3,
                quote="có trách nhiệm lập danh sách đề nghị tạo lập tài khoản cá nhân cho "
                "CBCCVC, người lao động",
            ),
        ),
        # On a transfer in, the receiving unit itself creates and hands over the account.
        AccountIssuance(
            kind=AccountKind.PERSONAL,
            issued_by="receiving_unit",
            source=QC.cite(
                9,
                3,
                quote="cơ quan, đơn vị mới có trách nhiệm tạo lập, bàn giao tài khoản cá nhân cho CBCCVC",
            ),
        ),
    ),
    identifier=IdentifierScheme.UNSPECIFIED,
    # Điều 4.3: a personal account for every CBCCVC and contract worker. No holder-change rule.
    model="per_person",
    model_source=QC.cite(
        4,
        3,
        quote="có trách nhiệm lập danh sách đề nghị tạo lập tài khoản cá nhân cho CBCCVC, người lao động",
    ),
    revocation=(
        ProvisionText(
            summary="Each employing unit manages the accounts delegated to it and grants, "
            "restricts, extends or revokes access to the database within its remit.",
            source=QC.cite(
                13,
                1,
                quote="Quản lý tài khoản được phân cấp; cấp, hạn chế, mở rộng hoặc hủy quyền "
                "truy cập vào cơ sở dữ liệu theo phân cấp quản lý",
            ),
        ),
    ),
    access=(
        ProvisionText(
            summary="Data are under restricted access and some fields are encrypted; the "
            "restriction level follows Party rules and State law on CBCCVC.",
            source=QC.cite(
                2,
                3,
                quote="Dữ liệu của CBCCVC, người lao động được quản lý theo chế độ hạn chế tiếp "
                "cận, mã hóa một số trường thông tin",
            ),
        ),
        ProvisionText(
            summary="Competent persons may access, study, use and exploit the data as the law "
            "provides, except the person's own information or where the law says otherwise.",
            source=QC.cite(
                2,
                4,
                quote="Người có thẩm quyền được truy cập, nghiên cứu, sử dụng và khai thác dữ "
                "liệu trên Cơ sở dữ liệu CBCCVC tỉnh theo quy định của pháp luật",
            ),
        ),
        ProvisionText(
            summary="Information already shared between systems is not supplied again on "
            "paper, and data already in the database are not declared again, except for "
            "updating or verification.",
            source=QC.cite(
                2,
                5,
                quote="Không yêu cầu khai báo lại các thông tin, dữ liệu đã có trong Cơ sở dữ "
                "liệu CBCCVC tỉnh",
            ),
        ),
        ProvisionText(
            summary="Forbidden acts: those of Điều 8 Nghị định 47/2020/NĐ-CP and other laws.",
            source=QC.cite(
                3,
                quote="Theo quy định tại Điều 8 Nghị định số 47/2020/NĐ-CP ngày 09 tháng 4 năm "
                "2020 của Chính phủ",
            ),
        ),
        ProvisionText(
            summary="A unit uses the aggregate data and the data of the CBCCVC and contract "
            "workers under its management.",
            source=QC.cite(
                6,
                2,
                quote="Các cơ quan, đơn vị được sử dụng, khai thác dữ liệu tổng hợp, phân tích "
                "chung, dữ liệu về CBCCVC, người lao động",
            ),
        ),
        ProvisionText(
            summary="A person sees their own data; the staff assigned to manage a unit's "
            "database (Điều 14) manage, use and exploit that unit's data.",
            source=QC.cite(
                6,
                3,
                quote="CBCCVC, người lao động được khai thác dữ liệu của mình",
            ),
        ),
        ProvisionText(
            summary="An electronic export signed by the competent person and with the agency's "
            "digital signature has the legal value of the paper original.",
            source=QC.cite(
                6,
                4,
                quote="văn bản điện tử đó có giá trị pháp lý như bản gốc văn bản giấy",
            ),
        ),
        ProvisionText(
            summary="Sở Nội vụ uses the dossiers of all units, as updated in the software, for "
            "managing CBCCVC and contract workers.",
            source=QC.cite(
                16,
                3,
                quote="Sử dụng thông tin về hồ sơ CBCCVC, người lao động của các cơ quan, đơn vị "
                "đã được cập nhật vào phần mềm",
            ),
        ),
        ProvisionText(
            summary="The database staff must not disclose the credentials of the unit's or "
            "users' accounts without the written consent of the competent authority.",
            source=QC.cite(
                14,
                7,
                quote="Không tiết lộ, cung cấp thông tin tài khoản cơ quan, đơn vị và tài khoản "
                "người dùng nếu không được sự đồng ý bằng văn bản của cơ quan có thẩm quyền",
            ),
        ),
    ),
)

# ---------------------------------------------------------------------------------------------
# Reports (RULES.md §7): Điều 11
# ---------------------------------------------------------------------------------------------
# No report date is in this text. (Điều 18, last paragraph: units report problems to Sở Nội
# vụ "kịp thời", as they arise; not a periodic report, not listed.)

REPORTS = (
    ReportRule(
        report="unit_report",
        sender="employing_unit",
        recipient="home_affairs",
        frequency=Frequency.PERIODIC,
        due=Unspecified(),
        source=QC.cite(
            11,
            1,
            quote="Các cơ quan, đơn vị có trách nhiệm báo cáo tình hình quản lý cơ sở dữ liệu "
            "CBCCVC thuộc thẩm quyền quản lý (bao gồm cả cơ quan, đơn vị trực thuộc nếu có) "
            "theo quy định tại khoản 11 Điều 16 Thông tư số 06/2023/TT-BNV",
        ),
        contents=(
            ReportItem(
                key="database_management",
                source=QC.cite(
                    11,
                    1,
                    quote="Các cơ quan, đơn vị có trách nhiệm báo cáo tình hình quản lý cơ sở dữ liệu "
                    "CBCCVC thuộc thẩm quyền quản lý (bao gồm cả cơ quan, đơn vị trực thuộc nếu có)",
                ),
                heading="tình hình quản lý cơ sở dữ liệu CBCCVC thuộc thẩm quyền quản lý (bao gồm cả cơ quan, đơn vị trực thuộc nếu có)",
                summary="How the unit (and its subordinate units) manage the CBCCVC database",
                figures=("timeliness", "new_dossiers", "status_updates", "transfers", "exits", "headcount"),
            ),
        ),
        note="Frequency and date are those of TT 06/2023/TT-BNV Điều 16.11, not stated in this "
        "text; sent through Sở Nội vụ ('qua Sở Nội vụ tổng hợp'). Includes subordinate units.",
    ),
    ReportRule(
        report="home_affairs_yearly_report",
        sender="home_affairs",
        recipient="provincial_committee",
        frequency=Frequency.YEARLY,
        due=Unspecified(),
        source=QC.cite(
            11,
            2,
            quote="Hằng năm, Sở Nội vụ tổng hợp, tham mưu UBND tỉnh báo cáo Bộ Nội vụ tình hình "
            "quản lý cơ sở dữ liệu CBCCVC theo quy định",
        ),
        contents=(
            ReportItem(
                key="database_management",
                source=QC.cite(
                    11,
                    2,
                    quote="Hằng năm, Sở Nội vụ tổng hợp, tham mưu UBND tỉnh báo cáo Bộ Nội vụ tình hình "
                    "quản lý cơ sở dữ liệu CBCCVC theo quy định",
                ),
                heading="tình hình quản lý cơ sở dữ liệu CBCCVC",
                summary="How the CBCCVC database is managed in the province",
                figures=("timeliness", "new_dossiers", "status_updates", "transfers", "exits", "headcount"),
            ),
        ),
        note="Sở Nội vụ compiles the units' reports and drafts the province's report for the "
        "UBND tỉnh (tham mưu). No date.",
    ),
    ReportRule(
        report="provincial_yearly_report",
        sender="provincial_committee",
        recipient="ministry_of_home_affairs",
        frequency=Frequency.YEARLY,
        due=Unspecified(),
        source=QC.cite(
            11,
            2,
            quote="Hằng năm, Sở Nội vụ tổng hợp, tham mưu UBND tỉnh báo cáo Bộ Nội vụ tình hình "
            "quản lý cơ sở dữ liệu CBCCVC theo quy định",
        ),
        contents=(
            ReportItem(
                key="database_management",
                source=QC.cite(
                    11,
                    2,
                    quote="Hằng năm, Sở Nội vụ tổng hợp, tham mưu UBND tỉnh báo cáo Bộ Nội vụ tình hình "
                    "quản lý cơ sở dữ liệu CBCCVC theo quy định",
                ),
                heading="tình hình quản lý cơ sở dữ liệu CBCCVC",
                summary="How the CBCCVC database is managed in the province",
                figures=("timeliness", "new_dossiers", "status_updates", "transfers", "exits", "headcount"),
            ),
        ),
        note="The report to the Ministry is the UBND tỉnh's, prepared by Sở Nội vụ. 'theo quy "
        "định': no date in this text.",
    ),
)

# ---------------------------------------------------------------------------------------------
# Storage and backup (RULES.md §6): Điều 8, 14
# ---------------------------------------------------------------------------------------------
# "sao lưu định kỳ" with no interval: a periodic backup, never scheduled on a date. The text
# says nothing of retention, restore, or what happens to exited dossiers (9.5 only adjusts
# their status).

BACKUP = BackupPolicy(
    backups=(
        BackupRule(
            kind=BackupKind.DATABASE,
            by="home_affairs",
            frequency=Frequency.PERIODIC,
            source=QC.cite(
                8,
                1,
                quote="được Sở Nội vụ tổ chức thực hiện sao lưu định kỳ theo quy định để dự phòng rủi ro",
            ),
            note="'định kỳ theo quy định': no interval in this text.",
        ),
    ),
    storage=(
        ProvisionText(
            summary="Data are stored in the provincial CBCCVC database.",
            source=QC.cite(
                8,
                1,
                quote="Dữ liệu CBCCVC, người lao động được lưu trữ trong Cơ sở dữ liệu CBCCVC tỉnh",
            ),
        ),
        ProvisionText(
            summary="Storage and backup follow Party rules and the law on archives, State "
            "secrets, cipher, personal data protection and information security.",
            source=QC.cite(
                8,
                2,
                quote="Việc lưu trữ, sao lưu phải tuân thủ các quy định của Đảng, pháp luật về "
                "lưu trữ, bảo vệ bí mật nhà nước",
            ),
        ),
        ProvisionText(
            summary="The staff assigned to a unit's database preserve and store it by technical "
            "means and connect it to the national CBCCVC database.",
            source=QC.cite(
                14,
                2,
                quote="Thông qua nghiệp vụ kỹ thuật, tổ chức việc bảo quản, lưu trữ cơ sở dữ liệu "
                "của cơ quan, đơn vị",
            ),
        ),
    ),
)
