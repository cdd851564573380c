"""Đồng Nai's rules, article by article, each with its quote.

Quy chế Phê duyệt, quản lý, sử dụng, khai thác Cơ sở dữ liệu cán bộ, công chức, viên chức tỉnh
Đồng Nai, kèm theo Quyết định số .../2024/QĐ-UBND của UBND tỉnh Đồng Nai (DỰ THẢO: number and
date blank in the text).

Numbering is the text's own: Điều 6 has two clauses numbered 4 (the second, after khoản 5, is
the head's duty to organise updates, approve and sync); Điều 14 has no khoản 3; "Chương III"
appears twice. Quotes keep the text's typos ("tạp lập", "vản bản", "điều chuyển hồ của", "đó đó").
"Cơ quan quản lý Cơ sở dữ liệu của tỉnh" is Sở Nội vụ (Điều 3.4), hence ``home_affairs``.
"""

from __future__ import annotations

from cbccvc_core.rules import (
    AccountIssuance,
    AccountPolicy,
    ApprovalPolicy,
    Approver,
    BackupPolicy,
    BackupRule,
    DeadlineRule,
    Delegation,
    Immediately,
    Instrument,
    InstrumentStatus,
    MonthEndWindow,
    On,
    PasswordRule,
    ProvinceProfile,
    ProvisionText,
    ReportItem,
    ReportRule,
    Unspecified,
    WorkingDays,
)

QC = Instrument(
    province="dongnai",
    kind="Quy chế kèm Quyết định",
    number=None,
    issuer="UBND tỉnh Đồng Nai",
    title="Quy chế Phê duyệt, quản lý, sử dụng, khai thác Cơ sở dữ liệu cán bộ, công chức, "
    "viên chức tỉnh Đồng Nai",
    status=InstrumentStatus.DRAFT,
    note="DỰ THẢO; 'Kèm theo Quyết định số /2024/QĐ-UBND ngày tháng năm 2024' (number and date "
    "blank); the text states no date of entry into force",
)

PROFILE = ProvinceProfile(code="dongnai", name="Đồng Nai", instrument=QC)


# ---------------------------------------------------------------------------------------------
# Deadlines (RULES.md §3)
# ---------------------------------------------------------------------------------------------

