"""Đắk Lắk's rules, article by article, each with its quote.

Quy chế quản lý, khai thác và sử dụng phần mềm quản lý hồ sơ cán bộ, công chức, viên chức tỉnh
Đắk Lắk, ban hành kèm theo Quyết định số 30/2019/QĐ-UBND ngày 24/12/2019 của UBND tỉnh Đắk Lắk,
in force from 02/01/2020 (Quyết định Điều 3).

Citations are of the Quy chế unless ``in_decision=True`` (the Quyết định's own articles).
"""

from __future__ import annotations

from datetime import date

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
    Before,
    DeadlineRule,
    Delegation,
    Frequency,
    IdentifierScheme,
    Immediately,
    Instrument,
    InstrumentStatus,
    ProvinceProfile,
    ProvisionText,
    ReportItem,
    ReportRule,
    RightDefinition,
    Unspecified,
    WorkingDays,
)

QC = Instrument(
    province="daklak",
    kind="Quy chế kèm Quyết định",
    number="30/2019/QĐ-UBND",
    issuer="UBND tỉnh Đắk Lắk",
    title="Quy chế quản lý, khai thác và sử dụng phần mềm quản lý hồ sơ cán bộ, công chức, "
    "viên chức tỉnh Đắk Lắk",
    status=InstrumentStatus.IN_FORCE,
    signed=date(2019, 12, 24),
    in_force_from=date(2020, 1, 2),
    note="Số: 30/2019/QĐ-UBND, Đắk Lắk, ngày 24 tháng 12 năm 2019; 'Quyết định này có hiệu lực "
    "kể từ ngày 02/01/2020' (Điều 3); the text as received is marked 'Hiệu lực: Còn hiệu lực'",
)

PROFILE = ProvinceProfile(code="daklak", name="Đắk Lắk", instrument=QC)

# Điều 2. Đối tượng áp dụng: the Quy chế covers cán bộ, công chức, viên chức of the provincial
# and district bodies and associations, and cán bộ, công chức cấp xã (khoản 3). Contract workers
# (người lao động) are not in its scope, so every deadline rule is limited to these categories.
CBCCVC = frozenset({"can_bo", "cong_chuc", "vien_chuc", "commune_official"})
_SCOPE_NOTE = "Điều 2.3: the Quy chế covers CBCCVC and commune officials, not contract workers."


# ---------------------------------------------------------------------------------------------
# Deadlines (RULES.md §3)
# ---------------------------------------------------------------------------------------------

