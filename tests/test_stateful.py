"""Long random runs of the services against a model written from the texts (Kon Tum).

Each step draws an act with arguments that may be valid or not. The model says whether the act
is legal; a legal act must succeed and move the model, an illegal one must raise a typed error
and change nothing (every table's digest and the audit log are compared). After every step:

- no dossier is lost (their number never decreases) and each person is in exactly one unit;
- every approved revision was approved by someone the text entitles (Điều 8.1: the head of a
  provincial body, the district chairman for the district and its communes, or their delegate
  on a delegation valid that day), as recorded by the model when it happened;
- an obligation is closed at most once (``done_on`` never changes once set);
- the audit chain verifies.

Every edit makes a new numbered revision (the editor's ``base_revision`` must be the current one);
an archived dossier refuses every change; an internal move stays inside one agency (a Sở and its
own sections, phòng); an inbound transfer from a system that cannot sync completes when the new
dossier is made.
"""

from __future__ import annotations

import shutil
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from conftest_db import World, audit_count, content, kontum_world, person, raw_engine, snapshot
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from cbccvc_core.db import schema as db
from cbccvc_core.errors import CbccvcError
from cbccvc_core.service import Workspace

START = date(2026, 1, 5)

# -- the model's own tables (from the texts and the issue, not imported from the library) -------------------

UNITS = {  # id: (parent, kind, active)
    "KT": (None, "province", True),
    "KT.SNV": ("KT", "department", True),
    "KT.SYT": ("KT", "department", True),
    "KT.SYT.P1": ("KT.SYT", "sub_department", True),
    "KT.SYT.P2": ("KT.SYT", "sub_department", True),
    "KT.SYT.BV": ("KT.SYT", "public_service_unit", True),
    "KT.SYT.TT": ("KT.SYT", "public_service_unit", True),
    "KT.DT": ("KT", "district", True),
    "KT.DT.X1": ("KT.DT", "commune", True),
    "KT.DT.X2": ("KT.DT", "commune", True),
    "KT.OLD": ("KT", "department", False),
}
UNIT_CHOICES = [*UNITS, "KT.NOPE"]


def path(unit: str) -> str:
    parent = UNITS[unit][0]
    return (path(parent) if parent else "/") + unit + "/"


ACCOUNTS = {  # username: (kind, unit, role)
    "admin": ("admin", "KT", "home_affairs_director"),
    "syt.unit": ("agency", "KT.SYT", None),
    "syt.head": ("agency", "KT.SYT", "unit_head"),
    "syt.deputy": ("agency", "KT.SYT", "deputy_head"),
    "bv.unit": ("agency", "KT.SYT.BV", None),
    "dt.unit": ("agency", "KT.DT", None),
    "dt.chair": ("agency", "KT.DT", "district_chairman"),
    "dt.vice": ("agency", "KT.DT", "district_vice_chairman"),
    "x1.unit": ("agency", "KT.DT.X1", None),
    "x1.head": ("agency", "KT.DT.X1", "unit_head"),
    "snv.head": ("agency", "KT.SNV", "unit_head"),
}
ACTORS = sorted(ACCOUNTS)
APPROVERS = ["syt.head", "syt.deputy", "dt.chair", "dt.vice", "x1.head", "snv.head", "bv.unit", "admin"]
DELEGATIONS_BY_THE_TEXT = [  # (delegator, delegate, unit) that Điều 8.1 allows
    ("syt.head", "syt.deputy", "KT.SYT"),
    ("syt.head", "syt.deputy", "KT.SYT.BV"),
    ("dt.chair", "dt.vice", "KT.DT"),
    ("dt.chair", "dt.vice", "KT.DT.X1"),
]


def build_world(url: str) -> World:
    world = kontum_world(url)
    world["admin"].issue_account(
        "snv.head", kind="agency", unit="KT.SNV", role="unit_head", on=date(2026, 1, 2)
    )
    return world