DEADLINES = (
    # Điều 6. Tạo lập hồ sơ, cập nhật, sửa đổi, bổ sung thông tin
    # 6.3: accounts within 5 working days of the recruitment decision (công chức, viên chức) or
    # of signing the labour contract (người lao động); commune staff: the district committee.
    DeadlineRule(
        event="recruitment_decision",
        obligation="create_account",
        period=WorkingDays(5),
        actor="employing_unit",
        categories={"cong_chuc", "vien_chuc", "contract_worker"},
        source=QC.cite(
            6,
            3,
            quote="Trong thời gian 05 (năm) ngày làm việc, kể từ ngày có quyết định tuyển dụng "
            "đối với công chức, viên chức; ký hợp đồng lao động với người lao động; cơ quan đơn vị "
            "theo phân cấp quản lý có trách nhiệm tạo lập tài khoản cho công chức, viên chức, "
            "người lao động đó",
        ),
        also=(
            QC.cite(
                6,
                2,
                quote="Cơ quan trực tiếp sử dụng cán bộ, công chức, viên chức, người lao động có "
                "trách nhiệm tạp lập tài khoản cá nhân cho cán bộ, công chức, viên chức, người "
                "lao động của cơ quan mình",
            ),
        ),
        note="The text says 'cơ quan đơn vị theo phân cấp quản lý'; Điều 6.2 and 8.3.b make the "
        "employing (receiving) unit the one that creates personal accounts. For contract workers "
        "the anchor is the day the labour contract is signed. Cán bộ (elected or appointed, not "
        "recruited) are not named. Staff of a commune People's Committee: see the next rule.",
    ),
    DeadlineRule(
        event="recruitment_decision",
        obligation="create_account",
        period=WorkingDays(5),
        actor="district_committee",
        categories={"commune_official"},
        source=QC.cite(
            6,
            3,
            quote="Ủy ban nhân dân cấp huyện có trách nhiệm tạo lập tài khoản mới cho công chức, "
            "người lao động của Ủy ban nhân dân cấp xã",
        ),
        note="The second sentence of Điều 6.3 names the district committee for the commune's "
        "công chức and contract workers; the 5 working days are the clause's opening words. The "
        "text names công chức and người lao động of the commune, not commune cán bộ; commune "
        "contract workers belong here too although the category filter cannot say so.",
    ),
    # 6.4 (and 8.3.c for transferred staff): the person enters their dossier within 5 working
    # days of being given the account.
    DeadlineRule(
        event="account_issued",
        obligation="enter_personal_info",
        period=WorkingDays(5),
        actor="person",
        source=QC.cite(
            6,
            4,
            quote="Trong thời hạn 05 (năm) ngày làm việc, kể từ ngày được cấp tài khoản, cán bộ, "
            "công chức, viên chức, người lao động có trách nhiệm cập nhật mới thông tin về hồ sơ "
            "của mình",
        ),
        also=(
            QC.cite(
                8,
                3,
                "c",
                quote="Trong thời hạn 05 (năm) ngày làm việc kể từ ngày được cấp tài khoản; cá "
                "nhân cán bộ, công chức, viên chức, người lao động được tiếp nhận thực hiện kiểm "
                "tra, cập nhật thông tin",
            ),
        ),
        note="With a scanned copy of the documents certified by the competent authority.",
    ),
    # 6.5: changes are entered by the person within 5 working days.
    DeadlineRule(
        event="personal_info_changed",
        obligation="update_dossier",
        period=WorkingDays(5),
        actor="person",
        source=QC.cite(
            6,
            5,
            quote="cá nhân có trách nhiệm kịp thời cập nhật thông tin vào Cơ sở dữ liệu của tỉnh "
            "(tối đa không quá 05 ngày làm việc kể từ ngày có thông tin thay đổi)",
        ),
        also=(
            QC.cite(
                12,
                2,
                quote="Cập nhật dữ liệu, thông báo kịp thời cho cơ quan quản lý cơ sở dữ liệu khi "
                "có sự thay đổi hoặc có sai sót đối với dữ liệu mình cung cấp",
            ),
        ),
        note="With a scanned copy of the documents certified by the competent authority.",
    ),
    # Điều 7. Phê duyệt dữ liệu (repeated for transferred staff by 8.3.d)
    DeadlineRule(
        event="dossier_updated",
        obligation="approve_dossier",
        period=MonthEndWindow(5),
        actor="unit_head",
        source=QC.cite(
            7,
            1,
            quote="Trong vòng 05 (năm) ngày cuối từng tháng, người đứng đầu cơ quan, đơn vị trực "
            "tiếp sử dụng cán bộ, công chức, viên chức, người lao động, người lao động hoặc người "
            "được ủy quyền (bằng văn bản) có trách nhiệm kiểm tra và phê duyệt bằng chữ ký số",
        ),
        also=(
            QC.cite(
                8,
                3,
                "d",
                quote="có trách nhiệm kiểm tra và phê duyệt bằng chữ ký số thông tin cán bộ, công "
                "chức, viên chức, người lao động, người lao động của cơ quan, đơn vị mình theo quy "
                "định tại khoản 1 Điều 7 Quy chế này",
            ),
            QC.cite(14, 5, quote="Thực hiện nhiệm vụ quy định tại Điều 7 Quy chế này"),
        ),
        note="Digital signature by the head of the employing unit or a person authorised in "
        "writing; the head's own dossier is signed by a deputy head (7.1). Incomplete or wrong "
        "data is not confirmed and the person is asked to correct it (7.2).",
    ),
    # Điều 8. Chuyển giao, tiếp nhận dữ liệu
    # 8.1: move within the unit's own management authority, immediately.
    DeadlineRule(
        event="internal_move_effective",
        obligation="move_dossier",
        period=Immediately(),
        actor="employing_unit",
        source=QC.cite(
            8,
            1,
            quote="thì cơ quan, đơn vị đó có trách nhiệm điều chuyển hồ sơ trên phần mềm đến cơ "
            "quan, đơn vị, bộ phận mới (ngay sau khi văn bản có hiệu lực)",
        ),
        note="A move (điều động, bổ nhiệm, luân chuyển, chuyển đổi vị trí) to a unit or section "
        "within the same agency's management authority; that agency moves the dossier.",
    ),
    # 8.5 names the move of 8.1 among the cases whose dossier status must be adjusted.
    DeadlineRule(
        event="internal_move_effective",
        obligation="update_status",
        period=Unspecified(),
        actor="employing_unit",
        source=QC.cite(
            8,
            5,
            quote="Trường hợp cán bộ, công chức, viên chức, người lao động thay đổi công tác "
            "chuyển đến cơ quan, đơn vị theo quy định tại khoản 1 Điều này",
        ),
        note="Điều 8.5 lists the move of khoản 1 with exits: the employing unit adjusts the "
        "dossier's status; no time is given.",
    ),
    # 8.3: from a ministry or another province.
    DeadlineRule(
        event="dossier_handed_over",
        obligation="request_national_sync",
        period=WorkingDays(10),
        actor="receiving_unit",
        source=QC.cite(
            8,
            3,
            "a",
            quote="Trong thời hạn 10 (mười) ngày làm việc kể từ ngày chuyển giao hồ sơ, cơ quan, "
            "đơn vị tiếp nhận cán bộ, công chức, viên chức, người lao động có trách nhiệm đề nghị "
            "Sở Nội vụ (bằng vản bản) điều chuyển hồ của cán bộ, công chức, viên chức, người lao "
            "động đó đó từ Cơ sở dữ liệu quốc gia về Cơ sở dữ liệu của tỉnh",
        ),
        note="A written request to Sở Nội vụ to move the dossier FROM the national database INTO "
        "the provincial one (the direction is national → province).",
    ),
    DeadlineRule(
        event="dossier_handed_over",
        obligation="issue_personal_account",
        period=Unspecified(),
        actor="receiving_unit",
        source=QC.cite(
            8,
            3,
            "b",
            quote="Đơn vị tiếp nhận và sử dụng thực hiện các bước tạo tài khoản truy cập Cơ sở dữ "
            "liệu của tỉnh cho cán bộ, công chức, viên chức, người lao động theo quy định tại "
            "khoản 3 Điều 6 Quy chế này",
        ),
        note="8.3.b applies the steps of Điều 6.3, whose 5 working days run from a recruitment "
        "decision or labour contract; the text names no anchor for a transferred person, so no "
        "date is computed.",
    ),
    # 8.4: from an in-province unit outside the unit's authority, the Party bloc or mass
    # organisations, or a system that cannot sync.
    DeadlineRule(
        event="unsyncable_transfer_in",
        obligation="request_national_sync",
        period=WorkingDays(10),
        actor="receiving_unit",
        source=QC.cite(
            8,
            4,
            quote="trong thời hạn 10 (mười) ngày làm việc kể từ ngày chuyển giao hồ sơ, cơ quan, "
            "đơn vị tiếp nhận cán bộ, công chức, viên chức, người lao động có trách nhiệm đề nghị "
            "Sở Nội vụ (bằng vản bản) điều chuyển hồ của cán bộ, công chức, viên chức, người lao "
            "động đó",
        ),
        note="Counted from the dossier's handover. 8.4 also covers moves between units of the "
        "province outside the unit's management authority (either way), not only the Party "
        "bloc, mass organisations and systems that cannot sync. The request is for Sở Nội vụ to "
        "move the dossier; unlike 8.3.a, no database direction is named.",
    ),
    DeadlineRule(
        event="unsyncable_transfer_in",
        obligation="issue_personal_account",
        period=Unspecified(),
        actor="receiving_unit",
        source=QC.cite(
            8,
            4,
            quote="và thực hiện các quy định tại điểm b, c, d khoản 3 Điều này",
        ),
        also=(
            QC.cite(
                8,
                3,
                "b",
                quote="Đơn vị tiếp nhận và sử dụng thực hiện các bước tạo tài khoản truy cập Cơ sở "
                "dữ liệu của tỉnh",
            ),
        ),
        note="Via 8.3.b, which applies Điều 6.3's steps with no anchor for a transferred person: "
        "no date is computed.",
    ),
    # 8.2: between communes of one district: the district committee.
    DeadlineRule(
        event="commune_transfer_effective",
        obligation="send_dossier",
        period=Unspecified(),
        actor="district_committee",
        source=QC.cite(
            8,
            2,
            quote="sẽ do Ủy ban nhân dân cấp huyện thực hiện chuyển giao hồ sơ và tạo lập tài "
            "khoản truy cập mới",
        ),
    ),
    DeadlineRule(
        event="commune_transfer_effective",
        obligation="issue_personal_account",
        period=Unspecified(),
        actor="district_committee",
        source=QC.cite(
            8,
            2,
            quote="sẽ do Ủy ban nhân dân cấp huyện thực hiện chuyển giao hồ sơ và tạo lập tài "
            "khoản truy cập mới",
        ),
        note="'tạo lập tài khoản truy cập mới' for a person who moves in: issue_personal_account, the "
        "name RULES.md §3 uses for this row and for Quảng Nam's receiving units (9.1.a, 9.3).",
    ),
    # 8.5: leaving the State's units, retirement, resignation, death.
    DeadlineRule(
        event="exit_effective",
        obligation="update_status",
        period=Unspecified(),
        actor="employing_unit",
        source=QC.cite(
            8,
            5,
            quote="chuyển công tác ra khỏi cơ quan, đơn vị của Nhà nước; nghỉ hưu; thôi việc; qua "
            "đời thì cơ quan, đơn vị trực tiếp sử dụng cán bộ, công chức, viên chức, người lao "
            "động thực hiện điều chỉnh tình trạng hồ sơ tương ứng trên Cơ sở dữ liệu của tỉnh",
        ),
        note="The data stays, kept in a separate folder of the provincial database.",
    ),
)