DEADLINES = (
    # Điều 9.1. Cập nhật mới hồ sơ cán bộ, công chức, viên chức vào phần mềm.
    # (9.1.a states the general duty to enter every dossier of the assigned staffing quota, with
    # no time; its timed steps are 9.1.b-d below, so it is not encoded as a separate rule.)
    DeadlineRule(
        event="recruitment_decision",
        obligation="guide_info_form",
        period=WorkingDays(10),
        actor="managing_agency",
        categories=CBCCVC,
        source=QC.cite(
            9,
            1,
            "b",
            quote="Trong thời gian 10 (mười) ngày làm việc, kể từ ngày có Quyết định tuyển dụng hoặc hợp đồng làm việc, cơ quan, đơn vị có thẩm quyền quản lý hồ sơ cán bộ, công chức, viên chức có trách nhiệm hướng dẫn cán bộ, công chức, viên chức tiến hành khai theo mẫu “Phiếu thông tin cán bộ, công chức, viên chức”",
        ),
        note="Counted from the recruitment decision or the work contract (hợp đồng làm việc, "
        "of a viên chức); the form is the one Sở Nội vụ provides. " + _SCOPE_NOTE,
    ),
    DeadlineRule(
        event="info_form_submitted",
        obligation="enter_basic_info",
        period=WorkingDays(2),
        actor="employing_unit",
        categories=CBCCVC,
        source=QC.cite(
            9,
            1,
            "c",
            quote="Trong 02 (hai) ngày làm việc, kể từ khi cá nhân nộp “Phiếu thông tin cán bộ, công chức, viên chức”, đơn vị tiến hành nhập thông tin cơ bản",
        ),
        note="The text says only 'đơn vị'; the unit that enters data is the base level "
        "(cấp cơ sở, Điều 6.1). Basic information = general information, staffing, position "
        "and grade, training level. " + _SCOPE_NOTE,
    ),
    DeadlineRule(
        event="basic_info_entered",
        obligation="complete_personal_info",
        period=WorkingDays(3),
        actor="person",
        categories=CBCCVC,
        source=QC.cite(
            9,
            1,
            "d",
            quote="Trong 03 (ba) ngày làm việc, kể từ khi được đơn vị cập nhật thông tin cơ bản cá nhân vào phần mềm; cán bộ, công chức, viên chức có trách nhiệm phối hợp với cán bộ, công chức, viên chức quản lý phần mềm nhập bổ sung đầy đủ",
        ),
        note="The person completes the record together with the unit's software operator. " + _SCOPE_NOTE,
    ),
    # Điều 9.2. Điều chỉnh, bổ sung hồ sơ đã được cập nhật vào phần mềm.
    DeadlineRule(
        event="personal_info_changed",
        obligation="declare_personal_changes",
        period=Unspecified(),
        actor="person",
        categories=CBCCVC,
        source=QC.cite(
            9,
            2,
            "a",
            quote="cá nhân có trách nhiệm kê khai Phiếu bổ sung lý lịch và cung cấp tài liệu (đối chiếu bản chính văn bằng, chứng chỉ, quyết định,...) để xác thực nội dung",
        ),
        note="No time is given for the declaration itself; the update in the software is made "
        "'at the same time' (đồng thời) and immediately (see the next rule). " + _SCOPE_NOTE,
    ),
    DeadlineRule(
        event="personal_info_changed",
        obligation="update_dossier",
        period=Immediately(),
        actor="person",
        alternative_actors=("employing_unit",),
        categories=CBCCVC,
        source=QC.cite(
            9,
            2,
            "a",
            quote="Đồng thời, cá nhân hoặc đơn vị tiến hành cập nhật thông tin ngay vào phần mềm",
        ),
        also=(
            QC.cite(
                15,
                3,
                quote="Rà soát, cập nhật, điều chỉnh thông tin về hồ sơ cán bộ, công chức, viên chức kịp thời, đầy đủ ngay khi có thay đổi",
            ),
        ),
        note="Changes of the person's own information (civil status, training, awards, "
        "discipline...). Điều 15.3 repeats 'ngay khi có thay đổi' for the unit's software "
        "operator. " + _SCOPE_NOTE,
    ),
    DeadlineRule(
        event="supplement_entered",
        obligation="verify_supplement",
        period=WorkingDays(1),
        actor="employing_unit",
        categories=CBCCVC,
        source=QC.cite(
            9,
            2,
            "a",
            quote="trong 01 (một) ngày làm việc đơn vị phải tiến hành xác thực hồ sơ sau khi đã có thông tin bổ sung vào phần mềm",
        ),
        note="The text says only 'đơn vị' (the unit that holds the record). " + _SCOPE_NOTE,
    ),
    DeadlineRule(
        event="state_decision_effective",
        obligation="update_dossier",
        period=WorkingDays(3),
        actor="managing_agency",
        categories=CBCCVC,
        source=QC.cite(
            9,
            2,
            "b",
            quote="cơ quan, đơn vị có thẩm quyền quản lý hồ sơ cán bộ, công chức, viên chức có trách nhiệm cập nhật, bổ sung thông tin này cho cán bộ, công chức, viên chức vào phần mềm, thời gian chậm nhất là 03 (ba) ngày làm việc, kể từ ngày văn bản có hiệu lực",
        ),
        note="Decisions of a state body: election, appointment, secondment, rotation, change of "
        "post, pay rise, training, awards, discipline... " + _SCOPE_NOTE,
    ),
    # Điều 10. Chuyển và tiếp nhận hồ sơ cán bộ, công chức, viên chức trên phần mềm.
    DeadlineRule(
        event="internal_move_effective",
        obligation="move_dossier",
        period=WorkingDays(2),
        actor="employing_unit",
        categories=CBCCVC,
        source=QC.cite(
            10,
            1,
            quote="tổ chức của cơ quan, đơn vị đó có trách nhiệm điều chuyển hồ sơ trên phần mềm đến bộ phận mới, thời gian chậm nhất là 02 (hai) ngày làm việc, kể từ ngày văn bản có hiệu lực",
        ),
        note="Move to a new section within the same agency or unit, done by its personnel "
        "section ('tổ chức của cơ quan, đơn vị đó'). " + _SCOPE_NOTE,
    ),
    DeadlineRule(
        event="transfer_effective",
        obligation="send_dossier",
        period=WorkingDays(5),
        actor="managing_agency",
        categories=CBCCVC,
        source=QC.cite(
            10,
            2,
            quote="cơ quan, đơn vị có thẩm quyền quản lý cán bộ, công chức, viên chức cấp trên có trách nhiệm điều chuyển hồ sơ trên phần mềm đến cơ quan, đơn vị mới, thời gian chậm nhất là 05 (năm) ngày làm việc, kể từ ngày văn bản có hiệu lực",
        ),
        note="The superior managing agency sends the dossier to the new agency or unit and must "
        "attach a scan of the transfer decision ('phải tải kèm bản quét (scan) Quyết định'). " + _SCOPE_NOTE,
    ),
    DeadlineRule(
        event="transfer_received",
        obligation="forward_dossier",
        period=WorkingDays(3),
        actor="receiving_unit",
        categories=CBCCVC,
        source=QC.cite(
            10,
            2,
            quote="cơ quan, đơn vị tiếp nhận chuyển tiếp hồ sơ trên phần mềm đến cơ quan, đơn vị trực tiếp sử dụng cán bộ, công chức, viên chức theo phân cấp quản lý cán bộ, công chức, viên chức, thời gian chậm nhất là 03 (ba) ngày làm việc, kể từ ngày tiếp nhận đến trên phần mềm",
        ),
        note="Counted from the day the dossier is received on the software (not from the "
        "decision's effective date); forwarded to the unit that directly employs the person. " + _SCOPE_NOTE,
    ),
    DeadlineRule(
        event="exit_effective",
        obligation="update_status",
        period=WorkingDays(5),
        actor="employing_unit",
        categories=CBCCVC,
        source=QC.cite(
            10,
            3,
            quote="cơ quan, đơn vị trực tiếp sử dụng cán bộ, công chức, viên chức thực hiện điều chỉnh tình trạng hồ sơ trong phần mềm, thời gian chậm nhất là 05 (năm) ngày làm việc, kể từ ngày văn bản của cơ quan có thẩm quyền có hiệu lực",
        ),
        note="Leaving the management scope, retirement, resignation (thôi việc) or death; the "
        "dossier stays stored at the agency or unit (Điều 11.3). " + _SCOPE_NOTE,
    ),
)


