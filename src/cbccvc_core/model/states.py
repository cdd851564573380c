"""State machines as explicit transition tables.

Each machine is a table ``(state, action) → new state``. :meth:`Machine.next` returns the new
state or raises :class:`IllegalTransitionError` *before* anything is written, so the service
layer checks every move first and writes only legal ones.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from ..errors import CbccvcError
from ..i18n import N_


class IllegalTransitionError(CbccvcError):
    template = N_("{machine}: cannot {action} from state {state!r}. Allowed from there: {allowed}.")


@attrs.frozen
class Machine:
    name: str
    initial: str
    table: Mapping[tuple[str, str], str]
    final: frozenset[str] = frozenset()

    @property
    def states(self) -> frozenset[str]:
        return frozenset({s for s, _a in self.table} | set(self.table.values()) | {self.initial})

    def allowed(self, state: str) -> list[str]:
        return sorted(a for s, a in self.table if s == state)

    def next(self, state: str, action: str) -> str:
        try:
            return self.table[(state, action)]
        except KeyError:
            raise IllegalTransitionError(
                machine=self.name, action=action, state=state, allowed=", ".join(self.allowed(state)) or "—"
            ) from None


#: Review of a dossier's revisions: đang nhập → đã gửi → đã phê duyệt, or trả lại để sửa → gửi lại.
REVIEW = Machine(
    N_("dossier review"),
    initial="entering",
    table={
        ("entering", "edit"): "entering",
        ("entering", "submit"): "submitted",
        ("submitted", "approve"): "approved",
        ("submitted", "return"): "returned",
        ("returned", "edit"): "returned",
        ("returned", "submit"): "submitted",
        ("approved", "edit"): "entering",
    },
)

#: Employment: đang công tác → đang điều chuyển → (back to active) or đã nghỉ → lưu trữ.
#: Exited dossiers are archived, never deleted; there is no transition out of ``archived``.
EMPLOYMENT = Machine(
    N_("employment"),
    initial="active",
    table={
        ("active", "start_transfer"): "transferring",
        ("transferring", "complete_transfer"): "active",
        ("transferring", "cancel_transfer"): "active",
        ("active", "exit"): "exited",
        ("exited", "archive"): "archived",
    },
    final=frozenset({"archived"}),
)

EXIT_REASONS = (
    "retirement",  # nghỉ hưu
    "resignation",  # thôi việc
    "dismissal",  # buộc thôi việc
    "death",  # từ trần
    "left_province",  # chuyển ra ngoài tỉnh
    "party_bloc",  # chuyển sang khối Đảng, đoàn thể
)

_CANCEL = {(s, "cancel"): "cancelled" for s in ("started", "sent", "received")}

#: Transfers, one table per kind (RULES.md §3 and the texts' Điều on chuyển giao, tiếp nhận).
TRANSFERS: Mapping[str, Machine] = {
    # Within one unit, to a new section: the unit moves the dossier itself.
    "internal_move": Machine(
        N_("internal move"),
        "started",
        {("started", "move"): "completed", **_CANCEL},
        frozenset({"completed"}),
    ),
    # To another unit of the province: the managing agency sends, the receiving unit receives
    # and forwards to the unit that will employ the person (or completes if it is that unit).
    "within_province": Machine(
        N_("transfer within the province"),
        "started",
        {
            ("started", "send"): "sent",
            ("sent", "receive"): "received",
            ("received", "forward"): "completed",
            ("received", "complete"): "completed",
            **_CANCEL,
        },
        frozenset({"completed", "cancelled"}),
    ),
    # Handed over from another province or a ministry: received, then completed here.
    "inbound": Machine(
        N_("inbound transfer"),
        "started",
        {("started", "receive"): "received", ("received", "complete"): "completed", **_CANCEL},
        frozenset({"completed", "cancelled"}),
    ),
    # From the Party bloc, mass organisations or systems that cannot sync: a new dossier is made.
    "inbound_unsyncable": Machine(
        N_("inbound transfer from a system that cannot sync"),
        "started",
        {("started", "create_dossier"): "completed", **_CANCEL},
        frozenset({"completed", "cancelled"}),
    ),
    # Commune to commune: the district committee hands the dossier over.
    "commune_to_commune": Machine(
        N_("commune-to-commune transfer"),
        "started",
        {("started", "send"): "sent", ("sent", "receive"): "completed", **_CANCEL},
        frozenset({"completed", "cancelled"}),
    ),
}

#: Accounts: đề nghị → hoạt động → khóa → thu hồi.
ACCOUNT = Machine(
    N_("account"),
    initial="requested",
    table={
        ("requested", "activate"): "active",
        ("active", "lock"): "locked",
        ("locked", "unlock"): "active",
        ("requested", "revoke"): "revoked",
        ("active", "revoke"): "revoked",
        ("locked", "revoke"): "revoked",
    },
    final=frozenset({"revoked"}),
)