# ---------------------------------------------------------------------------------------------
# Approval and delegation (RULES.md §4): Điều 3.10, 7, 11.3
# ---------------------------------------------------------------------------------------------

APPROVAL = ApprovalPolicy(
    act="digital_signature",
    act_source=QC.cite(
        7,
        1,
        quote="có trách nhiệm kiểm tra và phê duyệt bằng chữ ký số thông tin cán bộ, công chức, "
        "viên chức, người lao động",
    ),
    approvers=(
        Approver(
            scope="all",
            role="unit_head",
            scope_note="người đứng đầu cơ quan, đơn vị trực tiếp sử dụng cán bộ, công chức, viên "
            "chức, người lao động",
            source=QC.cite(
                7,
                1,
                quote="người đứng đầu cơ quan, đơn vị trực tiếp sử dụng cán bộ, công chức, viên "
                "chức, người lao động, người lao động hoặc người được ủy quyền (bằng văn bản)",
            ),
        ),
    ),
    delegations=(
        Delegation(
            delegator="unit_head",
            delegate="authorised_person",
            in_writing=True,
            source=QC.cite(
                7,
                1,
                quote="hoặc người được ủy quyền (bằng văn bản) có trách nhiệm kiểm tra và phê "
                "duyệt bằng chữ ký số",
            ),
        ),
    ),
    own_dossier=ProvisionText(
        summary="The head's own dossier is approved by digital signature by a deputy head.",
        source=QC.cite(
            7,
            1,
            quote="Cấp phó của người đứng đầu phê duyệt bằng chữ ký số cho hồ sơ, dữ liệu của "
            "người đứng đầu cơ quan, đơn vị mình",
        ),
    ),
    own_dossier_signer="deputy_head",
    rejection=ProvisionText(
        summary="Complete and correct data is confirmed and signed; incomplete or wrong data is "
        "not confirmed and the person is asked to supplement or correct it.",
        source=QC.cite(
            7,
            2,
            quote="Trường hợp thông tin chưa đủ hoặc không đúng với thông tin trong hồ sơ được "
            "quản lý tại cơ quan, đơn vị thì không thực hiện xác nhận",
        ),
    ),
    national_sync=ProvisionText(
        summary="Employing units sign the dossiers in their remit when syncing with the national "
        "database through the national data integration and sharing platform (see also Điều "
        "19.1: once in force, heads review, sign and sync every dossier in their remit).",
        source=QC.cite(
            11,
            3,
            quote="thực hiện ký số phê duyệt hồ sơ cán bộ, công chức, viên chức, người lao động "
            "thuộc thẩm quyền theo quy định về phân cấp quản lý khi đồng bộ dữ liệu cơ quan, đơn "
            "vị với Cơ sở dữ liệu quốc gia",
        ),
    ),
    verification_period=MonthEndWindow(5),
)