# ---------------------------------------------------------------------------------------------
# Approval (RULES.md §4): the unit verifies (xác thực); there is no signature step.
# ---------------------------------------------------------------------------------------------

APPROVAL = ApprovalPolicy(
    act=ApprovalAct.UNIT_VERIFICATION,
    # Điều 9.2.a: the unit verifies the supplemented record within one working day.
    act_source=QC.cite(
        9,
        2,
        "a",
        quote="trong 01 (một) ngày làm việc đơn vị phải tiến hành xác thực hồ sơ sau khi đã có thông tin bổ sung vào phần mềm",
    ),
    verification_period=WorkingDays(1),
    approvers=(
        # Điều 9.2.a names only "đơn vị"; Điều 14.2 and 14.4: the agency or unit that holds the
        # unit account answers for the accuracy of its records and of its subordinate units'.
        # (Điều 3.2: the head answers for the electronic biography being as valid as the paper
        # one; ApprovalPolicy has no field for that responsibility, so it is only noted here.)
        Approver(
            scope="all",
            role="account_holding_unit",
            source=QC.cite(
                14,
                4,
                quote="Chịu trách nhiệm về tính chính xác, đầy đủ của các thông tin về hồ sơ cán bộ, công chức, viên chức thuộc thẩm quyền quản lý đã được cập nhật vào phần mềm",
            ),
            scope_note="Base level (Điều 6.1) updates; provincial departments, units under the "
            "UBND tỉnh, provincial associations and district UBND direct and check their own and "
            "their subordinate units' records (Điều 6.2).",
        ),
    ),
    delegations=(
        # Điều 6.2 đoạn 2 hands the district level's task ("chỉ đạo, kiểm tra, đôn đốc, cập nhật,
        # quản lý, khai thác hồ sơ", which includes checking the data) to these two offices.
        Delegation(
            delegator="district_chairman",
            delegate="district_home_affairs_leader",
            scope="district",
            source=QC.cite(
                6,
                2,
                quote="Chủ tịch Ủy ban nhân dân cấp huyện ủy quyền lãnh đạo Phòng Nội vụ thực hiện các nhiệm vụ nêu trên trong phạm vi cấp huyện",
            ),
            note="What is delegated is the district level's whole task (direct, check, urge, "
            "update, manage, use the records), not only approval.",
        ),
        # The same paragraph gives the education units of the district to the head of the
        # Phòng Giáo dục và Đào tạo.
        Delegation(
            delegator="district_chairman",
            delegate="education_office_head",
            scope="education",
            source=QC.cite(
                6,
                2,
                quote="Trưởng Phòng Giáo dục và Đào tạo thực hiện các nhiệm vụ nêu trên trong phạm vi các đơn vị giáo dục thuộc Phòng Giáo dục và Đào tạo quản lý",
            ),
            note="The text does not say who authorises the head of the education office; read as "
            "part of the district arrangement the chairman makes in the same paragraph. What is "
            "handed over is the district level's whole task (direct, check, urge, update, manage, "
            "use the records), not only approval.",
        ),
    ),
    # The text says nothing of the head's own dossier, of rejection, or of a national sync.
    # Also in the text, with no field here: Điều 14.4, every agency checks the updating of its
    # own and its subordinate units' records every month ("theo định kỳ hàng tháng"); Điều 9.3,
    # Sở Nội vụ announces reviews of the data on the software's home page and by official e-mail.
)