# Điều 8.1.a / 8.1.b / 3.7: who may hand approval to whom.
DELEGATES = {
    "unit_head": {"deputy_head", "personnel_office_head"},
    "district_chairman": {"district_vice_chairman"},
}
ACCOUNT_MOVES = {
    ("active", "lock"): "locked",
    ("locked", "unlock"): "active",
    ("active", "revoke"): "revoked",
    ("locked", "revoke"): "revoked",
}
TRANSFER_MOVES = {
    "internal_move": {("started", "move"): "completed"},
    "within_province": {
        ("started", "send"): "sent",
        ("sent", "receive"): "received",
        ("received", "forward"): "completed",
        ("received", "complete"): "completed",
    },
    "inbound": {("started", "receive"): "received", ("received", "complete"): "completed"},
    "inbound_unsyncable": {("started", "create_dossier"): "completed"},
    "commune_to_commune": {("started", "send"): "sent", ("sent", "receive"): "completed"},
}
for _table in TRANSFER_MOVES.values():
    _table.update({(s, "cancel"): "cancelled" for s in ("started", "sent", "received")})
EXIT_REASONS = ["retirement", "resignation", "dismissal", "death", "left_province", "party_bloc"]


def agency(unit: str) -> str:
    """A section (phòng, chi cục: sub_department) belongs to its parent's agency."""
    parent, kind, _active = UNITS[unit]
    return parent if kind == "sub_department" and parent else unit


def approver_role(dossier_path: str) -> str:
    """Điều 8.1: the district chairman for a district and the communes under it, else the head."""
    return (
        "district_chairman"
        if any(UNITS[u][1] == "district" for u in dossier_path.strip("/").split("/"))
        else "unit_head"
    )


@dataclass
class Dossier:
    person: Any
    unit: str
    recruited_on: date
    review: str = "entering"
    employment: str = "active"
    revision: int = 1
    submitted_on: date | None = None


@dataclass
class Transfer:
    dossier: int
    kind: str
    state: str
    from_unit: str
    via: str | None
    to: str
    effective_on: date


@dataclass
class Delegation:
    delegator: str
    delegate: str
    unit: str
    doc: str
    valid_from: date
    valid_to: date | None


@dataclass
class Model:
    account_state: dict[str, str] = field(default_factory=lambda: dict.fromkeys(ACCOUNTS, "active"))
    dossiers: dict[int, Dossier] = field(default_factory=dict)
    transfers: dict[int, Transfer] = field(default_factory=dict)
    delegations: dict[int, Delegation] = field(default_factory=dict)
    approvals: set[tuple[int, int, str, str]] = field(default_factory=set)
    """(dossier, revision, approver, authority) as they happened."""

    def active(self, username: str) -> bool:
        return self.account_state[username] == "active"

    def may_update(self, username: str, unit_path: str) -> bool:
        kind, unit, _role = ACCOUNTS[username]
        return self.active(username) and (kind == "admin" or unit_path.startswith(path(unit)))

    def own_right(self, username: str, unit_path: str) -> bool:
        _kind, unit, role = ACCOUNTS[username]
        return self.active(username) and unit_path.startswith(path(unit)) and role == approver_role(unit_path)

    def authorities(self, username: str, unit_path: str, day: date) -> set[str]:
        """Every authority under which ``username`` may approve a dossier at ``unit_path`` on ``day``."""
        if not self.active(username):
            return set()
        out = {"own"} if self.own_right(username, unit_path) else set()
        for i, dl in self.delegations.items():
            if (
                dl.delegate == username
                and dl.valid_from <= day
                and (dl.valid_to is None or day <= dl.valid_to)
                and unit_path.startswith(path(dl.unit))
                and self.own_right(dl.delegator, unit_path)
            ):
                out.add(f"delegated:{i} {dl.doc}")
        return out