# ---------------------------------------------------------------------------------------------
# Accounts and access (RULES.md §5): Điều 3.6-3.8, 4, 6.2-6.3, 9, 12-14, 16
# ---------------------------------------------------------------------------------------------

ACCOUNTS = AccountPolicy(
    issuance=(
        AccountIssuance(
            kind="agency",
            issued_by="home_affairs",
            source=QC.cite(
                6,
                2,
                quote="Cơ quan quản lý Cơ sở dữ liệu của tỉnh có trách nhiệm tạo lập tài khoản cơ "
                "quan và phân quyền quản lý tài khoản người dùng (khi có yêu cầu bằng văn bản)",
            ),
        ),
        AccountIssuance(
            kind="personal",
            issued_by="employing_unit",
            source=QC.cite(
                6,
                2,
                quote="Cơ quan trực tiếp sử dụng cán bộ, công chức, viên chức, người lao động có "
                "trách nhiệm tạp lập tài khoản cá nhân cho cán bộ, công chức, viên chức, người lao "
                "động của cơ quan mình",
            ),
        ),
        AccountIssuance(
            kind="personal",
            issued_by="district_committee",
            source=QC.cite(
                6,
                3,
                quote="Ủy ban nhân dân cấp huyện có trách nhiệm tạo lập tài khoản mới cho công "
                "chức, người lao động của Ủy ban nhân dân cấp xã",
            ),
        ),
    ),
    identifier="username",
    identifier_source=QC.cite(
        3,
        7,
        quote="là tên người dùng và mật khẩu để cán bộ, công chức, viên chức, người lao động đăng "
        "nhập vào Phần mềm Quản lý CBCCVC",
    ),
    passwords=(
        PasswordRule(
            applies_to="personal",
            source=QC.cite(
                12,
                3,
                quote="Tự quản lý tài khoản cá nhân, thường xuyên thay đổi mật khẩu tài khoản để "
                "bảo đảm an toàn, an ninh thông tin",
            ),
        ),
    ),
    lost_password=ProvisionText(
        summary="A lost password or a suspected stolen account is reported to the head of the "
        "unit, who reports to Sở Nội vụ, which issues a new password.",
        source=QC.cite(
            12,
            3,
            quote="Trường hợp mất mật khẩu hoặc tài khoản có dấu hiệu bị đánh cắp mật khẩu phải "
            "báo cáo người đứng đầu cơ quan, đơn vị trực tiếp quản lý để báo cáo về Sở Nội vụ cấp "
            "lại mật khẩu mới",
        ),
    ),
    lost_password_via=("unit_head", "home_affairs"),
    # Điều 12.2: one account for every person. No rule for a change of an agency account's holder.
    model="per_person",
    model_source=QC.cite(
        12,
        2,
        quote="Mỗi cán bộ, công chức, viên chức, người lao động được cung cấp 01 tài khoản "
        "để truy cập vào Cơ sở dữ liệu của tỉnh",
    ),
    revocation=(
        ProvisionText(
            summary="Account management: creating agency and personal accounts; granting, "
            "restricting, extending or revoking access; renaming; reissuing passwords.",
            source=QC.cite(
                3,
                8,
                quote="Quản lý tài khoản là việc tạo lập tài khoản cơ quan, tài khoản cá nhân; cấp, "
                "hạn chế, mở rộng hoặc hủy quyền truy cập của tài khoản vào Phần mềm Quản lý CBCCVC",
            ),
        ),
        ProvisionText(
            summary="Employing units manage the accounts delegated to them and grant, restrict, "
            "extend or revoke access as the management hierarchy allows.",
            source=QC.cite(
                14,
                1,
                quote="Quản lý tài khoản được phân cấp; cấp, hạn chế, mở rộng hoặc hủy quyền truy "
                "cập vào cơ sở dữ liệu theo phân cấp quản lý",
            ),
        ),
        ProvisionText(
            summary="Sở Nội vụ manages user accounts or delegates their management, and grants, "
            "restricts, extends or revokes access on a unit's written request.",
            source=QC.cite(
                16,
                2,
                quote="cấp, hạn chế, mở rộng hoặc hủy quyền truy cập vào Cơ sở dữ liệu của tỉnh "
                "trên cơ sở đề nghị bằng văn bản của cơ quan, đơn vị",
            ),
        ),
    ),
    access=(
        ProvisionText(
            summary="Each person is given exactly one account to access the provincial database.",
            source=QC.cite(
                12,
                2,
                quote="Mỗi cán bộ, công chức, viên chức, người lao động được cung cấp 01 tài khoản "
                "để truy cập vào Cơ sở dữ liệu của tỉnh",
            ),
        ),
        ProvisionText(
            summary="The agency account is given to the head of the agency to use the data for "
            "direction and management.",
            source=QC.cite(
                3,
                6,
                quote="được giao cho người đứng đầu các cơ quan, đơn vị, địa phương để khai thác dữ "
                "liệu phục vụ công tác chỉ đạo, điều hành của đơn vị",
            ),
        ),
        ProvisionText(
            summary="Competent persons may access and use the data as the law allows, except "
            "their own personal information or where the law provides otherwise.",
            source=QC.cite(
                4,
                4,
                quote="Người có thẩm quyền được truy cập, nghiên cứu, sử dụng và khai thác dữ liệu "
                "trên Cơ sở dữ liệu của tỉnh theo quy định của pháp luật, trừ thông tin của cá nhân "
                "người đó hoặc pháp luật có quy định khác",
            ),
        ),
        ProvisionText(
            summary="Data is managed by access-restriction level; some fields are encrypted.",
            source=QC.cite(
                4,
                3,
                quote="được quản lý theo độ hạn chế tiếp cận, mã hóa một số trường thông tin để bảo "
                "đảm bảo mật, an toàn thông tin trong công tác cán bộ",
            ),
        ),
        ProvisionText(
            summary="Sở Nội vụ leads the data encryption process.",
            source=QC.cite(
                16,
                4,
                quote="chủ trì, phối hợp với các cơ quan, đơn vị có liên quan thực hiện quy trình "
                "mã hóa dữ liệu để đảm bảo an toàn thông tin cho hệ thống",
            ),
        ),
        ProvisionText(
            summary="Sở Nội vụ uses the whole provincial database (and the national one, with the "
            "Ministry's account).",
            source=QC.cite(
                9,
                2,
                quote="Sở Nội vụ sử dụng dữ liệu từ Cơ sở dữ liệu của tỉnh để tổng hợp, phân tích "
                "đội ngũ cán bộ, công chức, viên chức, người lao động",
            ),
        ),
        ProvisionText(
            summary="A unit sees the aggregate data and the dossiers of its own staff.",
            source=QC.cite(
                9,
                3,
                quote="Các cơ quan, đơn vị, địa phương được khai thác, sử dụng dữ liệu tổng hợp, "
                "phân tích chung, dữ liệu về cán bộ, công chức, viên chức, người lao động, người "
                "lao động của cơ quan, đơn vị mình",
            ),
        ),
        ProvisionText(
            summary="A person sees their own data.",
            source=QC.cite(
                9,
                4,
                quote="Cán bộ, công chức, viên chức, người lao động, người lao động được truy cập, "
                "khai thác dữ liệu của mình trên Cơ sở dữ liệu của tỉnh",
            ),
        ),
        ProvisionText(
            summary="An electronic export signed by the competent person and by the agency has "
            "the legal value of the paper original.",
            source=QC.cite(
                9,
                5,
                quote="được ký số bởi người có thẩm quyền và ký số của cơ quan nhà nước theo quy "
                "định của pháp luật thì văn bản điện tử đó có giá trị pháp lý như bản gốc văn bản "
                "giấy",
            ),
        ),
        ProvisionText(
            summary="Account credentials are not disclosed without the competent authority's "
            "written consent.",
            source=QC.cite(
                13,
                7,
                quote="Không tiết lộ, cung cấp thông tin tài khoản cơ quan, đơn vị và tài khoản "
                "người dùng nếu không được sự đồng ý bằng văn bản của cơ quan có thẩm quyền",
            ),
        ),
        ProvisionText(
            summary="Forbidden acts: those of Điều 8 of Decree 47/2020/NĐ-CP and other laws.",
            source=QC.cite(
                5,
                quote="Thực hiện theo quy định tại Điều 8 Nghị định số 47/2020/NĐ-CP ngày 09 tháng "
                "4 năm 2020",
            ),
        ),
    ),
)