# ---------------------------------------------------------------------------------------------
# Accounts and access (RULES.md §5)
# ---------------------------------------------------------------------------------------------

ACCOUNTS = AccountPolicy(
    issuance=(
        # Điều 5.2 (also 6.3, 17.2): Sở Nội vụ holds the admin account and issues user accounts
        # to the agencies and units.
        AccountIssuance(
            kind=AccountKind.AGENCY,
            issued_by="home_affairs",
            source=QC.cite(
                5,
                2,
                quote="Sở Nội vụ là cơ quan được sử dụng tài khoản quản trị phần mềm để quản lý tài khoản đăng nhập sử dụng phần mềm; cấp tài khoản và phân quyền sử dụng tài khoản người dùng cho cơ quan, đơn vị",
            ),
        ),
        # Điều 5.3: further unit accounts for subordinate units, on written agreement.
        AccountIssuance(
            kind=AccountKind.AGENCY,
            issued_by="home_affairs",
            requested_by="managing_agency",
            source=QC.cite(
                5,
                3,
                quote="Cơ quan, đơn vị có nhu cầu cấp tài khoản cho các đơn vị trực thuộc cần thống nhất với Sở Nội vụ bằng văn bản để được cấp bổ sung tài khoản đơn vị",
            ),
        ),
        # Điều 3.4 and 5.4: the "personal account" is the account given to the one CBCCVC the
        # unit names to operate the software (not one account per civil servant).
        AccountIssuance(
            kind=AccountKind.PERSONAL,
            issued_by="home_affairs",
            requested_by="employing_unit",
            source=QC.cite(
                5,
                4,
                quote="cơ quan, đơn vị quản lý phải có trách nhiệm báo cáo Sở Nội vụ để thu hồi tài khoản đã cấp và thực hiện việc cấp tài khoản cho cán bộ, công chức, viên chức mới được phân công",
            ),
        ),
    ),
    identifier=IdentifierScheme.USERNAME,
    identifier_source=QC.cite(3, 4, quote="Tài khoản cá nhân bao gồm: Tên đăng nhập và mật khẩu."),
    one_account_per_agency=ProvisionText(
        summary="One account per agency or unit; more accounts for subordinate units only with "
        "Sở Nội vụ's written agreement (Điều 5.3).",
        source=QC.cite(
            4,
            8,
            quote="Mỗi cơ quan, đơn vị được cấp 01 tài khoản để cập nhật, quản lý, khai thác sử dụng phần mềm quản lý hồ sơ cán bộ, công chức, viên chức",
        ),
    ),
    # No password-change interval in the text.
    lost_password=ProvisionText(
        summary="A forgotten password is reported to the head of the agency or unit, who asks "
        "Sở Nội vụ to issue a new one.",
        source=QC.cite(
            15,
            7,
            quote="Trường hợp quên mật khẩu đăng nhập phần mềm phải báo cáo Thủ trưởng cơ quan, đơn vị để đề nghị Sở Nội vụ cấp lại mật khẩu mới",
        ),
    ),
    lost_password_via=("unit_head", "home_affairs"),
    # Điều 4.8: one account per agency; Điều 5.4: a new operator gets a new account, the old
    # one is revoked.
    model="per_agency",
    model_source=QC.cite(
        4,
        8,
        quote="Mỗi cơ quan, đơn vị được cấp 01 tài khoản để cập nhật, quản lý, khai thác sử dụng phần mềm quản lý hồ sơ cán bộ, công chức, viên chức",
    ),
    holder_change="revoke_and_reissue",
    holder_change_source=QC.cite(
        5,
        4,
        quote="báo cáo Sở Nội vụ để thu hồi tài khoản đã cấp và thực hiện việc cấp tài khoản cho cán bộ, công chức, viên chức mới được phân công",
    ),
    revocation=(
        ProvisionText(
            summary="A change of the organisation or staff managing an account is reported to "
            "Sở Nội vụ in writing.",
            source=QC.cite(
                4,
                6,
                quote="khi có sự thay đổi về tổ chức, nhân sự quản lý tài khoản phải báo cáo về Sở Nội vụ bằng văn bản",
            ),
        ),
        ProvisionText(
            summary="When the operator no longer has the task, the unit reports to Sở Nội vụ, "
            "which revokes the account and issues one to the newly assigned operator.",
            source=QC.cite(
                5,
                4,
                quote="Khi cán bộ, công chức, viên chức không còn thực hiện nhiệm vụ quản lý, khai thác, sử dụng phần mềm, thì cơ quan, đơn vị quản lý phải có trách nhiệm báo cáo Sở Nội vụ để thu hồi tài khoản đã cấp",
            ),
        ),
        ProvisionText(
            summary="Agencies converted, merged or consolidated: Sở Nội vụ revokes their "
            "accounts and issues accounts to the new agency.",
            source=QC.cite(
                5,
                5,
                quote="Sở Nội vụ có trách nhiệm thu hồi tài khoản đã cấp cho cơ quan, đơn vị đã chuyển đổi, sáp nhập, hợp nhất và thực hiện cấp tài khoản cho cơ quan, đơn vị mới thành lập",
            ),
        ),
    ),
    # Điều 12.2: the three rights.
    rights=(
        RightDefinition(
            name="admin",
            allows=(
                "update",
                "edit",
                "aggregate",
                "compile statistics",
                "process",
                "copy",
                "remove part or all of a dossier",
            ),
            source=QC.cite(
                12,
                2,
                quote="Quyền quản trị là quyền được cập nhật, hiệu chỉnh, tổng hợp, thống kê, xử lý, sao chép, loại bỏ một phần hoặc toàn bộ hồ sơ cán bộ, công chức, viên chức",
            ),
        ),
        RightDefinition(
            name="update",
            allows=("update", "edit", "move dossiers within the management scope"),
            source=QC.cite(
                12,
                2,
                quote="quyền cập nhật là quyền được cập nhật, hiệu chỉnh, điều chuyển hồ sơ cán bộ, công chức, viên chức theo phân cấp quản lý",
            ),
        ),
        RightDefinition(
            name="access",
            allows=("log in and view", "extract data within the delegated scope"),
            source=QC.cite(
                12,
                2,
                quote="quyền truy cập là quyền được đăng nhập xem xét, chiết xuất dữ liệu từ nguồn cơ sở dữ liệu được phân cấp",
            ),
        ),
    ),
    access=(
        ProvisionText(
            summary="Only persons the competent agency agrees to in writing may use, study or "
            "exploit the dossiers; dossiers are kept under the state secrecy regime.",
            source=QC.cite(
                4,
                3,
                quote="chỉ những cá nhân được cơ quan, đơn vị có thẩm quyền quản lý hồ sơ cán bộ, công chức, viên chức đồng ý bằng văn bản mới được sử dụng, nghiên cứu, khai thác",
            ),
        ),
        ProvisionText(
            summary="A provincial department, unit or district manages the dossiers of its own "
            "agency and of the units under it.",
            source=QC.cite(
                6,
                2,
                quote="là cấp có trách nhiệm chỉ đạo, kiểm tra, đôn đốc, cập nhật, quản lý, khai thác hồ sơ của cơ quan, đơn vị mình và các đơn vị thuộc quyền quản lý",
            ),
        ),
        ProvisionText(
            summary="Sở Nội vụ holds the admin account and manages the software for every level.",
            source=QC.cite(
                6,
                3,
                quote="Sở Nội vụ là cơ quan được sử dụng tài khoản quản trị phần mềm để quản lý tài khoản đăng nhập, sử dụng phần mềm",
            ),
        ),
        ProvisionText(
            summary="Forbidden: unauthorised access to an account, unauthorised use of dossier "
            "information, and spreading it.",
            source=QC.cite(
                4,
                7,
                quote="Nghiêm cấm mọi tổ chức, cá nhân có hành vi truy cập vào tài khoản phần mềm, khai thác thông tin hồ sơ cán bộ, công chức, viên chức trái phép",
            ),
        ),
        ProvisionText(
            summary="The holder of an account keeps it safe and answers for it.",
            source=QC.cite(
                4,
                5,
                quote="được cấp tài khoản để khai thác và sử dụng phần mềm có trách nhiệm bảo quản, bảo đảm an toàn tài khoản được cấp",
            ),
        ),
    ),
)


