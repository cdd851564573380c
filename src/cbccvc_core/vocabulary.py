"""The public vocabulary of RULES.md §2: actors, events and obligations.

These names are part of the public interface (CLI, JSON, Python API, plugins). Each comes
with a Vietnamese and an English label for people. A plugin that names anything outside
these sets is refused when it loads.

Beyond RULES.md §2 the core adds two report recipients (``provincial_committee``,
``ministry_of_home_affairs``), needed by RULES.md §7 ("units → Sở Nội vụ / UBND", "Sở Nội vụ
→ up"), plus the roles and unit scopes that approval and delegation rules refer to.
"""

from __future__ import annotations

from collections.abc import Mapping

from .errors import VocabularyError
from .i18n import N_

# name -> (Vietnamese, English)
ACTORS: Mapping[str, tuple[str, str]] = {
    "person": ("CBCCVC, người lao động", "the civil servant or contract worker"),
    "employing_unit": ("cơ quan, đơn vị trực tiếp sử dụng", "employing unit"),
    "managing_agency": ("cơ quan có thẩm quyền quản lý hồ sơ", "managing agency"),
    "sending_unit": ("cơ quan, đơn vị chuyển đi", "sending unit"),
    "receiving_unit": ("cơ quan, đơn vị tiếp nhận", "receiving unit"),
    "unit_head": ("người đứng đầu (hoặc người được ủy quyền)", "unit head (or delegate)"),
    "home_affairs": ("Sở Nội vụ", "Department of Home Affairs"),
    "district_committee": ("UBND cấp huyện", "district People's Committee"),
    "ict_department": ("Sở Thông tin và Truyền thông", "Department of Information and Communications"),
    "data_center": ("Trung tâm dữ liệu", "data centre"),
    # Report recipients (extension, see module docstring).
    "provincial_committee": ("UBND tỉnh", "provincial People's Committee"),
    "ministry_of_home_affairs": ("Bộ Nội vụ", "Ministry of Home Affairs"),
}

EVENTS: Mapping[str, tuple[str, str]] = {
    "recruitment_decision": ("quyết định tuyển dụng, tiếp nhận", "recruitment decision"),
    "reported_for_duty": ("nhận công tác", "reported for duty"),
    "account_issued": ("được cấp tài khoản", "account issued"),
    "info_form_submitted": ("nộp phiếu thông tin", "information form submitted"),
    "basic_info_entered": ("đã nhập thông tin cơ bản", "basic information entered"),
    "personal_info_changed": ("thông tin cá nhân thay đổi", "personal information changed"),
    "supplement_entered": ("đã cập nhật thông tin bổ sung", "supplement entered"),
    "state_decision_effective": (
        "quyết định của cơ quan có thẩm quyền có hiệu lực",
        "state decision takes effect",
    ),
    "valid_paper_record": ("có hồ sơ giấy hợp lệ", "valid paper record received"),
    "dossier_updated": ("hồ sơ được cập nhật", "dossier updated"),
    "internal_move_effective": ("điều chuyển nội bộ có hiệu lực", "internal move takes effect"),
    "transfer_effective": (
        "quyết định điều động, luân chuyển, chuyển công tác có hiệu lực",
        "transfer takes effect",
    ),
    "transfer_received": ("đã tiếp nhận người chuyển đến", "transfer received"),
    "dossier_handed_over": (
        "hồ sơ được bàn giao từ tỉnh khác hoặc bộ, ngành",
        "dossier handed over from another province or a ministry",
    ),
    "unsyncable_transfer_in": (
        "tiếp nhận từ khối Đảng, đoàn thể hoặc hệ thống không đồng bộ được",
        "transfer in from a system that cannot sync",
    ),
    "commune_transfer_effective": (
        "chuyển công tác giữa các xã có hiệu lực",
        "commune-to-commune transfer takes effect",
    ),
    "exit_effective": (
        "nghỉ hưu, thôi việc, chuyển ra ngoài, từ trần có hiệu lực",
        "exit takes effect (retirement, resignation, leaving, death)",
    ),
}