# ---------------------------------------------------------------------------------------------
# Reports (RULES.md §7): Điều 15.6, 16.7
# ---------------------------------------------------------------------------------------------

REPORTS = (
    ReportRule(
        report="unit_yearly_report",
        sender="employing_unit",
        recipient="home_affairs",
        frequency="yearly",
        due=On(12, 31),
        source=QC.cite(
            15,
            6,
            quote="Định kỳ ngày 31 tháng 12 hàng năm, các cơ quan, đơn vị địa phương báo cáo tình "
            "hình quản lý cơ sở dữ liệu cán bộ, công chức, viên chức, người lao động trong năm về "
            "Sở Nội vụ",
        ),
        contents=(
            ReportItem(
                key="database_management",
                source=QC.cite(
                    15,
                    6,
                    quote="Định kỳ ngày 31 tháng 12 hàng năm, các cơ quan, đơn vị địa phương báo cáo tình "
                    "hình quản lý cơ sở dữ liệu cán bộ, công chức, viên chức, người lao động trong năm về "
                    "Sở Nội vụ",
                ),
                heading="tình hình quản lý cơ sở dữ liệu cán bộ, công chức, viên chức, người lao động trong năm",
                summary="How the unit managed the CBCCVC and workers' database during the year",
                figures=("timeliness", "new_dossiers", "status_updates", "transfers", "exits", "headcount"),
            ),
        ),
        note="From the bodies Điều 15 addresses (sở, ban, ngành, district and commune "
        "committees, public service units); employing_unit is the nearest actor. On the "
        "year's own 31 December; Sở Nội vụ aggregates it for the Ministry.",
    ),
    ReportRule(
        report="home_affairs_yearly_report",
        sender="home_affairs",
        recipient="ministry_of_home_affairs",
        frequency="yearly",
        due=On(1, 31),
        year_offset=1,
        source=QC.cite(
            16,
            7,
            quote="Định kỳ hàng năm, chậm nhất là ngày 31 tháng 01 năm sau báo cáo tình hình quản "
            "lý cơ sở dữ liệu cán bộ, công chức, viên chức và người lao động của năm trước liền kề "
            "về Bộ Nội vụ",
        ),
        contents=(
            ReportItem(
                key="database_management",
                source=QC.cite(
                    16,
                    7,
                    quote="Định kỳ hàng năm, chậm nhất là ngày 31 tháng 01 năm sau báo cáo tình hình quản "
                    "lý cơ sở dữ liệu cán bộ, công chức, viên chức và người lao động của năm trước liền kề "
                    "về Bộ Nội vụ",
                ),
                heading="tình hình quản lý cơ sở dữ liệu cán bộ, công chức, viên chức và người lao động của năm trước liền kề",
                summary="How the CBCCVC and workers' database was managed in the year before",
                figures=("timeliness", "new_dossiers", "status_updates", "transfers", "exits", "headcount"),
            ),
        ),
    ),
)