# ---------------------------------------------------------------------------------------------
# Reports (RULES.md §7)
# ---------------------------------------------------------------------------------------------

_R13_1 = QC.cite(
    13,
    1,
    quote="Các sở, ban, ngành thuộc tỉnh và Ủy ban nhân dân cấp huyện có trách nhiệm báo cáo tình hình thực hiện công tác quản lý hồ sơ cán bộ, công chức, viên chức thuộc thẩm quyền quản lý về Ủy ban nhân dân tỉnh (thông qua Sở Nội vụ) trước ngày 25 tháng 5 và ngày 15 tháng 12 hàng năm",
)
# Điều 13.1 names what the report covers in one phrase; the figures are computed for it.
_R13_1_CONTENTS = (
    ReportItem(
        key="record_management",
        source=_R13_1,
        heading="tình hình thực hiện công tác quản lý hồ sơ cán bộ, công chức, viên chức thuộc thẩm quyền quản lý",
        summary="How the management of the CBCCVC records under the unit's authority is carried out",
        figures=("timeliness", "new_dossiers", "status_updates", "transfers", "exits", "headcount"),
    ),
)
_R13_1_NOTE = (
    "One of two reports a year (before 25/5 and before 15/12), to the UBND tỉnh through Sở Nội "
    "vụ; the text does not say which period each covers."
)
_DEPT_NOTE = " Sender: the provincial departments (sở, ban, ngành), as managing agencies."

