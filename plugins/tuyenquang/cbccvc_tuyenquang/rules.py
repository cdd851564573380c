"""Tuyên Quang's rules, article by article, each with its quote.

Quy chế quản lý, vận hành và khai thác sử dụng Phần mềm quản lý cơ sở dữ liệu cán bộ, công
chức, viên chức, người lao động tỉnh Tuyên Quang, ban hành kèm theo Quyết định số
16/2020/QĐ-UBND ngày 18/9/2020 của UBND tỉnh Tuyên Quang; in force from 01/10/2020
(Quyết định Điều 2), replacing Quyết định số 24/2013/QĐ-UBND ngày 20/11/2013.

The text's own words are quoted as written (including its typos, e.g. "đơn đốc" in Điều 13.1).
Where it names no time, the period is ``Unspecified()``.
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
    DeadlineRule,
    Frequency,
    IdentifierScheme,
    Instrument,
    InstrumentStatus,
    PasswordRule,
    ProvinceProfile,
    ProvisionText,
    ReportItem,
    ReportRule,
    Unspecified,
    WorkingDays,
)

QC = Instrument(
    province="tuyenquang",
    kind="Quy chế kèm Quyết định",
    number="16/2020/QĐ-UBND",
    issuer="UBND tỉnh Tuyên Quang",
    title="Quy chế quản lý, vận hành và khai thác sử dụng Phần mềm quản lý cơ sở dữ liệu cán bộ, "
    "công chức, viên chức, người lao động tỉnh Tuyên Quang",
    status=InstrumentStatus.IN_FORCE,
    signed=date(2020, 9, 18),
    in_force_from=date(2020, 10, 1),
    replaces="Quyết định số 24/2013/QĐ-UBND ngày 20/11/2013 của UBND tỉnh Tuyên Quang",
    note="Quyết định Điều 2: 'có hiệu lực thi hành kể từ ngày 01 tháng 10 năm 2020 và thay thế "
    "Quyết định số 24/2013/QĐ-UBND ngày 20 tháng 11 năm 2013'",
)

PROFILE = ProvinceProfile(code="tuyenquang", name="Tuyên Quang", instrument=QC)

# The person categories the Quy chế covers (Điều 2.2: "cán bộ, công chức, viên chức, lao động
# hợp đồng … (sau đây gọi chung là cán bộ, công chức, viên chức)").
_ELECTED_OR_RECRUITED = {"can_bo", "cong_chuc", "vien_chuc", "commune_official"}

DEADLINES = (
    # Điều 9. Quy trình lập phiếu cán bộ, công chức, viên chức và cập nhật thông tin vào Phần mềm
    # (chapeau: "Cơ quan, đơn vị được giao quản lý cơ sở dữ liệu có trách nhiệm thường xuyên cập
    # nhật những biến động …").
    # 9.1 Lập dữ liệu mới: counted from the day the person reports for duty, not the decision.
    DeadlineRule(
        event="reported_for_duty",
        obligation="enter_dossier",
        period=WorkingDays(10),
        actor="managing_agency",
        categories=_ELECTED_OR_RECRUITED,
        source=QC.cite(
            9,
            1,
            quote="trong thời gian 10 ngày làm việc, kể từ ngày người được bầu cử, bổ nhiệm vào làm cán bộ, tuyển dụng vào công chức, viên chức đến nhận công tác, cơ quan, đơn vị có trách nhiệm cập nhật đầy đủ thông tin cán bộ, công chức, viên chức vào Phần mềm",
        ),
        note="The actor is the unit assigned to manage the database (Điều 9 chapeau). The trigger "
        "names only people elected or appointed as cán bộ and recruited as công chức or viên "
        "chức; contract workers (covered by Điều 2.2) have no stated time limit for a new record.",
    ),
    # 9.2.a Thông tin thay đổi từ phía cơ quan quản lý nhà nước.
    DeadlineRule(
        event="state_decision_effective",
        obligation="update_dossier",
        period=WorkingDays(10),
        actor="managing_agency",
        source=QC.cite(
            9,
            2,
            "a",
            quote="cơ quan, đơn vị có thẩm quyền quản lý cơ sở dữ liệu điện tử có trách nhiệm cập nhật thông tin vào dữ liệu điện tử của cán bộ, công chức, viên chức (thời gian chậm nhất không quá 10 ngày làm việc, kể từ ngày văn bản có hiệu lực",
        ),
        note="Changes decided by the State: training, appointment, transfer, pay rise, awards, "
        "discipline (the text's examples).",
    ),
    # 9.2.b Thông tin thay đổi từ phía cá nhân: declared with the yearly phiếu bổ sung lý lịch.
    DeadlineRule(
        event="personal_info_changed",
        obligation="declare_personal_changes",
        period=Unspecified(),
        actor="person",
        source=QC.cite(
            9,
            2,
            "b",
            quote="cá nhân có trách nhiệm kê khai với cơ quan, đơn vị theo định kỳ, được thực hiện đồng thời cùng việc kê khai phiếu bổ sung lý lịch hàng năm hoặc theo yêu cầu quản lý của cơ quan, đơn vị",
        ),
        note="Declared periodically, together with the yearly supplementary biography form, or "
        "when the unit asks; the unit then updates the record, with no time limit stated.",
    ),
    # Điều 10. Chuyển giao và tiếp nhận dữ liệu điện tử
    # 10.1 Within the same agency.
    DeadlineRule(
        event="internal_move_effective",
        obligation="move_dossier",
        period=WorkingDays(2),
        actor="employing_unit",
        source=QC.cite(
            10,
            1,
            quote="người được giao quản lý cơ sở dữ liệu điện tử của cơ quan, đơn vị đó có trách nhiệm điều chỉnh, bổ sung dữ liệu trên Phần mềm, thời gian chậm nhất 02 ngày làm việc, kể từ ngày quyết định có hiệu lực",
        ),
        note="Done by the person assigned to manage the agency's database.",
    ),
    # 10.2 To another agency: both steps are counted from the decision's effective date.
    DeadlineRule(
        event="transfer_effective",
        obligation="send_dossier",
        period=WorkingDays(5),
        actor="managing_agency",
        source=QC.cite(
            10,
            2,
            quote="cơ quan, đơn vị có thẩm quyền quản lý cán bộ, công chức, viên chức có trách nhiệm chuyển giao dữ liệu trên Phần mềm đến cơ quan, đơn vị mới, thời gian chậm nhất 05 ngày làm việc kể từ ngày quyết định có hiệu lực",
        ),
    ),
    DeadlineRule(
        event="transfer_effective",
        obligation="forward_dossier",
        period=WorkingDays(3),
        actor="receiving_unit",
        source=QC.cite(
            10,
            2,
            quote="cơ quan, đơn vị mới có trách nhiệm tiếp nhận và chuyển tiếp dữ liệu trên Phần mềm đến cơ quan, đơn vị trực tiếp sử dụng cán bộ, công chức, viên chức, thời gian chậm nhất 03 ngày làm việc, kể từ ngày quyết định có hiệu lực",
        ),
        note="Counted, as the text says, from the decision's effective date, not from receipt: "
        "the 3 working days to forward end before the 5 the old agency has to send.",
    ),
    # 10.3 Leaving the province's scope, retirement, resignation, death.
    DeadlineRule(
        event="exit_effective",
        obligation="update_status",
        period=WorkingDays(5),
        actor="employing_unit",
        source=QC.cite(
            10,
            3,
            quote="cơ quan, đơn vị trực tiếp sử dụng cán bộ, công chức, viên chức thực hiện điều chỉnh tình trạng dữ liệu trong Phần mềm, thời gian chậm nhất 05 ngày làm việc kể từ ngày quyết định có hiệu lực",
        ),
        note="Transfer out of the province's scope, retirement, resignation (thôi việc) or "
        "death; the record is kept (Điều 12.3).",
    ),
)

# Điều 13.1: the agency and its head check (kiểm duyệt) the data; no signature step, no
# time limit and no delegation (ủy quyền) are stated anywhere in the text.
APPROVAL = ApprovalPolicy(
    act=ApprovalAct.HEAD_CHECK,
    act_source=QC.cite(
        13,
        1,
        quote="Chịu trách nhiệm về kiểm duyệt dữ liệu cán bộ, công chức, viên chức và đơn đốc việc nhập, cập nhật thông tin cán bộ, công chức, viên chức đối với cơ quan, đơn vị thuộc quyền quản lý theo phân cấp",
    ),
    approvers=(
        Approver(
            scope="all",
            role="unit_head",
            source=QC.cite(
                13,
                1,
                quote="Chịu trách nhiệm về kiểm duyệt dữ liệu cán bộ, công chức, viên chức",
            ),
            scope_note="Each agency and its head (Điều 13: 'Trách nhiệm, quyền hạn của các cơ "
            "quan, đơn vị và người đứng đầu các cơ quan, đơn vị'), for the data of the units "
            "under it by decentralisation; provincial departments and district committees direct "
            "and check the units under them (Điều 7.2).",
        ),
    ),
)

# Điều 4, 6, 13, 14, 16: accounts and access.
ACCOUNTS = AccountPolicy(
    issuance=(
        AccountIssuance(
            kind=AccountKind.ADMIN,
            issued_by="provincial_committee",
            source=QC.cite(
                6,
                1,
                quote="được Ủy ban nhân dân tỉnh giao sử dụng tài khoản quản trị để cấp, phân quyền tài khoản người dùng cho các cơ quan, đơn vị",
            ),
        ),
        AccountIssuance(
            kind=AccountKind.AGENCY,
            issued_by="home_affairs",
            source=QC.cite(
                16,
                3,
                quote="Được phép cấp tài khoản người dùng và phân quyền sử dụng cho các cơ quan, đơn vị",
            ),
        ),
        AccountIssuance(
            kind=AccountKind.AGENCY,
            issued_by="home_affairs",
            requested_by="managing_agency",
            source=QC.cite(
                6,
                2,
                quote="Trường hợp phát sinh nhu cầu cấp tài khoản người dùng cho các đơn vị trực thuộc phải thống nhất với Sở Nội vụ bằng văn bản để được cấp bổ sung",
            ),
        ),
    ),
    identifier=IdentifierScheme.USERNAME,
    identifier_source=QC.cite(4, 3, quote="Cung cấp hoặc để lộ tên và mật khẩu đăng nhập vào Phần mềm"),
    one_account_per_agency=ProvisionText(
        "One user account per agency or unit under the staff-management decentralisation; "
        "accounts for subordinate units only with Sở Nội vụ's written agreement.",
        QC.cite(
            6,
            2,
            quote="Mỗi cơ quan, đơn vị theo phân cấp về công tác quản lý cán bộ, công chức, viên chức được cấp 01 tài khoản người dùng",
        ),
    ),
    passwords=(
        PasswordRule(
            every_months=1,
            applies_to=AccountKind.AGENCY,
            source=QC.cite(
                14,
                1,
                quote="thay đổi mật khẩu được cấp và tự bảo mật tài khoản người dùng của đơn vị; định kỳ hằng tháng thay đổi mật khẩu người dùng để đảm bảo an toàn thông tin",
            ),
        ),
    ),
    lost_password=ProvisionText(
        "A lost or forgotten password is reported to the head of the agency, who asks Sở Nội vụ "
        "to issue a new one.",
        QC.cite(
            14,
            5,
            quote="Trường hợp bị thất lạc hoặc quên mật khẩu đăng nhập Phần mềm phải báo cáo người đứng đầu cơ quan, đơn vị đề nghị Sở Nội vụ cấp lại mật khẩu mới",
        ),
    ),
    lost_password_via=("unit_head", "home_affairs"),
    # Điều 6.2: one user account per agency; Điều 13.2: its head names who uses it.
    model="per_agency",
    model_source=QC.cite(
        6,
        2,
        quote="Mỗi cơ quan, đơn vị theo phân cấp về công tác quản lý cán bộ, công chức, viên chức được cấp 01 tài khoản người dùng",
    ),
    holder_change="reassign",
    holder_change_source=QC.cite(
        13,
        2,
        quote="Quyết định phân công công chức, viên chức trực tiếp sử dụng tài khoản người dùng",
    ),
    revocation=(
        ProvisionText(
            "Sở Nội vụ locks an account when it finds a violation in its management, and "
            "settles the case with the agency.",
            QC.cite(
                16,
                3,
                quote="trường hợp phát hiện vi phạm trong quản lý tài khoản người dùng, có trách nhiệm khóa tài khoản",
            ),
        ),
    ),
    access=(
        ProvisionText(
            "Anyone else may study or use the data only with the written consent of the agency "
            "or the person competent to manage the database.",
            QC.cite(
                3,
                3,
                quote="chỉ những người được cơ quan, đơn vị hoặc người có thẩm quyền quản lý cơ sở dữ liệu cán bộ, công chức, viên chức đồng ý bằng văn bản mới được nghiên cứu, khai thác dữ liệu",
            ),
        ),
        ProvisionText(
            "Base-level units update, manage and use the data of their own unit.",
            QC.cite(
                7,
                1,
                quote="có trách nhiệm cập nhật, quản lý và khai thác dữ liệu thuộc tổ chức, đơn vị mình",
            ),
        ),
        ProvisionText(
            "Provincial departments and district committees direct, check, update, manage and "
            "use the data of the units under their authority.",
            QC.cite(
                7,
                2,
                quote="là cấp có trách nhiệm chỉ đạo, kiểm tra, đôn đốc, cập nhật, quản lý và khai thác dữ liệu của các đơn vị thuộc thẩm quyền quản lý",
            ),
        ),
        ProvisionText(
            "Sở Nội vụ manages the software directly for the provincial committee.",
            QC.cite(
                7,
                3,
                quote="Sở Nội vụ tham mưu giúp Ủy ban nhân dân tỉnh chỉ đạo việc quản lý, sử dụng và trực tiếp quản lý, tổ chức triển khai Phần mềm",
            ),
        ),
        ProvisionText(
            "The agencies that manage or employ the staff, and the agency managing the database, "
            "may use the data for their work.",
            QC.cite(
                11,
                1,
                quote="Cơ quan quản lý, sử dụng cán bộ, công chức, viên chức và cơ quan quản lý cơ sở dữ liệu điện tử được nghiên cứu, sử dụng và khai thác dữ liệu điện tử",
            ),
        ),
        ProvisionText(
            "The head of the agency decides which staff member uses the account.",
            QC.cite(
                13,
                2,
                quote="Quyết định phân công công chức, viên chức trực tiếp sử dụng tài khoản người dùng và theo dõi, phụ trách Phần mềm",
            ),
        ),
        ProvisionText(
            "The assigned individual keeps the agency's account safe.",
            QC.cite(
                6,
                3,
                quote="có trách nhiệm bảo quản, bảo đảm an toàn về tài khoản người dùng của cơ quan, đơn vị",
            ),
        ),
        ProvisionText(
            "Forbidden: unauthorised access or deliberate privilege escalation.",
            QC.cite(4, 1, quote="Truy cập trái phép hoặc cố ý nâng quyền truy cập vào Phần mềm"),
        ),
        ProvisionText(
            "Forbidden: using the data for personal gain, distortion or attacks on the State.",
            QC.cite(
                4,
                2,
                quote="Sử dụng thông tin dữ liệu cán bộ, công chức, viên chức trên Phần mềm vào mục đích vụ lợi cá nhân",
            ),
        ),
        ProvisionText(
            "Forbidden: giving or disclosing the login name and password to anyone not assigned.",
            QC.cite(
                4,
                3,
                quote="Cung cấp hoặc để lộ tên và mật khẩu đăng nhập vào Phần mềm cho cá nhân, tổ chức không được giao quyền",
            ),
        ),
    ),
)

# Điều 15.4, 16.6, 18.1: reports. None has a date in the text ("định kỳ hằng năm",
# "theo quy định"); the text requires no report from the units themselves.
REPORTS = (
    ReportRule(
        report="software_use_yearly_assessment",
        sender="ict_department",
        recipient="provincial_committee",
        frequency=Frequency.YEARLY,
        due=Unspecified(),
        source=QC.cite(
            15,
            4,
            quote="Định kỳ hằng năm, phối hợp với Sở Nội vụ tham mưu với Ủy ban nhân dân tỉnh báo cáo đánh giá tình hình quản lý, sử dụng Phần mềm của các cơ quan, đơn vị trên địa bàn tỉnh",
        ),
        contents=(
            ReportItem(
                key="software_use",
                source=QC.cite(
                    15,
                    4,
                    quote="Định kỳ hằng năm, phối hợp với Sở Nội vụ tham mưu với Ủy ban nhân dân tỉnh báo cáo đánh giá tình hình quản lý, sử dụng Phần mềm của các cơ quan, đơn vị trên địa bàn tỉnh",
                ),
                heading="đánh giá tình hình quản lý, sử dụng Phần mềm của các cơ quan, đơn vị",
                summary="Assessment of how the units manage and use the software",
                figures=("timeliness", "new_dossiers", "status_updates", "transfers", "exits", "headcount"),
            ),
        ),
        note="Sở Thông tin và Truyền thông, with Sở Nội vụ, advises (tham mưu) the provincial "
        "committee on this yearly assessment; no date, and no addressee of the committee's "
        "own report, are stated.",
    ),
    ReportRule(
        report="software_use_inspection_report",
        sender="home_affairs",
        recipient="provincial_committee",
        frequency=Frequency.PERIODIC,
        due=Unspecified(),
        source=QC.cite(
            16,
            6,
            quote="Kiểm tra việc cập nhật, quản lý, khai thác và sử dụng Phần mềm của các cơ quan, đơn vị; tổng hợp báo cáo Ủy ban nhân dân tỉnh theo quy định",
        ),
        contents=(
            ReportItem(
                key="inspection",
                source=QC.cite(
                    16,
                    6,
                    quote="Kiểm tra việc cập nhật, quản lý, khai thác và sử dụng Phần mềm của các cơ quan, đơn vị; tổng hợp báo cáo Ủy ban nhân dân tỉnh theo quy định",
                ),
                heading="Kiểm tra việc cập nhật, quản lý, khai thác và sử dụng Phần mềm của các cơ quan, đơn vị",
                summary="Inspection of how the units update, manage and use the software",
                figures=("timeliness", "new_dossiers", "status_updates", "transfers", "exits", "headcount"),
            ),
        ),
        note="'Theo quy định': neither frequency nor date is in this text.",
    ),
    ReportRule(
        report="implementation_report_ministry",
        sender="home_affairs",
        recipient="ministry_of_home_affairs",
        frequency=Frequency.PERIODIC,
        due=Unspecified(),
        source=QC.cite(
            18,
            1,
            quote="Tổng hợp, báo cáo kết quả triển khai thực hiện với Bộ Nội vụ và Ủy ban nhân dân tỉnh theo quy định",
        ),
        contents=(
            ReportItem(
                key="implementation",
                source=QC.cite(
                    18,
                    1,
                    quote="Tổng hợp, báo cáo kết quả triển khai thực hiện với Bộ Nội vụ và Ủy ban nhân dân tỉnh theo quy định",
                ),
                heading="kết quả triển khai thực hiện",
                summary="Results of carrying out the regulation",
                figures=("timeliness", "new_dossiers", "status_updates", "transfers", "exits", "headcount"),
            ),
        ),
        note="'Theo quy định': neither frequency nor date is in this text.",
    ),
    ReportRule(
        report="implementation_report_province",
        sender="home_affairs",
        recipient="provincial_committee",
        frequency=Frequency.PERIODIC,
        due=Unspecified(),
        source=QC.cite(
            18,
            1,
            quote="Tổng hợp, báo cáo kết quả triển khai thực hiện với Bộ Nội vụ và Ủy ban nhân dân tỉnh theo quy định",
        ),
        contents=(
            ReportItem(
                key="implementation",
                source=QC.cite(
                    18,
                    1,
                    quote="Tổng hợp, báo cáo kết quả triển khai thực hiện với Bộ Nội vụ và Ủy ban nhân dân tỉnh theo quy định",
                ),
                heading="kết quả triển khai thực hiện",
                summary="Results of carrying out the regulation",
                figures=("timeliness", "new_dossiers", "status_updates", "transfers", "exits", "headcount"),
            ),
        ),
        note="'Theo quy định': neither frequency nor date is in this text.",
    ),
)

# Điều 12. Lưu trữ dữ liệu điện tử (and Điều 5.2.l, 7.3). The text says where the database is
# backed up, not how often or by whom: nothing can be scheduled.
BACKUP = BackupPolicy(
    backups=(
        BackupRule(
            kind=BackupKind.DATABASE,
            by="data_center",
            frequency=Frequency.PERIODIC,
            source=QC.cite(
                12,
                4,
                quote="Cơ sở dữ liệu cán bộ, công chức, viên chức của tỉnh được lưu trữ và sao lưu tại hệ thống máy chủ đặt tại Trung tâm Công nghệ thông tin và Truyền thông trực thuộc Sở Thông tin và Truyền thông tỉnh Tuyên Quang",
            ),
            note="The text names the place (the servers of the provincial ICT centre under Sở "
            "Thông tin và Truyền thông), not a frequency (not even 'định kỳ') nor who backs up; "
            "backup and restore are system-administration functions (Điều 5.2.l), and Sở Nội vụ "
            "stores the data with Sở Thông tin và Truyền thông (Điều 7.3).",
        ),
    ),
    restore=ProvisionText(
        "Backup and restore of the system are part of system administration.",
        QC.cite(
            5,
            2,
            "l",
            quote="Quản trị hệ thống: Thực hiện quản trị chức năng hệ thống, phân quyền nhóm người dùng và người dùng, sao lưu và phục hồi hệ thống",
        ),
    ),
    exited_dossiers=ProvisionText(
        "Records of retired, resigned or deceased staff stay stored at the agency, for follow-up.",
        QC.cite(
            12,
            3,
            quote="Dữ liệu điện tử của cán bộ, công chức, viên chức đã nghỉ hưu, thôi việc, từ trần vẫn được lưu trữ ở cơ quan, đơn vị để theo dõi",
        ),
    ),
    storage=(
        ProvisionText(
            "Electronic data are kept permanently (lâu dài).",
            QC.cite(12, 1, quote="Dữ liệu điện tử phải được lưu trữ lâu dài"),
        ),
        ProvisionText(
            "Storage follows the safety rules in force for electronic data.",
            QC.cite(
                12,
                2,
                quote="Việc lưu trữ tuân thủ nghiêm ngặt các nguyên tắc bảo đảm an toàn đối với dữ liệu điện tử theo các quy định hiện hành",
            ),
        ),
        ProvisionText(
            "Sở Nội vụ stores the data together with Sở Thông tin và Truyền thông.",
            QC.cite(
                7,
                3,
                quote="phối hợp với Sở Thông tin và Truyền thông lưu trữ dữ liệu cán bộ, công chức, viên chức của các cơ quan, đơn vị thuộc Ủy ban nhân dân tỉnh quản lý",
            ),
        ),
        ProvisionText(
            "The body managing the system checks security regularly and keeps the data "
            "compatible when equipment or technology changes.",
            QC.cite(
                12,
                5,
                quote="Cơ quan quản lý hệ thống, Phần mềm thường xuyên kiểm tra và có biện pháp bảo đảm an ninh, an toàn dữ liệu điện tử",
            ),
        ),
    ),
)