# ---------------------------------------------------------------------------------------------
# Storage, backup and retention (RULES.md §6): Điều 8.5, 10, 13.2, 16.6, 17.3
# ---------------------------------------------------------------------------------------------

BACKUP = BackupPolicy(
    backups=(
        BackupRule(
            kind="database",
            by="home_affairs",
            frequency="periodic",
            source=QC.cite(
                10,
                1,
                quote="được lưu trữ trong Cơ sở dữ liệu của tỉnh và được sao lưu định kỳ theo quy "
                "định để dự phòng rủi ro",
            ),
            note="'Định kỳ theo quy định': no interval, so nothing is scheduled. Điều 10.1 names "
            "no one who backs up; Sở Nội vụ is the database's managing agency (3.4) and leads "
            "the periodic check of storage and backups (16.6).",
        ),
    ),
    exited_dossiers=ProvisionText(
        summary="Dossiers of people who leave stay in the provincial database, in a separate folder.",
        source=QC.cite(
            8,
            5,
            quote="dữ liệu vẫn phải được lưu trữ tại thư mục riêng trong Cơ sở dữ liệu của tỉnh",
        ),
    ),
    storage=(
        ProvisionText(
            summary="Storage and backup follow the Party's and the State's rules on archives, "
            "state secrets, cryptography, personal data and information security.",
            source=QC.cite(
                10,
                2,
                quote="Việc lưu trữ, sao lưu phải tuân thủ các quy định của Đảng, pháp luật về lưu "
                "trữ, bảo vệ bí mật nhà nước",
            ),
        ),
        ProvisionText(
            summary="The officials in charge of a unit's database preserve and store it.",
            source=QC.cite(
                13,
                2,
                quote="Thông qua nghiệp vụ kỹ thuật, tổ chức việc bảo quản, lưu trữ cơ sở dữ liệu "
                "của cơ quan, đơn vị",
            ),
        ),
        ProvisionText(
            summary="Sở Nội vụ, with the software provider and the ICT department, periodically "
            "checks the software's storage and backups.",
            source=QC.cite(
                16,
                6,
                quote="định kỳ kiểm tra lưu trữ, sao lưu dữ liệu của Phần mềm",
            ),
        ),
        ProvisionText(
            summary="The ICT department works with Sở Nội vụ on the periodic check of storage and backups.",
            source=QC.cite(
                17,
                3,
                quote="Phối hợp với Sở Nội vụ định kỳ kiểm tra việc lưu trữ, sao lưu Cơ sở dữ liệu "
                "trên Phần mềm QLCBCCVC",
            ),
        ),
    ),
)