REPORTS = (
    # Điều 13.1: departments and district UBND → UBND tỉnh (through Sở Nội vụ), twice a year.
    ReportRule(
        report="department_report_may",
        sender="managing_agency",
        recipient="provincial_committee",
        frequency=Frequency.YEARLY,
        due=Before(5, 25),
        source=_R13_1,
        contents=_R13_1_CONTENTS,
        note=_R13_1_NOTE + _DEPT_NOTE,
    ),
    ReportRule(
        report="department_report_december",
        sender="managing_agency",
        recipient="provincial_committee",
        frequency=Frequency.YEARLY,
        due=Before(12, 15),
        source=_R13_1,
        contents=_R13_1_CONTENTS,
        note=_R13_1_NOTE + _DEPT_NOTE,
    ),
    ReportRule(
        report="district_report_may",
        sender="district_committee",
        recipient="provincial_committee",
        frequency=Frequency.YEARLY,
        due=Before(5, 25),
        source=_R13_1,
        contents=_R13_1_CONTENTS,
        note=_R13_1_NOTE,
    ),
    ReportRule(
        report="district_report_december",
        sender="district_committee",
        recipient="provincial_committee",
        frequency=Frequency.YEARLY,
        due=Before(12, 15),
        source=_R13_1,
        contents=_R13_1_CONTENTS,
        note=_R13_1_NOTE,
    ),
    # Điều 13.2: Sở Nội vụ consolidates and reports to the UBND tỉnh; no date or interval.
    ReportRule(
        report="home_affairs_summary_report",
        sender="home_affairs",
        recipient="provincial_committee",
        frequency=Frequency.PERIODIC,
        due=Unspecified(),
        source=QC.cite(
            13,
            2,
            quote="Sở Nội vụ tổng hợp, báo cáo Ủy ban nhân dân tỉnh tình hình thực hiện công tác quản lý hồ sơ cán bộ, công chức, viên chức trên địa bàn tỉnh",
        ),
        contents=(
            ReportItem(
                key="record_management",
                source=QC.cite(
                    13,
                    2,
                    quote="Sở Nội vụ tổng hợp, báo cáo Ủy ban nhân dân tỉnh tình hình thực hiện công tác quản lý hồ sơ cán bộ, công chức, viên chức trên địa bàn tỉnh",
                ),
                heading="tình hình thực hiện công tác quản lý hồ sơ cán bộ, công chức, viên chức trên địa bàn tỉnh",
                summary="How the management of the CBCCVC records in the province is carried out",
                figures=("timeliness", "new_dossiers", "status_updates", "transfers", "exits", "headcount"),
            ),
        ),
        note="Consolidates the reports of Điều 13.1; the text gives no date or interval.",
    ),
    # Quyết định Điều 2: Sở Nội vụ reports quarterly and yearly on carrying out the decision.
    ReportRule(
        report="home_affairs_quarterly_report",
        sender="home_affairs",
        recipient="provincial_committee",
        frequency=Frequency.QUARTERLY,
        due=Unspecified(),
        source=QC.cite(
            2,
            quote="Tổ chức thanh tra, kiểm tra và báo cáo định kỳ hàng quý, năm về kết quả thực hiện Quyết định này cho Ủy ban nhân dân tỉnh biết, theo dõi và chỉ đạo",
            in_decision=True,
        ),
        contents=(
            ReportItem(
                key="decision_results",
                source=QC.cite(
                    2,
                    quote="Tổ chức thanh tra, kiểm tra và báo cáo định kỳ hàng quý, năm về kết quả thực hiện Quyết định này cho Ủy ban nhân dân tỉnh biết, theo dõi và chỉ đạo",
                    in_decision=True,
                ),
                heading="kết quả thực hiện Quyết định này",
                summary="Results of carrying out the decision",
                figures=("timeliness", "new_dossiers", "status_updates", "transfers", "exits", "headcount"),
            ),
        ),
        note="Every quarter, no date given.",
    ),
    ReportRule(
        report="home_affairs_yearly_report",
        sender="home_affairs",
        recipient="provincial_committee",
        frequency=Frequency.YEARLY,
        due=Unspecified(),
        source=QC.cite(
            2,
            quote="Tổ chức thanh tra, kiểm tra và báo cáo định kỳ hàng quý, năm về kết quả thực hiện Quyết định này cho Ủy ban nhân dân tỉnh biết, theo dõi và chỉ đạo",
            in_decision=True,
        ),
        contents=(
            ReportItem(
                key="decision_results",
                source=QC.cite(
                    2,
                    quote="Tổ chức thanh tra, kiểm tra và báo cáo định kỳ hàng quý, năm về kết quả thực hiện Quyết định này cho Ủy ban nhân dân tỉnh biết, theo dõi và chỉ đạo",
                    in_decision=True,
                ),
                heading="kết quả thực hiện Quyết định này",
                summary="Results of carrying out the decision",
                figures=("timeliness", "new_dossiers", "status_updates", "transfers", "exits", "headcount"),
            ),
        ),
        note="Every year, no date given.",
    ),
    # Not encoded (no fixed report to model): Điều 2 đoạn cuối (Sở Nội vụ reports changes of the
    # persons covered "trong trường hợp có yêu cầu"), Điều 17.3.b (Sở Nội vụ reports "định kỳ,
    # đột xuất theo yêu cầu của Chính phủ, bộ, ngành Trung ương, Ủy ban nhân dân tỉnh", a
    # recipient set the vocabulary has no name for), Điều 15.6 (operators prepare the unit's
    # reports for its head).
)