days = st.integers(min_value=-5, max_value=90)
STATS: Counter[str] = Counter()
FIT = st.integers(min_value=0, max_value=7)  # 0: take the drawn arguments as they are


class Lifecycle(RuleBasedStateMachine):
    make_url: Any = None
    template: str | None = None

    def __init__(self) -> None:
        super().__init__()
        url = type(self).make_url()
        if type(self).template:  # SQLite: a copy of the world built once
            shutil.copy(type(self).template, url)
            shutil.copy2(type(self).template + ".keys", url + ".keys")  # its encryption keys
            self.world = World(Workspace.open(url), url)
        else:
            self.world = build_world(url)
        self.engine = raw_engine(url)
        self.model = Model()
        self.done: dict[int, date] = {}
        self.max_dossiers = 0
        self.max_audit = audit_count(self.engine)
        self.serial = 0

    # -- helpers
    def actor(self, username: str):
        return self.world[username]

    def pick(self, i: int, want=None) -> int:
        """A dossier id (99999, unknown, when ``i`` < 0); with ``want``, one satisfying it if any."""
        ids = sorted(self.model.dossiers)
        if want is not None:
            ids = [k for k in ids if want(self.model.dossiers[k])] or ids
        return ids[i % len(ids)] if ids and i >= 0 else 99_999

    def fitting(self, actor: str, fit: int, unit_path: str | None) -> str:
        """Most of the time, an account that may update ``unit_path`` instead of the drawn one."""
        if not fit or unit_path is None:
            return actor
        able = [a for a in ACTORS if self.model.may_update(a, unit_path)]
        return able[fit % len(able)] if able else actor

    def attempt(self, legal: bool, act, on_success=None):
        name = sys._getframe(1).f_code.co_name
        event(f"{name}: {'legal' if legal else 'illegal'}")
        STATS[f"{name} {'legal' if legal else 'illegal'}"] += 1
        # A legal act that is refused fails the test anyway: snapshot only before an illegal one.
        before, entries = (None if legal else snapshot(self.engine)), audit_count(self.engine)
        try:
            result = act()
        except CbccvcError as exc:
            assert not legal, f"a legal act was refused: {exc!r}"
            assert snapshot(self.engine) == before, f"refused, but the database changed: {exc!r}"
            assert audit_count(self.engine) == entries
            return
        assert legal, f"an illegal act succeeded (returned {result!r})"
        assert audit_count(self.engine) > entries, "a change with no audit entry"
        if on_success is not None:
            on_success(result)

    # -- rules
    @initialize()
    def first_dossiers(self):
        for unit, actor in (
            ("KT.SYT.BV", "bv.unit"),
            ("KT.SYT.P1", "syt.unit"),
            ("KT.DT.X1", "x1.unit"),
            ("KT.SNV", "admin"),
        ):
            self.recruit(unit, actor, -1, 30, 1, "cong_chuc", 0)

    @rule(
        unit=st.sampled_from(UNIT_CHOICES),
        actor=st.sampled_from(ACTORS),
        duplicate=st.integers(min_value=-4, max_value=6),
        decision=st.integers(min_value=0, max_value=200),
        delay=st.integers(min_value=-2, max_value=10),
        category=st.sampled_from(["cong_chuc", "vien_chuc", "commune_official", "can_bo"]),
        fit=FIT,
    )
    def recruit(self, unit, actor, duplicate, decision, delay, category, fit):
        m = self.model
        actor = self.fitting(actor, fit, path(unit) if unit in UNITS else None)
        if duplicate >= 0 and m.dossiers:
            pr = m.dossiers[self.pick(duplicate)].person
            new = False
        else:
            self.serial += 1
            pr, new = person(category, serial=900_000 + self.serial), True
        decision_on = START + timedelta(days=decision)
        on = decision_on + timedelta(days=delay)
        legal = new and delay >= 0 and unit in UNITS and UNITS[unit][2] and m.may_update(actor, path(unit))

        def done(did):
            assert did not in m.dossiers
            m.dossiers[did] = Dossier(pr, unit, decision_on)

        self.attempt(
            legal,
            lambda: self.actor(actor).recruit(
                pr, unit=unit, content=content(pr), decision_on=decision_on, on=on
            ),
            done,
        )

    @rule(
        i=st.integers(-1, 50),
        actor=st.sampled_from(ACTORS),
        base=st.sampled_from([0, 0, 0, -1, 1]),
        day=days,
        phone=st.integers(0, 999),
        fit=FIT,
    )
    def edit(self, i, actor, base, day, phone, fit):
        did = self.pick(
            i,
            (lambda d: d.employment in ("active", "transferring") and d.review != "submitted")
            if fit
            else None,
        )
        d = self.model.dossiers.get(did)
        actor = self.fitting(actor, fit, path(d.unit) if d else None)
        if d is None:
            self.attempt(
                False, lambda: self.actor(actor).edit(did, content(person()), on=START, base_revision=1)
            )
            return
        on = d.recruited_on + timedelta(days=day)
        legal = (
            d.employment not in ("exited", "archived")
            and d.review != "submitted"  # a submitted revision waits for the decision
            and base == 0
            and self.model.may_update(actor, path(d.unit))
            and on >= d.recruited_on
        )

        def done(number):
            d.revision += 1  # every edit is a new revision
            d.submitted_on = None
            if d.review == "approved":
                d.review = "entering"
            assert number == d.revision

        new = content(d.person, phone=f"0905{phone:06d}")
        self.attempt(
            legal, lambda: self.actor(actor).edit(did, new, on=on, base_revision=d.revision + base), done
        )

    @rule(i=st.integers(-1, 50), actor=st.sampled_from(ACTORS), day=days, fit=FIT)
    def submit(self, i, actor, day, fit):
        did = self.pick(i, (lambda d: d.review in ("entering", "returned")) if fit else None)
        d = self.model.dossiers.get(did)
        actor = self.fitting(actor, fit, path(d.unit) if d else None)
        on = (d.recruited_on if d else START) + timedelta(days=day)
        legal = (
            d is not None
            and d.employment != "archived"
            and d.review in ("entering", "returned")
            and self.model.may_update(actor, path(d.unit))
            and on >= d.recruited_on
        )

        def done(_):
            d.review, d.submitted_on = "submitted", on

        self.attempt(legal, lambda: self.actor(actor).submit(did, on=on), done)

    @rule(
        i=st.integers(-1, 50),
        approver=st.sampled_from(APPROVERS),
        day=days,
        give_back=st.sampled_from([False, False, True]),
        reason=st.sampled_from(["Thiếu văn bằng", "Thiếu văn bằng", " "]),
        fit=FIT,
    )
    def decide(self, i, approver, day, give_back, reason, fit):
        did = self.pick(i, (lambda d: d.review == "submitted") if fit else None)
        d = self.model.dossiers.get(did)
        if fit and d is not None and d.review != "submitted":  # nothing waits: submit it first
            self.submit(i, "admin", max(day, 0), fit)
            did = self.pick(i, lambda d: d.review == "submitted")
            d = self.model.dossiers.get(did)
        on = ((d.submitted_on or d.recruited_on) if d else START) + timedelta(days=day)
        if d is not None and fit:
            able = [a for a in APPROVERS if self.model.authorities(a, path(d.unit), on)]
            approver = able[fit % len(able)] if able else approver
        allowed = self.model.authorities(approver, path(d.unit), on) if d else set()
        legal = (
            d is not None
            and d.employment != "archived"
            and d.review == "submitted"
            and d.submitted_on is not None
            and on >= d.submitted_on
            and bool(allowed)
            and (not give_back or bool(reason.strip()))
        )
        if give_back:

            def returned(_):
                d.review = "returned"

            self.attempt(
                legal, lambda: self.actor(approver).return_for_correction(did, on=on, reason=reason), returned
            )
        else:

            def approved(authority):
                assert authority in allowed, (authority, allowed)
                d.review = "approved"
                self.model.approvals.add((did, d.revision, approver, authority))

            self.attempt(legal, lambda: self.actor(approver).approve(did, on=on), approved)

    @rule(
        delegator=st.sampled_from(["syt.head", "dt.chair", "x1.head", "bv.unit", "syt.deputy"]),
        delegate=st.sampled_from(["syt.deputy", "dt.vice", "x1.unit", "dt.chair"]),
        unit=st.sampled_from(["KT.SYT", "KT.SYT.BV", "KT.DT", "KT.DT.X1", "KT"]),
        start=st.integers(0, 200),
        length=st.one_of(st.none(), st.integers(-3, 60)),
        fit=FIT,
    )
    def delegate(self, delegator, delegate, unit, start, length, fit):
        m = self.model
        if fit:
            delegator, delegate, unit = DELEGATIONS_BY_THE_TEXT[fit % len(DELEGATIONS_BY_THE_TEXT)]
        valid_from = START + timedelta(days=start)
        valid_to = None if length is None else valid_from + timedelta(days=length)
        role, delegate_role = ACCOUNTS[delegator][2], ACCOUNTS[delegate][2]
        legal = (
            m.active(delegator)
            and (valid_to is None or valid_to >= valid_from)
            and m.own_right(delegator, path(unit))
            and delegate_role in DELEGATES.get(role or "", set())
        )
        doc = f"QĐ {start}/QĐ-UQ"

        def done(i):
            m.delegations[i] = Delegation(delegator, delegate, unit, doc, valid_from, valid_to)

        self.attempt(
            legal,
            lambda: self.actor(delegator).delegate(
                delegate, unit=unit, document_ref=doc, valid_from=valid_from, valid_to=valid_to
            ),
            done,
        )

    @rule(
        i=st.integers(-1, 50),
        actor=st.sampled_from(ACTORS),
        kind=st.sampled_from([*TRANSFER_MOVES, "within_province", "internal_move", "teleport"]),
        to=st.sampled_from(UNIT_CHOICES),
        via=st.sampled_from([None, None, "KT.DT", "KT.SYT", "KT.NOPE"]),
        day=days,
        fit=FIT,
    )
    def start_transfer(self, i, actor, kind, to, via, day, fit):
        did = self.pick(i, (lambda d: d.employment == "active") if fit else None)
        d = self.model.dossiers.get(did)
        actor = self.fitting(actor, fit, path(d.unit) if d else None)
        eff = (d.recruited_on if d else START) + timedelta(days=day)
        here = d.unit if d else None
        if fit and here is not None and kind == "internal_move":
            inside = [u for u in UNITS if u != here and agency(u) == agency(here)]
            to = inside[fit % len(inside)] if inside else to
        legal = (
            d is not None
            and kind in TRANSFER_MOVES
            and to in UNITS
            and UNITS[to][2]
            and (via is None or via in UNITS)
            and to != here
            and eff >= d.recruited_on
            and self.model.may_update(actor, path(here))
            and d.employment == "active"
            and (kind != "internal_move" or agency(to) == agency(here))
        )

        def done(tid):
            d.employment = "transferring"
            self.model.transfers[tid] = Transfer(did, kind, "started", here, via, to, eff)

        self.attempt(
            legal,
            lambda: self.actor(actor).start_transfer(
                did,
                kind=kind,
                to_unit=to,
                via_unit=via,
                effective_on=eff,
                decision_ref="QĐ 1/QĐ-UBND",
                on=eff,
            ),
            done,
        )

    @rule(
        i=st.integers(-1, 30),
        actor=st.sampled_from(ACTORS),
        step=st.sampled_from(["move", "send", "receive", "forward", "complete", "create_dossier", "cancel"]),
        day=st.integers(-2, 10),
        fit=FIT,
    )
    def transfer_step(self, i, actor, step, day, fit):
        tids = sorted(self.model.transfers)
        if fit:
            tids = [
                k for k in tids if self.model.transfers[k].state not in ("completed", "cancelled")
            ] or tids
        tid = tids[i % len(tids)] if tids and i >= 0 else 99_999
        t = self.model.transfers.get(tid)
        if t is not None and fit:
            steps = [a for (state, a) in TRANSFER_MOVES[t.kind] if state == t.state and a != "cancel"]
            step = steps[fit % len(steps)] if steps else step
        on = (t.effective_on if t else START) + timedelta(days=day)
        method = {"complete": "complete_transfer", "cancel": "cancel_transfer"}.get(step, step)
        if t is None:
            self.attempt(False, lambda: getattr(self.actor(actor), method)(tid, on=on))
            return
        d = self.model.dossiers[t.dossier]
        side = t.from_unit if step in ("send", "move", "cancel") else (t.via or t.to)
        actor = self.fitting(actor, fit, path(side))
        new_state = TRANSFER_MOVES[t.kind].get((t.state, step))
        legal = (
            new_state is not None
            and (on >= t.effective_on or step == "cancel")
            and self.model.may_update(actor, path(side))
        )

        def done(_):
            t.state = new_state
            if new_state == "completed":
                d.unit, d.employment = t.to, "active"
            elif new_state == "cancelled":
                d.employment = "active"

        self.attempt(legal, lambda: getattr(self.actor(actor), method)(tid, on=on), done)

    @rule(
        i=st.integers(-1, 50),
        actor=st.sampled_from(ACTORS),
        reason=st.sampled_from([*EXIT_REASONS, "vacation"]),
        eff=st.integers(-3, 120),
        delay=st.integers(-2, 20),
        fit=st.integers(0, 1),
    )
    def record_exit(self, i, actor, reason, eff, delay, fit):
        did = self.pick(i, (lambda d: d.employment == "active") if fit else None)
        d = self.model.dossiers.get(did)
        actor = self.fitting(actor, fit, path(d.unit) if d else None)
        effective_on = (d.recruited_on if d else START) + timedelta(days=eff)
        on = effective_on + timedelta(days=delay)
        legal = (
            d is not None
            and reason in EXIT_REASONS
            and effective_on >= d.recruited_on
            and on >= effective_on
            and self.model.may_update(actor, path(d.unit))
            and d.employment == "active"
        )

        def done(_):
            d.employment = "exited"

        self.attempt(
            legal,
            lambda: self.actor(actor).record_exit(did, reason=reason, effective_on=effective_on, on=on),
            done,
        )

    @rule(i=st.integers(-1, 50), actor=st.sampled_from(ACTORS), day=days, fit=FIT)
    def archive(self, i, actor, day, fit):
        did = self.pick(i, (lambda d: d.employment == "exited") if fit else None)
        d = self.model.dossiers.get(did)
        actor = self.fitting(actor, fit, path(d.unit) if d else None)
        on = (d.recruited_on if d else START) + timedelta(days=day)
        legal = d is not None and d.employment == "exited" and self.model.may_update(actor, path(d.unit))

        def done(_):
            d.employment = "archived"

        self.attempt(legal, lambda: self.actor(actor).archive(did, on=on), done)

    @rule(i=st.integers(-1, 60), actor=st.sampled_from(ACTORS), day=st.integers(-3, 60), fit=FIT)
    def complete_obligation(self, i, actor, day, fit):
        with self.engine.connect() as conn:
            obs = conn.execute(
                sa.select(
                    db.Obligation.id, db.Obligation.started_on, db.Obligation.done_on, db.Obligation.unit_path
                ).order_by(db.Obligation.id)
            ).all()
        if not obs or i < 0:
            self.attempt(False, lambda: self.actor(actor).complete_obligation(99_999, on=START))
            return
        if fit:
            obs = [o for o in obs if o.done_on is None] or obs
        ob = obs[i % len(obs)]
        on = ob.started_on + timedelta(days=day)
        actor = self.fitting(actor, fit, ob.unit_path)
        legal = ob.done_on is None and on >= ob.started_on and self.model.may_update(actor, ob.unit_path)
        self.attempt(legal, lambda: self.actor(actor).complete_obligation(ob.id, on=on))

    @rule(
        username=st.sampled_from([a for a in ACTORS if a != "admin"]),
        action=st.sampled_from(["lock", "unlock", "unlock", "unlock", "revoke"]),
    )
    def account_state(self, username, action):
        state = self.model.account_state[username]
        new = ACCOUNT_MOVES.get((state, action))

        def done(_):
            self.model.account_state[username] = new

        self.attempt(
            new is not None,
            lambda: self.actor("admin").set_account_state(username, action, on=START, reason="kiểm tra"),
            done,
        )

    # -- invariants
    @invariant()
    def no_dossier_lost_and_one_unit_each(self):
        with self.engine.connect() as conn:
            got = {
                r.id: r
                for r in conn.execute(
                    sa.select(
                        db.Dossier.id,
                        db.Dossier.person_id,
                        db.Dossier.unit_id,
                        db.Dossier.unit_path,
                        db.Dossier.review,
                        db.Dossier.employment,
                        db.Dossier.current_revision,
                    )
                )
            }
            people = conn.execute(sa.select(sa.func.count()).select_from(db.Person)).scalar_one()
            units = dict(conn.execute(sa.select(db.Unit.id, db.Unit.path)).all())
        assert len(got) >= self.max_dossiers
        self.max_dossiers = len(got)
        assert set(got) == set(self.model.dossiers)
        assert people == len(got) == len({r.person_id for r in got.values()})
        for did, r in got.items():
            d = self.model.dossiers[did]
            assert r.unit_id == d.unit and units[r.unit_id] == r.unit_path == path(d.unit), (did, r)
            assert (r.review, r.employment, r.current_revision) == (d.review, d.employment, d.revision), (
                did,
                r,
                d,
            )

    @invariant()
    def approvals_only_by_the_entitled(self):
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(
                    db.Revision.dossier_id, db.Revision.number, db.Account.username, db.Revision.authority
                )
                .join(db.Account, db.Account.id == db.Revision.decided_by)
                .where(db.Revision.state == "approved")
            ).all()
        assert {tuple(r) for r in rows} == self.model.approvals

    @invariant()
    def obligations_close_once(self):
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(db.Obligation.id, db.Obligation.done_on).where(db.Obligation.done_on.is_not(None))
            ).all()
        now = dict(rows)
        for oid, day in self.done.items():
            assert now.get(oid) == day, (oid, day, now.get(oid))
        self.done = now

    @invariant()
    def audit_chain_verifies(self):
        n = audit_count(self.engine)
        assert n >= self.max_audit
        self.max_audit = n
        result = self.world.ws.verify_audit()
        assert result.ok and result.entries == n, result

    def teardown(self):
        self.world.ws.engine.dispose()
        self.engine.dispose()


@pytest.mark.parametrize(("backend", "examples", "steps"), [("sqlite", 20, 40), ("postgresql", 6, 30)])
def test_random_runs_of_the_lifecycle(url_factory, backend, examples, steps, tmp_path: Path):
    Lifecycle.make_url = url_factory
    STATS.clear()
    Lifecycle.template = None
    if backend == "sqlite":
        template = url_factory()
        build_world(template).ws.engine.dispose()
        Lifecycle.template = template
    run_state_machine_as_test(
        Lifecycle,
        settings=settings(
            max_examples=examples,
            stateful_step_count=steps,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
    print(sorted(STATS.items()))