OBLIGATIONS: Mapping[str, tuple[str, str]] = {
    "create_account": ("tạo tài khoản", "create the account"),
    "request_personal_account": ("đề nghị cấp tài khoản cá nhân", "request a personal account"),
    "enter_dossier": ("nhập hồ sơ vào phần mềm", "enter the dossier"),
    "enter_personal_info": ("nhập thông tin cá nhân", "enter personal information"),
    "guide_info_form": ("hướng dẫn kê khai phiếu thông tin", "guide the information form"),
    "enter_basic_info": ("nhập thông tin cơ bản", "enter basic information"),
    "complete_personal_info": ("hoàn thiện thông tin cá nhân", "complete personal information"),
    "update_dossier": ("cập nhật hồ sơ", "update the dossier"),
    "declare_personal_changes": (
        "kê khai thay đổi (phiếu bổ sung lý lịch)",
        "declare personal changes",
    ),
    "verify_supplement": ("xác thực thông tin bổ sung", "verify the supplement"),
    "approve_dossier": ("phê duyệt hồ sơ", "approve the dossier"),
    "move_dossier": ("điều chuyển hồ sơ trên phần mềm", "move the dossier"),
    "send_dossier": ("chuyển hồ sơ", "send the dossier"),
    "forward_dossier": ("chuyển hồ sơ đến đơn vị sử dụng", "forward the dossier"),
    "complete_transfer": ("hoàn thành điều chuyển, tiếp nhận", "complete the transfer"),
    "request_national_sync": (
        "đề nghị đồng bộ lên CSDL quốc gia",
        "request sync to the national database",
    ),
    "issue_personal_account": ("cấp tài khoản cá nhân", "issue a personal account"),
    "create_new_dossier": ("lập hồ sơ mới", "create a new dossier"),
    "update_status": ("cập nhật tình trạng hồ sơ", "update the dossier's status"),
    "report_exit_list": ("báo cáo danh sách nghỉ, chuyển", "report the list of exits"),
}

# Roles that approve, sign or receive a delegation (RULES.md §4).
ROLES: Mapping[str, tuple[str, str]] = {
    "unit_head": ("người đứng đầu cơ quan, đơn vị", "head of the unit"),
    "deputy_head": ("cấp phó của người đứng đầu", "deputy head"),
    "district_chairman": ("Chủ tịch UBND cấp huyện", "chairman of the district committee"),
    "district_vice_chairman": ("Phó Chủ tịch UBND cấp huyện", "vice chairman of the district committee"),
    "subordinate_unit_head": ("người đứng đầu đơn vị trực thuộc", "head of a subordinate unit"),
    "authorised_person": ("cá nhân được ủy quyền", "authorised person"),
    "personnel_office_head": ("người đứng đầu bộ phận tổ chức cán bộ", "head of the personnel office"),
    "district_home_affairs_leader": (
        "lãnh đạo Phòng Nội vụ cấp huyện",
        "leader of the district home affairs office",
    ),
    "education_office_head": ("Trưởng phòng Giáo dục và Đào tạo", "head of the district education office"),
    "home_affairs_director": ("Giám đốc Sở Nội vụ", "Director of Home Affairs"),
    "account_holding_unit": ("cơ quan, đơn vị được cấp tài khoản", "unit holding the account"),
}

# Which units an approval or delegation rule covers.
UNIT_SCOPES: Mapping[str, tuple[str, str]] = {
    "all": ("mọi cơ quan, đơn vị", "every unit"),
    "provincial": ("cơ quan, đơn vị cấp tỉnh", "provincial agencies and units"),
    "district_and_below": ("cấp huyện, cấp xã", "district and commune level"),
    "provincial_association": ("các Hội cấp tỉnh", "provincial associations"),
    "district": ("cấp huyện", "district level"),
    "education": ("đơn vị sự nghiệp giáo dục", "education units"),
}

PERSON_CATEGORIES: Mapping[str, tuple[str, str]] = {
    "can_bo": ("cán bộ", "cadre"),
    "cong_chuc": ("công chức", "civil servant"),
    "vien_chuc": ("viên chức", "public employee"),
    "commune_official": ("cán bộ, công chức cấp xã", "commune cadre or civil servant"),
    "contract_worker": ("người lao động", "contract worker"),
}

_KINDS: Mapping[str, tuple[str, Mapping[str, tuple[str, str]]]] = {
    "actor": (N_("Actor"), ACTORS),
    "event": (N_("Event"), EVENTS),
    "obligation": (N_("Obligation"), OBLIGATIONS),
    "role": (N_("Role"), ROLES),
    "unit_scope": (N_("Unit scope"), UNIT_SCOPES),
    "category": (N_("Person category"), PERSON_CATEGORIES),
}


def check(kind: str, name: str) -> str:
    """Return ``name`` if it is in the vocabulary ``kind``, else raise :class:`VocabularyError`."""
    title, names = _KINDS[kind]
    if name not in names:
        raise VocabularyError(what=title, name=name, known=", ".join(names))
    return name


def label(kind: str, name: str, lang: str) -> str:
    """The label of a vocabulary name for people, in ``lang`` ("vi" or "en")."""
    vi, en = _KINDS[kind][1][name]
    return vi if lang == "vi" else en