# ---------------------------------------------------------------------------------------------
# Storage, backup and retention (RULES.md §6)
# ---------------------------------------------------------------------------------------------

BACKUP = BackupPolicy(
    backups=(
        # Điều 11.4: two daily backups.
        BackupRule(
            kind=BackupKind.DATABASE,
            by="home_affairs",
            frequency=Frequency.DAILY,
            source=QC.cite(
                11,
                4,
                quote="Ngoài thao tác sao lưu định kỳ hằng ngày của đơn vị quản lý phần mềm (Sở Nội vụ)",
            ),
        ),
        BackupRule(
            kind=BackupKind.DATA_CENTER,
            by="data_center",
            frequency=Frequency.DAILY,
            source=QC.cite(
                11,
                4,
                quote="thì phải sao lưu định kỳ hằng ngày theo chế độ sao lưu của Trung tâm Tích hợp Dữ liệu tỉnh Đắk Lắk",
            ),
            note="Under the backup regime of the Trung tâm Tích hợp Dữ liệu tỉnh Đắk Lắk; the "
            "sentence does not name who performs it.",
        ),
        # Điều 11.5: every agency or unit on the 1st of each month (a calendar day: the text
        # names the day, so it is not moved when it falls on a day off).
        BackupRule(
            kind=BackupKind.AGENCY,
            by="managing_agency",
            frequency=Frequency.MONTHLY,
            day_of_month=1,
            source=QC.cite(
                11,
                5,
                quote="các cơ quan, đơn vị phải tổ chức sao lưu dữ liệu theo định kỳ vào ngày 01 hàng tháng",
            ),
            note="'các cơ quan, đơn vị': every agency or unit holding an account; for ad hoc and "
            "periodic reports.",
        ),
    ),
    # No retention period for backups in the text.
    restore=ProvisionText(
        summary="Backups are kept safe and used only with a written document of the competent authority.",
        source=QC.cite(
            11,
            4,
            quote="bảo quản an toàn và chỉ được sử dụng khi có văn bản của cấp có thẩm quyền",
        ),
    ),
    exited_dossiers=ProvisionText(
        summary="Dossiers of retired, resigned or deceased staff are kept at the agency or unit.",
        source=QC.cite(
            11,
            3,
            quote="Hồ sơ cán bộ, công chức, viên chức đã nghỉ hưu, thôi việc, từ trần được lưu trữ ở cơ quan, đơn vị để theo dõi",
        ),
    ),
    storage=(
        ProvisionText(
            summary="Dossiers are stored long-term in the database.",
            source=QC.cite(
                11,
                1,
                quote="Hồ sơ cán bộ, công chức, viên chức phải được lưu trữ lâu dài trong dữ liệu",
            ),
        ),
        ProvisionText(
            summary="Storage follows the information-security rules in force.",
            source=QC.cite(
                11,
                2,
                quote="Việc lưu trữ hồ sơ cán bộ, công chức, viên chức phải tuân thủ các nguyên tắc an toàn thông tin theo quy định hiện hành",
            ),
        ),
        ProvisionText(
            summary="The software is hosted at the Trung tâm Công nghệ thông tin và Truyền thông "
            "of Sở Thông tin và Truyền thông (http://cbccvc.daklak.gov.vn).",
            source=QC.cite(
                3,
                1,
                quote="được đặt tại Trung tâm Công nghệ thông tin và Truyền thông trực thuộc Sở Thông tin và Truyền thông",
            ),
        ),
        ProvisionText(
            summary="Backup and restore of the system are admin functions of the software.",
            source=QC.cite(
                7,
                13,
                quote="Thực hiện quản trị chức năng hệ thống, phân quyền nhóm người dùng và người dùng, sao lưu và phục hồi hệ thống",
            ),
        ),
    ),
)
